"""The Office generates next year's partner duties from the page, by keyboard: the preview
says what will be created, the confirmation creates it once, the year's page sums up the
provinces and opens their list; on a phone the tables scroll inside their frame."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.partners.models import Obligation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "data" / "screenshots"


def test_the_office_generates_next_years_duties(live_server, page, make_user, sample_units):
    give_app(make_user(Role.TRACKER, username="vanphong1"))
    year = timezone.localdate().year + 1
    page.goto(f"{live_server.url}/phoi-hop/?nam={year}")
    sign_in(page, "vanphong1", TEST_PASSWORD)
    expect(page.locator("h1")).to_have_text(f"Phối hợp với Tổng LĐLĐ Việt Nam năm {year}")
    expect(page.get_by_text(f"Chưa tạo nhiệm vụ của năm {year}.")).to_be_visible()

    page.get_by_role("link", name=f"Tạo nhiệm vụ năm {year}").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sẽ tạo 274 nhiệm vụ; 0 nhiệm vụ đã có")).to_be_visible()
    assert not Obligation.objects.exists()
    page.get_by_role("button", name=f"Tạo 274 nhiệm vụ năm {year}").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text(f"Năm {year}: đã tạo 274 nhiệm vụ")).to_be_visible()
    assert Obligation.objects.filter(year=year).count() == 274
    row = page.locator("table.obligations tr", has_text=f"Họp định kỳ 6 tháng đầu năm {year}")
    meetings = row.get_by_role("link")
    expect(meetings).to_have_text("34 tỉnh: 0 xong, 34 đang làm")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # the table scrolls in its frame, not the page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "partner-duties-phone.png"))
    meetings.focus()
    page.keyboard.press("Enter")
    expect(page.locator("main table tbody tr")).to_have_count(34)
    expect(page.locator("main")).to_contain_text("BHXH Hà Nội")

    page.go_back()
    page.go_back()  # the preview again: nothing more to create
    page.reload()
    expect(page.get_by_text("Sẽ tạo 0 nhiệm vụ; 274 nhiệm vụ đã có")).to_be_visible()
    expect(page.get_by_text(f"Mọi nhiệm vụ của năm {year} đã được tạo.")).to_be_visible()
    assert Obligation.objects.count() == 274
