"""A province's quarterly report through return and acceptance, and an ad-hoc request of the
Office answered by two units and late for a third, in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from theodoi.browser_tests.demo_world import PASSWORD, hanoi_quarterly_report, open_as
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit
from theodoi.reports.models import ReportRequest, ReportRound, RequestState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_province_reports_the_office_returns_then_accepts(live_server, browser) -> None:
    copy_demo(PASSWORD)
    report = hanoi_quarterly_report()
    url = live_server.url
    province = open_as(browser, url, "hanoi.giamdoc")
    province.get_by_role("link", name="Báo cáo", exact=True).first.click()
    province.get_by_role("link", name="Báo cáo quý thử nghiệm").click()
    province.get_by_label("Kết quả thực hiện").fill("Hoàn thành 12/15 nhiệm vụ.")
    province.get_by_role("button", name="Lưu và nộp báo cáo").click()
    expect(province.get_by_text("Phần «Khó khăn, vướng mắc» bắt buộc")).to_be_visible()
    province.get_by_label("Khó khăn, vướng mắc").fill("Thiếu cán bộ.")
    province.get_by_role("button", name="Lưu và nộp báo cáo").click()
    expect(province.get_by_text("Đã nộp báo cáo (lần 1).")).to_be_visible()

    office = open_as(browser, url, "vanphong")
    office.goto(f"{url}/bao-cao/dot/{report.round_id}/")
    office.get_by_role("link", name=report.unit.short_name).click()
    expect(office.locator("section.latest")).to_contain_text("Hoàn thành 12/15 nhiệm vụ.")
    office.get_by_label("Ý kiến của đơn vị tổng hợp").fill("Bổ sung số liệu tháng cuối quý.")
    office.get_by_role("button", name="Trả lại để hoàn thiện").click()
    expect(office.get_by_text("Đã trả lại báo cáo")).to_be_visible()

    province.reload()
    expect(province.locator(".notice.returned")).to_contain_text("Bổ sung số liệu tháng cuối")
    province.get_by_label("Kết quả thực hiện").fill("Hoàn thành 13/15 nhiệm vụ.")
    province.get_by_role("button", name="Lưu và nộp báo cáo").click()
    expect(province.get_by_text("Đã nộp báo cáo (lần 2).")).to_be_visible()

    office.reload()
    office.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(office.get_by_text("Đã tiếp nhận báo cáo")).to_be_visible()
    office.get_by_role("link", name="Lần 1").click()
    expect(office.get_by_text("Hoàn thành 12/15 nhiệm vụ.")).to_be_visible()
    report.refresh_from_db()
    assert report.state == RequestState.ACCEPTED and report.submissions.count() == 2


def test_an_adhoc_request_answered_by_two_units_and_late_for_a_third(live_server, browser):
    copy_demo(PASSWORD)
    url = live_server.url
    office = open_as(browser, url, "vanphong")
    office.goto(f"{url}/bao-cao/dot-xuat/moi/")
    office.get_by_label("Tên yêu cầu báo cáo").fill("Báo cáo nhanh số hồ sơ tồn")
    office.get_by_label("Nội dung yêu cầu").fill("Đề nghị báo cáo số hồ sơ tồn đến nay.")
    names = [Unit.objects.get(code=c).short_name for c in ("HANOI", "CNTT", "TST")]
    office.get_by_label("Đơn vị nhận", exact=True).select_option(label=names)
    office.get_by_label("Hạn nộp").fill(f"{timezone.localdate():%d/%m/%Y}")
    office.get_by_role("button", name="Gửi yêu cầu").click()
    expect(office.get_by_text("Đã gửi yêu cầu báo cáo tới 3 đơn vị.")).to_be_visible()
    report_round = ReportRound.objects.get(title="Báo cáo nhanh số hồ sơ tồn")

    for username, answer in (("hanoi.giamdoc", "Còn 12 hồ sơ."), ("cntt.truongban", "Không.")):
        unit = open_as(browser, url, username)
        unit.goto(f"{url}/bao-cao/")
        unit.get_by_role("link", name="Báo cáo nhanh số hồ sơ tồn").click()
        unit.get_by_label("Nội dung trả lời").fill(answer)
        unit.get_by_role("button", name="Lưu và nộp báo cáo").click()
        expect(unit.get_by_text("Đã nộp báo cáo (lần 1).")).to_be_visible()

    # the next day: the due date has passed (moved back rather than waiting)
    ReportRound.objects.filter(pk=report_round.pk).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    ReportRequest.objects.filter(round=report_round).exclude(first_submitted_at=None).update(
        first_submitted_at=timezone.now() - timedelta(days=2)
    )
    office.goto(f"{url}/bao-cao/dot/{report_round.pk}/")
    expect(office.locator(".answered")).to_have_text("2/3 đơn vị")
    tst_row = office.locator("tr", has_text=names[2])
    expect(tst_row).to_contain_text("Quá hạn chưa nộp")
    expect(tst_row.get_by_role("link", name="Văn bản đôn đốc")).to_be_visible()
    office.get_by_role("button", name="Nhắc 1 đơn vị quá hạn chưa nộp").click()
    expect(office.get_by_text("Đã nhắc các đơn vị chưa nộp")).to_be_visible()
