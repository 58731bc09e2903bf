"""A demo user signs in and reads the unit tree, with the 2025 provincial merger's history."""

from pathlib import Path

import pytest

from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "data" / "screenshots"


def test_demo_user_sees_merged_provinces_history(live_server, page) -> None:
    copy_demo(PASSWORD)
    page.goto(f"{live_server.url}/don-vi/")
    assert "/dang-nhap/" in page.url
    sign_in(page, "hanoi.giamdoc", PASSWORD)
    page.wait_for_url("**/don-vi/")

    haiphong = page.locator('li[data-unit="HAIPHONG"] > details > summary')
    assert "tiền thân: BHXH Hải Dương (đến 30/06/2025)" in haiphong.inner_text()
    assert page.locator('li[data-unit="HAIDUONG"]').count() == 0

    # Keyboard only: type an earlier date and press Enter; htmx swaps the tree in place.
    date_box = page.get_by_label("Xem theo ngày (dd/mm/yyyy)")
    date_box.fill("30/06/2025")
    date_box.press("Enter")
    page.locator("#tree-caption", has_text="30/06/2025").wait_for()
    haiduong = page.locator('li[data-unit="HAIDUONG"]')
    assert "từ 01/07/2025 thuộc: BHXH Hải Phòng" in haiduong.inner_text()
    assert "ngay=30%2F06%2F2025" in page.url or "ngay=30/06/2025" in page.url

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "unit-tree-phone.png"))
    page.locator('li[data-unit="HAIPHONG"] a').first.click()
    assert "Bảo hiểm xã hội tỉnh Hải Dương" in page.locator("main").inner_text()
