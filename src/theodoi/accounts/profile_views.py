"""The person's own account: the profile page and their password."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from theodoi.accounts import services
from theodoi.accounts.forms import PasswordChangeForm
from theodoi.core.access import Action, require
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest


def profile(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    return render(request, "accounts/profile.html", {"person": request.user})


def password_change_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_OWN_ACCOUNT)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = submit(
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
