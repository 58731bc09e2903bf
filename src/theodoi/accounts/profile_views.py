"""The person's own account: the profile page, their password and their second factor."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from theodoi.accounts import recheck, second_factor, services
from theodoi.accounts.forms import CurrentPasswordForm, PasswordChangeForm, ProfileEnrolForm
from theodoi.accounts.token_views import forget_new_token
from theodoi.api.selectors import token_rows
from theodoi.core.access import Action, require
from theodoi.core.forms import form_page
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form

CODES_KEY = "theodoi_recovery_codes"


def show_recovery_codes(request: HttpRequest, codes: list[str], then: str) -> None:
    """Keep new recovery codes in the session for the one page view that shows them."""
    request.session[CODES_KEY] = {"codes": codes, "then": then}


def profile(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    person = request.user
    forget_new_token(request)  # a new token not shown by now is never shown
    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            "second_factor": second_factor.has_app(person),
            "required": second_factor.is_required(person),
            "codes_left": second_factor.recovery_codes_left(person),
            "tokens": token_rows(person),
        },
    )


@recheck.counted
def password_change_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = recheck.submit(
            request,
            form,
            lambda: services.password_change(
                user=request.user,
                current_password=data["current_password"],
                password=data["password"],
            ),
        )
        if changed is not None:
            update_session_auth_hash(request, changed)  # this session stays signed in
            messages.success(request, "Đã đổi mật khẩu.")
            return redirect("profile:home")
    return form_page(request, form, "Đổi mật khẩu", reverse("profile:home"))


@recheck.counted
@once_per_form
def enrol_view(request: AuthedRequest) -> HttpResponse:
    """Turn on the second factor, or move it to a new phone (the old app works until the new
    one is confirmed)."""
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    person = request.user
    device = second_factor.enrolment_device(person)
    form = ProfileEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        codes = recheck.submit(
            request,
            form,
            lambda: second_factor.enrolment_confirm(
                actor=person,
                user=person,
                code=data["code"],
                current_password=data["current_password"],
            ),
        )
        if codes is not None:
            messages.success(request, "Đã bật xác thực hai bước.")
            show_recovery_codes(request, codes, reverse("profile:home"))
            return redirect("profile:recovery_codes")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "person": person,
            "replacing": second_factor.has_app(person),
            "picture": second_factor.secret_picture(device),
            "secret": second_factor.secret_text(device),
        },
    )


@recheck.counted
@once_per_form
def recovery_codes_view(request: AuthedRequest) -> HttpResponse:
    """New recovery codes, shown once (taken out of the session as they are shown); and the
    form that makes a new set."""
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    person = request.user
    form = CurrentPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["current_password"]
        codes = recheck.submit(
            request,
            form,
            lambda: second_factor.recovery_codes_renew(user=person, current_password=password),
        )
        if codes is not None:
            show_recovery_codes(request, codes, reverse("profile:home"))
            return redirect("profile:recovery_codes")
    shown = request.session.pop(CODES_KEY, None) if request.method == "GET" else None
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "form": form,
            "codes": shown["codes"] if shown else [],
            "then": shown["then"] if shown else reverse("profile:home"),
            "second_factor": second_factor.has_app(person),
            "codes_left": second_factor.recovery_codes_left(person),
        },
    )


@recheck.counted
def turn_off_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    form = CurrentPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["current_password"]
        done = recheck.submit(
            request,
            form,
            lambda: second_factor.second_factor_turn_off(
                user=request.user, current_password=password
            ),
        )
        if done is not None:
            messages.success(request, "Đã tắt xác thực hai bước.")
            return redirect("profile:home")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": "Tắt xác thực hai bước",
            "intro": "Sau khi tắt, đăng nhập chỉ cần mật khẩu; ứng dụng xác thực và các mã dự "
            "phòng hiện có hết hiệu lực.",
            "submit_label": "Tắt xác thực hai bước",
            "cancel_url": reverse("profile:home"),
        },
    )
