from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from theodoi.accounts import services
from theodoi.accounts.forms import NewUserForm, PasswordForm, UserForm
from theodoi.accounts.models import User
from theodoi.core.access import Action, can, require
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest

PROFILE_FIELDS = ["full_name", "position", "email", "unit", "is_active"]


def user_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_USERS)
    users = (
        User.objects.select_related("unit")
        .prefetch_related("role_grants")
        .order_by("unit__name", "username")
    )
    rows = [(u, [g.get_role_display() for g in u.role_grants.all()]) for u in users]
    return render(
        request,
        "accounts/list.html",
        {"rows": rows, "can_manage": can(request.user, Action.MANAGE_USERS)},
    )


def _page(request: AuthedRequest, form: Form, title: str) -> HttpResponse:
    return form_page(request, form, title, reverse("accounts:list"))


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
