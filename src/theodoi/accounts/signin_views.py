"""Signing in (the password, then the second factor or its set-up: accounts/signin.py), and a
forgotten password reset through a link sent by mail."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

from theodoi.accounts import second_factor, services, signin
from theodoi.accounts.forms import (
    CodeForm,
    EnrolForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
from theodoi.accounts.models import User
from theodoi.accounts.profile_views import show_recovery_codes
from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import apply_service_errors, submit

AGAIN = "Phiên đăng nhập đã hết hạn hoặc chưa bắt đầu: hãy nhập lại tên đăng nhập và mật khẩu."


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        assert isinstance(user, User)
        step = second_factor.step_after_password(user)
        if step == second_factor.SIGNED_IN:
            return super().form_valid(form)
        username = form.cleaned_data["username"]
        signin.hold(self.request, user, username, self.get_success_url())
        return redirect("signin_code" if step == second_factor.ASK_CODE else "signin_enrol")


@login_not_required
def code_view(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app, or a recovery code."""
    held = signin.held(request)
    if held is None or not second_factor.has_app(held.user):
        messages.info(request, AGAIN)
        return redirect("login")
    form = CodeForm(request.POST or None)
    # a locked account: AxesMiddleware answers with the lock-out page instead
    if request.method == "POST" and form.is_valid() and not signin.is_locked(request, held):
        try:
            verified = second_factor.code_verify(user=held.user, code=form.cleaned_data["code"])
        except ValidationFailed as exc:
            apply_service_errors(form, exc)
            signin.report_failure(request, held)
        else:
            signin.finish(request, held, verified.device)
            if verified.recovery_codes_left is not None:
                messages.warning(
                    request,
                    f"Bạn vừa dùng một mã dự phòng; còn {verified.recovery_codes_left} mã. "
                    "Có thể lấy bộ mã mới ở trang Tài khoản.",
                )
            return redirect(held.next_url)
    return render(request, "accounts/signin_code.html", {"form": form, "person": held.user})


@login_not_required
def enrol_view(request: HttpRequest) -> HttpResponse:
    """After the password, for a person whose roles require a second factor and who has none:
    set it up now, or sign in no further."""
    held = signin.held(request)
    if held is None or second_factor.step_after_password(held.user) != second_factor.ENROL:
        messages.info(request, AGAIN)
        return redirect("login")
    device = second_factor.enrolment_device(held.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = submit(
            form,
            lambda: second_factor.enrolment_confirm(
                actor=held.user, user=held.user, code=form.cleaned_data["code"]
            ),
        )
        if codes is not None:
            signin.finish(request, held, device)
            show_recovery_codes(request, codes, held.next_url)
            return redirect("profile:recovery_codes")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "person": held.user,
            "at_sign_in": True,
            "picture": second_factor.secret_picture(device),
            "secret": second_factor.secret_text(device),
        },
    )


class ForgotPasswordView(auth_views.PasswordResetView):
    template_name = "accounts/password_forgot.html"
    form_class = ForgotPasswordForm
    subject_template_name = "accounts/password_reset_subject.txt"
    email_template_name = "accounts/password_reset_email.txt"

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]  # read per mail
        return {
            "base_url": settings.THEODOI_BASE_URL.rstrip("/"),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }


class ForgotPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_forgot_sent.html"


class ResetPasswordView(auth_views.PasswordResetConfirmView):
    """The page a mailed link opens. Nobody is signed in by it (`post_reset_login` stays off):
    the next sign-in asks for the password, the lock-out and the second factor as always."""

    template_name = "accounts/password_reset.html"
    form_class = ResetPasswordForm

    def form_valid(self, form: ResetPasswordForm) -> HttpResponse:  # type: ignore[override]
        changed = submit(
            form,
            lambda: services.password_reset(
                user=form.user, password=form.cleaned_data["new_password1"]
            ),
        )
        if changed is None:
            return self.form_invalid(form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class ResetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"
