"""A unit head opens the dashboard and reads, in "Báo cáo định kỳ", that their unit's quarterly
report was sent late and the monthly one is not due yet; the Office sees every unit's, opens
the late ones from the panel and, on a phone, reads the round's page and the unit's list with
no sideways scrolling."""

from datetime import date

import pytest
from playwright.sync_api import expect

from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit
from theodoi.reports.tests.timely_factories import local, report_type, request_for, round_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_a_unit_head_reads_their_reports_on_the_dashboard(live_server, page) -> None:
    copy_demo(PASSWORD)
    vp, cntt, tst = (Unit.objects.get(code=c) for c in ("VP", "CNTT", "TST"))
    quarterly = report_type(vp, code="thu-nghiem-quy")
    q2 = round_of(vp, date(2026, 6, 18), kind=quarterly, period="2026-Q2")
    request_for(q2, cntt, local(date(2026, 6, 19), 0, 1))
    request_for(q2, tst)
    monthly = report_type(vp, code="thu-nghiem-thang", frequency="month")
    request_for(round_of(vp, date(2026, 7, 5), kind=monthly, period="2026-06"), cntt)

    page.goto(f"{live_server.url}/tong-quan/?ngay=25/06/2026")
    sign_in(page, "cntt.truongban", PASSWORD)
    page.get_by_role("heading", name="Báo cáo định kỳ").wait_for()
    quarter = page.get_by_role("row", name="Báo cáo thu-nghiem-quy 2026-Q2")
    expect(quarter.get_by_role("link", name="1 nộp muộn")).to_be_visible()
    expect(quarter.get_by_role("link", name="0 quá hạn chưa nộp")).to_be_visible()  # TST's
    month = page.get_by_role("row", name="Báo cáo thu-nghiem-thang 2026-06")
    expect(month.get_by_role("link", name="1 chưa đến hạn, chưa nộp")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tong-quan/?ngay=25/06/2026")
    sign_in(page, "vanphong", PASSWORD)
    quarter = page.get_by_role("row", name="Báo cáo thu-nghiem-quy 2026-Q2")
    expect(quarter.get_by_role("link", name="1 quá hạn chưa nộp")).to_be_visible()
    expect(quarter.get_by_role("link", name="1 nộp muộn")).to_be_visible()

    page.set_viewport_size(PHONE)
    quarter.get_by_role("link", name="1 nộp muộn").click()
    page.get_by_text("1 đơn vị; tình trạng tính đến ngày 25/06/2026").wait_for()
    table = page.locator("table.round-units")
    expect(table.get_by_role("link", name=cntt.short_name or cntt.name)).to_be_visible()
    fits(page)
    every = page.get_by_role("navigation", name="Lọc theo tình trạng").get_by_role(
        "link", name="Tất cả"
    )
    every.focus()
    page.keyboard.press("Enter")  # the states are links: the keyboard filters too
    page.get_by_text("2 đơn vị; tình trạng tính đến ngày 25/06/2026").wait_for()
    fits(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/bao-cao/")
    sign_in(page, "cntt.truongban", PASSWORD)
    page.get_by_role("heading", name="Báo cáo của đơn vị").wait_for()
    expect(page.get_by_role("link", name="Báo cáo thu-nghiem-quy 2026-Q2")).to_be_visible()
    fits(page)
