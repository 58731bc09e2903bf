from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template import loader

from theodoi.accounts import services
from theodoi.accounts.models import Role, User
from theodoi.api.tokens import DEFAULT_DAYS, MAX_DAYS
from theodoi.core.forms import TextForm
from theodoi.organisation.models import Unit

PASSWORD_HELP = "Ít nhất 10 ký tự, không quá đơn giản, không chứa tên đăng nhập hay họ tên."


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
        help_text=PASSWORD_HELP,
    )


class PasswordForm(TextForm):
    password = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput)


class NewPasswordForm(TextForm):
    """A new password typed twice; the rules are the service's (accounts.validators)."""

    password = forms.CharField(
        label="Mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
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


class CurrentPasswordForm(TextForm):
    current_password = forms.CharField(
        label="Mật khẩu hiện tại",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(CurrentPasswordForm, NewPasswordForm):
    field_order = ["current_password", "password", "password_again"]


class ForgotPasswordForm(TextForm, PasswordResetForm):
    email = forms.EmailField(
        label="Thư điện tử của bạn",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Django's form would talk to the mail server here, during the request and only for
        an address that has an account; the outbox sends it after the answer instead, within
        the per-person limit (`services.password_reset_mail`)."""
        services.password_reset_mail(
            user=context["user"],
            to=to_email,
            subject=loader.render_to_string(subject_template_name, context),
            body=loader.render_to_string(email_template_name, context),
        )


class ResetPasswordForm(TextForm, SetPasswordForm):
    """The new password, typed twice, on the page a reset link opens (Django's form, whose
    check runs the same rules as the service; our words)."""

    error_messages = {"password_mismatch": "Hai lần nhập mật khẩu mới không giống nhau."}

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        first, again = self.fields["new_password1"], self.fields["new_password2"]
        first.label, first.help_text = "Mật khẩu mới", PASSWORD_HELP
        again.label, again.help_text = "Nhập lại mật khẩu mới", ""


class CodeForm(TextForm):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=32,
        help_text="Mã 6 số đang hiện trên ứng dụng xác thực, hoặc một mã dự phòng.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": "Hãy nhập mã xác thực."},
    )


class EnrolForm(TextForm):
    code = forms.CharField(
        label="Mã 6 số trên ứng dụng",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Hãy nhập mã 6 số ứng dụng đang hiện."},
    )


class ProfileEnrolForm(CurrentPasswordForm, EnrolForm):
    field_order = ["current_password", "code"]


class ResetSecondFactorForm(TextForm):
    reason = forms.CharField(
        label="Lý do gỡ",
        max_length=500,
        help_text="Ví dụ: mất điện thoại, đổi máy không chuyển được ứng dụng.",
        error_messages={"required": "Hãy ghi lý do gỡ xác thực hai bước."},
    )


DAYS_REFUSED = f"Thời hạn của khóa phải là số ngày từ 1 đến {MAX_DAYS}."


class ApiTokenForm(TextForm):
    """A new API token of one's own: its name and how many days it works (`tokens.token_create`
    checks both again)."""

    name = forms.CharField(
        label="Tên khóa",
        max_length=80,
        help_text="Để nhận ra khóa dùng vào việc gì, ví dụ: «Văn thư điện tử».",
        error_messages={
            "required": "Hãy đặt tên cho khóa (ví dụ: «Văn thư điện tử»).",
            "max_length": "Tên khóa dài quá 80 ký tự.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    days = forms.IntegerField(
        label="Dùng được trong (ngày)",
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"Từ 1 đến {MAX_DAYS} ngày, tính từ hôm nay. Hết hạn thì tạo khóa mới.",
        error_messages={
            "required": DAYS_REFUSED,
            "invalid": DAYS_REFUSED,
            "min_value": DAYS_REFUSED,
            "max_value": DAYS_REFUSED,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
