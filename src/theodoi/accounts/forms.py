from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from theodoi.accounts.models import Role
from theodoi.core.forms import TextForm
from theodoi.organisation.models import Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }


class UserForm(TextForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    position = forms.CharField(label="Chức vụ", max_length=150, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.all())
    roles = forms.MultipleChoiceField(
        label="Vai trò", choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label="Lý do thay đổi", required=False, max_length=500)


class NewUserForm(UserForm):
    password = forms.CharField(
        label="Mật khẩu",
        widget=forms.PasswordInput,
        help_text="Ít nhất 10 ký tự, không quá đơn giản, không chứa tên đăng nhập hay họ tên.",
    )


class PasswordForm(TextForm):
    password = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput)


class NewPasswordForm(forms.Form):
    """A new password typed twice; the rules are the service's (accounts.validators)."""

    password = forms.CharField(
        label="Mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Ít nhất 10 ký tự, không quá đơn giản, không chứa tên đăng nhập hay họ tên.",
    )
    password_again = forms.CharField(
        label="Nhập lại mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "Hai lần nhập mật khẩu mới không giống nhau.")
        return data


class CurrentPasswordForm(forms.Form):
    current_password = forms.CharField(
        label="Mật khẩu hiện tại",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(CurrentPasswordForm, NewPasswordForm):
    field_order = ["current_password", "password", "password_again"]
