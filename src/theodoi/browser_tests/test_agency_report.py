"""The Office opens the agency's report of a quarter on a phone: the tables scroll inside their
frame, the page itself never wider than the screen; it changes the closing words and issues
the report with a number, and the issued version is listed to download."""

from pathlib import Path

import pytest

from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.reports.models import AgencyReport
from theodoi.reports.tests import agency_world as agency
from theodoi.tasks.tests.conftest import world as world_fixture

# the fixtures: the quarter of work and the overdue task with its extension and difficulty
world, heads, quarter, late_task = world_fixture, agency.heads, agency.quarter, agency.late_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "data" / "screenshots"
PHONE = {"width": 390, "height": 844}


def test_the_office_reads_edits_and_issues_the_report_on_a_phone(
    live_server, page, world, late_task, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    world.office.set_password(TEST_PASSWORD)
    world.office.save()
    give_app(world.office)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/bao-cao/co-quan/")
    sign_in(page, world.office.username, TEST_PASSWORD)
    page.wait_for_url("**/bao-cao/co-quan/")
    page.get_by_label("Kỳ báo cáo (đã kết thúc)").select_option("2026-Q2")
    page.get_by_role("button", name="Xem báo cáo").click()
    page.wait_for_url("**/bao-cao/co-quan/2026-Q2/")
    main = page.locator("main").inner_text()
    assert "Thiếu số liệu của các tỉnh để tổng hợp" in main and "Tổng cộng" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "agency-report-phone.png"))
    page.get_by_role("heading", name="III. Nhiệm vụ quá hạn").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "agency-report-phone-overdue.png"))

    page.get_by_label("V. Kiến nghị, đề xuất").fill(
        "Đề nghị Ban Pháp chế hoàn thành trong tháng 7./."
    )
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url("**/bao-cao/co-quan/2026-Q2/")
    assert (
        "Đề nghị Ban Pháp chế hoàn thành trong tháng 7./." in page.locator("article").inner_text()
    )
    page.get_by_label("Số văn bản").fill("5")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    page.wait_for_url("**/bao-cao/co-quan/2026-Q2/")
    assert "Tải Word lần 1" in page.locator("main").inner_text()
    issued = AgencyReport.objects.get(version=1)
    assert issued.number == "5" and issued.closing.startswith("Đề nghị Ban Pháp chế")
