"""One inspection from its decision to the results notice in a real browser, without
script-only controls (issue 25): the Office names the head and records the signed decision,
asks a unit for records, records the team's late report with a recommendation, issues the
results notice and turns the recommendation into a follow-up task that the page then shows."""

from datetime import date

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.inspections.models import Inspection, Kind, Recommendation
from theodoi.tasks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_runs_an_inspection_from_decision_to_a_follow_up(
    live_server, page, make_user, sample_units
):
    office = make_user(Role.TRACKER, username="vanphong1")
    give_app(office)
    give_app(make_user(Role.LEADER, unit="LD", username="lanhdao1", full_name="Nguyễn Thị Lan"))
    make_user(Role.INSPECTOR, unit="KT", username="truongdoan1", full_name="Lê Trưởng Đoàn")
    inspection = Inspection.objects.create(
        kind=Kind.PERIODIC, conducted_by=sample_units["VP"], title="Kiểm tra nhiệm vụ năm 2026",
        start=date(2026, 11, 2), end=date(2026, 11, 6),  # the report is due on 13/11/2026
        legal_basis="Quy chế ban hành kèm theo Quyết định số 1142/QĐ-BHXH",
        scope="Nhiệm vụ Chính phủ giao năm 2026", content="Tiến độ và chế độ báo cáo",
    )  # fmt: skip
    inspection.units.set([sample_units["CNTT"], sample_units["TST"]])
    page.goto(f"{live_server.url}/kiem-tra/{inspection.pk}/")
    sign_in(page, "vanphong1", TEST_PASSWORD)

    page.get_by_role("link", name="Chuẩn bị và ghi quyết định").click()
    page.get_by_label("Tài khoản").select_option(label="Lê Trưởng Đoàn (Kiểm tra)")
    page.get_by_label("Nhiệm vụ trong đoàn").select_option(label="Trưởng đoàn")
    page.get_by_role("button", name="Thêm vào Đoàn").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    page.get_by_label("Số quyết định").fill("15")
    page.get_by_label("Ngày ký").fill("30/10/2026")
    page.locator("#issue_signer_name").fill("Nguyễn Thị Lan")
    page.get_by_role("button", name="Ghi quyết định đã ký").click()
    expect(page.get_by_text("Đã ghi quyết định kiểm tra")).to_be_visible()
    expect(page.locator("#quyet-dinh")).to_contain_text("Quyết định số 15/QĐ-BHXH")

    page.get_by_role("link", name="Yêu cầu cung cấp hồ sơ").click()
    page.get_by_label("Đơn vị được yêu cầu").select_option(label="Thu - Sổ, thẻ")
    page.get_by_label("Hồ sơ, tài liệu yêu cầu cung cấp").fill("Báo cáo năm 2026")
    page.get_by_label("Hạn cung cấp").fill("04/11/2026")
    page.get_by_label("Lãnh đạo ký quyết định kiểm tra").select_option(label="Nguyễn Thị Lan")
    page.get_by_role("button", name="Yêu cầu cung cấp hồ sơ").click()
    expect(page.get_by_text("Đã gửi yêu cầu cung cấp hồ sơ cho")).to_be_visible()
    expect(page.locator("#yeu-cau-ho-so")).to_contain_text("04/11/2026")

    page.get_by_role("link", name="Ghi báo cáo kết quả").click()
    page.get_by_label("Ngày báo cáo").fill("17/11/2026")
    page.get_by_label("a) Đánh giá việc triển khai").fill("Các đơn vị triển khai kịp thời.")
    page.get_by_label("c) Kiến nghị 1").fill("Rà soát hồ sơ chậm cập nhật.")
    page.get_by_label("Đơn vị thực hiện kiến nghị 1").select_option(label="Thu - Sổ, thẻ")
    page.get_by_label("Thời hạn kiến nghị 1").fill("15/12/2026")
    page.get_by_role("button", name="Báo cáo kết quả kiểm tra").click()
    expect(page.locator("#ket-qua")).to_contain_text("nộp muộn 2 ngày làm việc")

    page.get_by_role("link", name="Thông báo kết quả kiểm tra").click()
    page.get_by_label("Số thông báo").fill("12")
    page.get_by_label("Ngày thông báo").fill("18/11/2026")
    page.get_by_label("Chức vụ người ký").fill("Phó Giám đốc")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Thị Lan")
    page.get_by_role("button", name="Thông báo kết quả kiểm tra").click()
    expect(page.get_by_text("Đã ban hành")).to_be_visible()

    page.get_by_label("Lãnh đạo đã ký thông báo").select_option(label="Nguyễn Thị Lan")
    page.get_by_role("button", name="Giao thành nhiệm vụ").click()
    expect(page.get_by_text("Đã giao kiến nghị 1 thành nhiệm vụ.")).to_be_visible()
    task = Recommendation.objects.get().task
    assert task is not None and task.state == State.ASSIGNED and task.lead_unit.code == "TST"
    page.locator("#ket-qua").get_by_role("link", name=task.get_state_display()).click()
    back = page.locator("p.muted", has_text="Kiến nghị của cuộc kiểm tra").get_by_role("link")
    expect(back).to_have_attribute("href", f"/kiem-tra/{inspection.pk}/")
