"""Signing in through the sign-in page, as a person does."""


def sign_in(page, username: str, password: str) -> None:
    """Fill the sign-in form shown on `page` and send it."""
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_label("Mật khẩu").press("Enter")
