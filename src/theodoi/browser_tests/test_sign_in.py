"""A leader's first sign-in: the password, then setting up the second factor from the QR
code's secret (the code an app would show is computed here), the recovery codes once; then
signing out and in again with a code. Under the Content-Security-Policy, with no violation."""

import re
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, code_at
from theodoi.browser_tests.signing import sign_in
from theodoi.browser_tests.test_content_policy import LISTEN, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "data" / "screenshots"


def test_a_leader_sets_up_the_second_factor_then_signs_in_with_a_code(
    live_server, page, make_user
) -> None:
    make_user(Role.LEADER, username="lanhdao9", full_name="Nguyễn Thị Lan")
    page.add_init_script(LISTEN)
    page.goto(f"{live_server.url}/")
    sign_in(page, "lanhdao9", TEST_PASSWORD)

    page.wait_for_url("**/dang-nhap/cai-dat-xac-thuc/")
    expect(page.locator("figure.qr svg")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "second-factor-set-up.png"), full_page=True)
    secret = page.locator("#secret").inner_text()
    key = b32decode(secret.replace(" ", "")).hex()  # what the app stores when it is typed
    box = page.get_by_label("Mã 6 số trên ứng dụng")
    box.fill(code_at(key, TOTP(b"").t()))
    box.press("Enter")

    page.wait_for_url("**/tai-khoan/ma-du-phong/")
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="Tôi đã cất các mã, tiếp tục").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")
    sign_in(page, "lanhdao9", TEST_PASSWORD)  # the code, from the key the app holds
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    assert violations(page) == []
