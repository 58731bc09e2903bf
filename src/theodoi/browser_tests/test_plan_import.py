"""The Office imports the sample plan from Word: preview, one flagged row fixed, commit, and the
tasks (with one task per province) in the task list."""

from pathlib import Path

import pytest

from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.imports.models import PlanTask
from theodoi.organisation.groups import Group, group_members
from theodoi.tasks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "imports"
    / "tests"
    / "samples"
    / "plan-2024-kiem-soat-tthc-phu-luc-1.docx"
)


def test_office_imports_the_word_sample_fixing_a_flagged_row(live_server, page) -> None:
    copy_demo(PASSWORD)
    page.goto(f"{live_server.url}/ke-hoach/nhap/")
    sign_in(page, "vanphong", PASSWORD)

    page.get_by_label("Tệp kế hoạch").set_input_files(str(SAMPLE))
    page.get_by_label("Số, ký hiệu kế hoạch").fill("1456/KH-BHXH")
    page.get_by_label("Ngày ban hành kế hoạch").fill("01/01/2024")
    page.get_by_label("Lãnh đạo ký kế hoạch").select_option(label="Nguyễn Thị Lan")
    page.get_by_role("button", name="Đọc tệp và xem trước").click()

    page.get_by_text("32 dòng nhiệm vụ").wait_for()
    row = page.locator("#row-23")  # 6.2: "Theo phân công Lãnh đạo Ngành khi phát sinh"
    assert "chờ Lãnh đạo phân công" in row.inner_text()
    row.get_by_role("link", name="Sửa dòng 6.2").click()
    page.get_by_label("Chủ trì").fill("Ban Kiểm tra")
    page.get_by_role("button", name="Lưu dòng này").click()
    fixed = page.locator("#row-23")
    fixed.get_by_text("Đã sửa trên trang xem trước.").wait_for()
    assert "chờ Lãnh đạo phân công" not in fixed.inner_text()
    lead = fixed.locator("td[data-label='Chủ trì'] .badge.work")
    assert lead.inner_text() == "Kiểm tra"  # the unit KT found, shown by its name

    page.get_by_role("button", name="Nhập kế hoạch").click()
    page.get_by_text("Đã nhập kế hoạch 1456/KH-BHXH").wait_for()

    page.goto(f"{live_server.url}/nhiem-vu/?q=Xây dựng Kế hoạch kiểm soát TTHC năm 2024")
    listing = page.locator("main").inner_text()
    parent = PlanTask.objects.get(key="1.1#2").task
    provinces = list(group_members(Group.PROVINCES, parent.document.issued_on))
    assert parent.children.count() == len(provinces)
    shown = [p.code for p in provinces if f"\t{p}\t" in listing]  # by name, not code
    assert len(shown) >= 20  # the first page of the list: one row per province
    assert "1456/KH-BHXH" in listing
    assert PlanTask.objects.get(key="6.2#1").task.state == State.ASSIGNED
    assert PlanTask.objects.get(key="6.2#1").task.lead_unit.code == "KT"
    page.goto(f"{live_server.url}/nhiem-vu/{PlanTask.objects.get(key='6.2#1').task_id}/")
    said = "Giao theo Kế hoạch số 1456/KH-BHXH ngày 01/01/2024 (người ký: Nguyễn Thị Lan)"
    page.get_by_text(said).first.wait_for()
