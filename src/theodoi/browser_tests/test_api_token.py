"""On a phone, by keyboard, a person makes an API token on their profile page: the whole token
shows once, in a field as wide as the screen with a button that copies it; it works against the
API; the page reloaded shows it no more; revoked, it stops working."""

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.browser_tests.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
ME = "/api/v1/me/"


def test_a_person_makes_a_token_on_a_phone_and_copies_it(live_server, page, make_user) -> None:
    make_user(Role.UNIT_STAFF, username="vanthu", full_name="Lê Thị Văn")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tai-khoan/")
    sign_in(page, "vanthu", TEST_PASSWORD)
    page.wait_for_url("**/tai-khoan/")
    expect(page.get_by_role("heading", name="Khóa API")).to_be_visible()

    page.get_by_role("link", name="Tạo khóa API").click()
    name = page.get_by_label("Tên khóa")
    name.focus()
    page.keyboard.type("Văn thư điện tử")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Dùng được trong (ngày)")).to_be_focused()
    expect(page.get_by_label("Dùng được trong (ngày)")).to_have_value("90")
    page.keyboard.press("Enter")  # sends the form

    page.wait_for_url("**/tai-khoan/khoa-api/*/")
    expect(page.get_by_text("Hãy chép khóa này ngay bây giờ.")).to_be_visible()
    field = page.get_by_label("Khóa API", exact=True)
    secret = field.input_value()
    assert secret.startswith("td_") and len(secret) > 40
    box = field.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    copy = page.get_by_role("button", name="Chép khóa")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Đã chép khóa vào bộ nhớ tạm.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret

    bearer = {"Authorization": f"Bearer {secret}"}
    answer = page.request.get(f"{live_server.url}{ME}", headers=bearer)
    assert answer.status == 200 and answer.json()["token"] == "Văn thư điện tử"

    page.reload()
    expect(page.get_by_text("không xem lại được")).to_be_visible()
    assert secret not in page.content()
    page.get_by_role("link", name="Quay lại trang tài khoản").click()
    rows = page.locator("table.tokens tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Văn thư điện tử")
    expect(rows.first).to_contain_text(secret[:10] + "…")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    rows.first.get_by_role("link", name="Thu hồi").click()
    page.get_by_role("button", name="Thu hồi khóa").click()
    expect(page.get_by_text("Đã thu hồi khóa «Văn thư điện tử»")).to_be_visible()
    assert page.request.get(f"{live_server.url}{ME}", headers=bearer).status == 401
