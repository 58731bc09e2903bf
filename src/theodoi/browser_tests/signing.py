"""Signing in through the sign-in page as a person does: the password, then (for a person with
a second factor) the code their authenticator app would show, computed here from the device's
key with django-otp's own TOTP (accounts/tests/factories.py)."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from theodoi.accounts.tests.factories import next_code


def sign_in(page, username: str, password: str) -> None:
    """Fill the sign-in form shown on `page`, then the code page if the person has an app."""
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_label("Mật khẩu").press("Enter")
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        code = page.get_by_label("Mã xác thực")
        code.fill(next_code(device))
        code.press("Enter")
