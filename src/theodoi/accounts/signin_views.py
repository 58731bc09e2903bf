"""Signing in, and a forgotten password reset through a link sent by mail."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpResponse, HttpResponseRedirect

from theodoi.accounts import services
from theodoi.accounts.forms import ForgotPasswordForm, LoginForm, ResetPasswordForm
from theodoi.core.forms import submit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
