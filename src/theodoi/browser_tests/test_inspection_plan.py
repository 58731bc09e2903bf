"""The year's inspection plan in a real browser: the Office drafts it by keyboard, a leader
approves it on a phone (390 px, no sideways scrolling), and the Office creates an inspection
from its item; an ended unit is answered on the field with its successor."""

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.inspections.models import Inspection, InspectionPlan, PlanState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_a_plan_drafted_approved_and_followed(live_server, browser, page, make_user, sample_units):
    give_app(make_user(Role.TRACKER, unit="VP", username="vp.kehoach"))
    give_app(make_user(Role.LEADER, unit="LD", username="ld.pheduyet", full_name="Nguyễn Thị Lan"))

    page.goto(f"{live_server.url}/kiem-tra/")
    sign_in(page, "vp.kehoach", TEST_PASSWORD)
    page.get_by_role("link", name="Kế hoạch kiểm tra hằng năm").click()
    page.get_by_role("link", name="Lập kế hoạch").click()
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Tên kế hoạch").fill("Kế hoạch kiểm tra năm 2026")
    row = page.locator("fieldset", has_text="Cuộc kiểm tra 1")
    row.get_by_label("Nội dung kiểm tra").fill("Việc thực hiện nhiệm vụ Chính phủ giao")
    row.get_by_label("Đơn vị được kiểm tra").fill("BHXH Hải Dương")
    row.get_by_label("Đơn vị thực hiện").select_option(label="Văn phòng")
    row.get_by_label("Từ tháng").select_option(label="Tháng 9")
    row.get_by_label("Đến tháng").select_option(label="Tháng 10")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".errors")).to_contain_text(
        "Mục 1: «BHXH Hải Dương» đã thôi hoạt động từ ngày 30/06/2025; đơn vị kế thừa: "
        "«BHXH Hải Phòng»."
    )
    assert not InspectionPlan.objects.exists()
    row.get_by_label("Đơn vị được kiểm tra").fill("BHXH Hải Phòng")
    row.get_by_label("Đơn vị được kiểm tra").press("Enter")  # sends the form by keyboard
    expect(page.locator("h1")).to_have_text("Kế hoạch kiểm tra năm 2026")
    expect(page.get_by_text("Đã lập dự thảo kế hoạch kiểm tra năm 2026.")).to_be_visible()

    # the leader approves it on a phone
    phone = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    leader = phone.new_page()
    leader.set_default_timeout(10_000)
    leader.goto(f"{live_server.url}/kiem-tra/ke-hoach/2026/")
    sign_in(leader, "ld.pheduyet", TEST_PASSWORD)
    expect(leader.get_by_text("tháng 9 – tháng 10/2026")).to_be_visible()
    assert leader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    leader.get_by_role("link", name="Phê duyệt").click()
    # measured once the approval form is shown, not while the page is being replaced
    expect(leader.get_by_label("Số, ký hiệu kế hoạch")).to_be_visible()
    assert leader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    leader.get_by_label("Số, ký hiệu kế hoạch").fill("25/KH-BHXH")
    leader.get_by_label("Ngày phê duyệt").fill("05/01/2026")
    leader.get_by_role("button", name="Lưu").click()
    expect(leader.get_by_text("Đã phê duyệt kế hoạch kiểm tra năm 2026.")).to_be_visible()
    assert InspectionPlan.objects.get().state == PlanState.APPROVED
    phone.close()

    # the Office creates the inspection from the item; an end before the start is answered
    page.reload()
    page.get_by_role("link", name="Tạo cuộc kiểm tra").click()
    expect(page.get_by_label("Đơn vị được kiểm tra")).to_have_value("BHXH Hải Phòng")
    page.get_by_label("Hình thức kiểm tra").select_option(label="Định kỳ")
    page.get_by_label("Ngày bắt đầu").fill("14/09/2026")
    page.get_by_label("Ngày kết thúc").fill("11/09/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(
        page.get_by_text("Ngày kết thúc 11/09/2026 trước ngày bắt đầu 14/09/2026.")
    ).to_be_visible()
    assert not Inspection.objects.exists()
    page.get_by_label("Ngày kết thúc").fill("18/09/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã tạo cuộc kiểm tra.")).to_be_visible()
    inspection = Inspection.objects.get()
    assert inspection.plan_item is not None and inspection.units.get().code == "HAIPHONG"
