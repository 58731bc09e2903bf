"""The partner agreement end to end in a real browser, without script-only controls: the
Office generates next year's duties (preview, then confirm), records a provincial meeting with
its participants and minutes, registers the notice, adds a conclusion and turns it into a
task; then the partner's user signs in, lands on the joint work and reads the follow-up."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.partners.models import Conclusion, Meeting, Obligation
from theodoi.partners.tests.meeting_world import PDF, federation
from theodoi.tasks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "data" / "screenshots"


def test_a_provincial_meeting_becomes_a_task_the_partner_sees(
    live_server, browser, page, make_user, sample_units, tmp_path
):
    federation(sample_units)  # LĐLĐ Nghệ An, below TLD
    give_app(make_user(Role.TRACKER, username="vanphong1"))
    give_app(make_user(Role.LEADER, unit="LD", username="lanhdao1", full_name="Nguyễn Thị Lan"))
    make_user(Role.PARTNER, unit="TLD", username="congdoan1")
    year = timezone.localdate().year + 1

    # the Office generates next year's duties: the preview, then the confirmation
    page.goto(f"{live_server.url}/phoi-hop/?nam={year}")
    sign_in(page, "vanphong1", TEST_PASSWORD)
    page.get_by_role("link", name=f"Tạo nhiệm vụ năm {year}").click()
    expect(page.get_by_text("Sẽ tạo 274 nhiệm vụ; 0 nhiệm vụ đã có")).to_be_visible()
    page.get_by_role("button", name=f"Tạo 274 nhiệm vụ năm {year}").click()
    expect(page.get_by_text(f"Năm {year}: đã tạo 274 nhiệm vụ")).to_be_visible()
    assert Obligation.objects.filter(year=year).count() == 274

    # a provincial meeting, recorded by keyboard where a person would type
    page.get_by_role("link", name="Họp phối hợp", exact=True).click()
    page.get_by_role("link", name="Ghi cuộc họp").click()
    page.get_by_label("Loại cuộc họp").select_option(label="Họp định kỳ 6 tháng cấp tỉnh")
    page.get_by_label("Ngày họp").fill("26/06/2026")
    page.get_by_label("Đơn vị của BHXH Việt Nam").select_option(label="BHXH Nghệ An")
    page.get_by_label("Đơn vị của đối tác").select_option(label="LĐLĐ Nghệ An")
    page.get_by_label("Họ và tên (người thứ 1)").fill("Nguyễn Văn Hùng")
    page.get_by_label("Chức vụ, đơn vị (người thứ 1)").fill("Giám đốc BHXH tỉnh")
    page.get_by_label("Họ và tên (người thứ 5)").fill("Trần Thị Mai")
    page.get_by_label("Chức vụ, đơn vị (người thứ 5)").fill("Chủ tịch LĐLĐ tỉnh")
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(PDF)
    page.get_by_label("Biên bản cuộc họp").set_input_files(str(minutes))
    page.get_by_label("Chức vụ, đơn vị (người thứ 5)").press("Enter")  # sends the form
    expect(page.locator("h1")).to_have_text("Họp định kỳ 6 tháng cấp tỉnh ngày 26/06/2026")
    expect(page.locator("main")).to_contain_text("Đồng gửi BHXH Việt Nam và Tổng LĐLĐ Việt Nam")
    assert Meeting.objects.get().participants.count() == 2

    page.get_by_label("Nội dung kết luận").fill("Rà soát doanh nghiệp nợ đóng BHXH.")
    page.get_by_label("Đơn vị chủ trì thực hiện").select_option(label="LĐLĐ Nghệ An")
    page.get_by_label("Thời hạn").fill("30/09/2026")
    page.get_by_role("button", name="Ghi kết luận").click()
    expect(page.get_by_text("Đã ghi kết luận.")).to_be_visible()
    page.get_by_label("Số, ký hiệu").fill("15/TB-BHXH")
    page.get_by_label("Ngày thông báo").fill("30/06/2026")
    notice = tmp_path / "thong-bao.pdf"
    notice.write_bytes(PDF)
    page.get_by_label("Thông báo kết luận").set_input_files(str(notice))
    page.get_by_role("button", name="Vào sổ thông báo").click()
    expect(page.get_by_text("Đã vào sổ Thông báo kết luận số 15/TB-BHXH")).to_be_visible()
    page.get_by_label("Lãnh đạo đã kết luận").select_option(label="Nguyễn Thị Lan")
    page.get_by_role("button", name="Giao thành nhiệm vụ").click()
    expect(page.get_by_text("Đã giao kết luận thành nhiệm vụ")).to_be_visible()
    conclusion = Conclusion.objects.get()
    assert conclusion.task is not None and conclusion.task.state == State.ASSIGNED
    assert conclusion.task.lead_unit.code == "NGHEAN"
    expect(page.get_by_role("button", name="Giao thành nhiệm vụ")).to_have_count(0)

    # the partner's user signs in, lands on the joint work and reads the follow-up
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    partner = context.new_page()
    partner.set_default_timeout(10_000)
    partner.goto(f"{live_server.url}/dang-nhap/")
    sign_in(partner, "congdoan1", TEST_PASSWORD)
    partner.wait_for_url(f"{live_server.url}/phoi-hop/")
    expect(partner.get_by_role("link", name="Nhiệm vụ", exact=True)).to_have_count(0)
    partner.goto(f"{live_server.url}/phoi-hop/hop/?nam=2026")
    partner.get_by_role("link", name="Họp định kỳ 6 tháng cấp tỉnh").click()
    row = partner.locator("table.conclusions tbody tr")
    expect(row).to_contain_text("Rà soát doanh nghiệp nợ đóng BHXH.")
    expect(row).to_contain_text("Chủ trì theo dõi: BHXH Nghệ An; thời hạn 30/09/2026")
    expect(row).to_contain_text("Đã giao, chờ đơn vị nhận")
    expect(row.get_by_role("link")).to_have_count(0)  # no task page for a partner
    partner.set_viewport_size({"width": 390, "height": 844})  # a phone
    width = partner.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # the tables scroll in their frame, not the page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    partner.screenshot(path=str(SCREENSHOTS / "partner-meeting-phone.png"), full_page=True)
    assert partner.goto(f"{live_server.url}/nhiem-vu/").status == 403
    context.close()
