from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from theodoi.accounts import second_factor, services
from theodoi.accounts.forms import NewUserForm, PasswordForm, ResetSecondFactorForm, UserForm
from theodoi.accounts.models import User
from theodoi.accounts.selectors import user_rows
from theodoi.core.access import Action, can, require
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form

PROFILE_FIELDS = ["full_name", "position", "email", "unit", "is_active"]


def user_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_USERS)
    return render(
        request,
        "accounts/list.html",
        {
            "rows": user_rows(),
            "can_manage": can(request.user, Action.MANAGE_USERS),
            "can_reset": can(request.user, Action.RESET_SECOND_FACTOR),
        },
    )


def _page(request: AuthedRequest, form: Form, title: str) -> HttpResponse:
    return form_page(request, form, title, reverse("accounts:list"))


@once_per_form
def user_create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_USERS)
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = submit(
            form,
            lambda: services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                roles=data["roles"],
                **{k: data[k] for k in PROFILE_FIELDS},
            ),
        )
        if user is not None:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("accounts:list")
    return _page(request, form, "Thêm người dùng")


def user_edit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_USERS)
    user = get_object_or_404(User, pk=pk)
    initial = {k: getattr(user, k) for k in ["username", *PROFILE_FIELDS]} | {
        "roles": list(user.role_grants.values_list("role", flat=True)),
        "version": user.version,
    }
    form = UserForm(request.POST or None, initial=initial)
    form.fields["username"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            lambda: services.user_update(
                actor=request.user,
                user=user,
                expected_version=data["version"] or 0,
                roles=data["roles"],
                reason=data["reason"],
                **{k: data[k] for k in PROFILE_FIELDS},
            ),
        )
        if saved is not None:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("accounts:list")
    return _page(request, form, f"Sửa người dùng: {user.username}")


def user_password_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_USERS)
    user = get_object_or_404(User, pk=pk)
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = submit(
            form,
            lambda: services.user_set_password(
                actor=request.user, user=user, password=form.cleaned_data["password"]
            ),
        )
        if changed is not None:
            messages.success(request, f"Đã đặt mật khẩu mới cho {user.username}.")
            return redirect("accounts:list")
    return _page(request, form, f"Đặt mật khẩu: {user.username}")


def user_second_factor_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """An administrator removes a person's second factor (e.g. a lost phone), with a reason."""
    require(request.user, Action.RESET_SECOND_FACTOR)
    user = get_object_or_404(User, pk=pk)
    form = ResetSecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = submit(
            form,
            lambda: second_factor.second_factor_reset(actor=request.user, user=user, reason=reason),
        )
        if done is not None:
            messages.success(request, f"Đã gỡ xác thực hai bước của {user.username}.")
            return redirect("accounts:list")
    return render(
        request,
        "accounts/second_factor_reset.html",
        {
            "form": form,
            "person": user,
            "enabled": second_factor.has_app(user),
            "required": second_factor.is_required(user),
            "codes_left": second_factor.recovery_codes_left(user),
        },
    )
