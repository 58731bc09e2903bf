"""An inspection's decision and team in a real browser: the Office names the head and records
the signed decision; the head proposes an extra member; a leader approves it on the
inspection's page."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.inspections.models import Inspection, Kind, MemberState, TeamMember

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("THEODOI_SHOTS", "")  # a folder to keep screenshots in, when asked


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"decision-{name}.png"), full_page=True)


def sign_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_the_decision_is_recorded_and_a_member_added_on_the_pages(
    live_server, page, make_user, sample_units
):
    office = make_user(Role.TRACKER, username="vanphong1", full_name="Trần Văn Phòng")
    give_app(office)
    leader = make_user(Role.LEADER, unit="LD", username="lanhdao1", full_name="Nguyễn Thị Lan")
    give_app(leader)
    make_user(Role.INSPECTOR, unit="KT", username="truongdoan1", full_name="Lê Trưởng Đoàn")
    make_user(Role.UNIT_STAFF, unit="TST", username="tst1", full_name="Phạm Bổ Sung")
    today = timezone.localdate()
    inspection = Inspection.objects.create(
        kind=Kind.AD_HOC, conducted_by=sample_units["VP"], start=today, end=today + timedelta(3),
        title="Kiểm tra việc thực hiện nhiệm vụ chuyển đổi số",
        legal_basis="Quy chế ban hành kèm theo Quyết định số 1142/QĐ-BHXH",
        scope="Nhiệm vụ chuyển đổi số năm 2026", content="Tiến độ và chế độ báo cáo",
    )  # fmt: skip
    inspection.units.add(sample_units["CNTT"])

    page.goto(f"{live_server.url}/kiem-tra/{inspection.pk}/")
    sign_in(page, "vanphong1", TEST_PASSWORD)
    page.get_by_role("link", name="Chuẩn bị và ghi quyết định").click()
    page.get_by_label("Tài khoản").select_option(label="Lê Trưởng Đoàn (Kiểm tra)")
    page.get_by_label("Nhiệm vụ trong đoàn").select_option(label="Trưởng đoàn")
    page.get_by_role("button", name="Thêm vào Đoàn").click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    shot(page, "prepare")
    page.get_by_label("Số quyết định").fill("16")
    page.locator("#issue_signer_name").fill("Nguyễn Thị Lan")
    page.get_by_role("button", name="Ghi quyết định đã ký").click()
    expect(page.get_by_text("Đã ghi quyết định kiểm tra")).to_be_visible()
    expect(page.locator("#quyet-dinh")).to_contain_text("Quyết định số 16/QĐ-BHXH")
    sign_out(page)

    page.goto(f"{live_server.url}/kiem-tra/{inspection.pk}/")
    sign_in(page, "truongdoan1", TEST_PASSWORD)
    page.get_by_role("link", name="Đề xuất bổ sung thành viên").click()
    page.get_by_label("Tài khoản").select_option(label="Phạm Bổ Sung (Thu - Sổ, thẻ)")
    page.get_by_label("Lý do đề xuất").fill("Cần người nắm nghiệp vụ thu")
    page.get_by_role("button", name="Gửi đề xuất").click()
    expect(page.get_by_text("Đã gửi Lãnh đạo đề xuất bổ sung «Phạm Bổ Sung»")).to_be_visible()
    sign_out(page)

    page.goto(f"{live_server.url}/kiem-tra/{inspection.pk}/")
    sign_in(page, "lanhdao1", TEST_PASSWORD)
    expect(page.locator("#quyet-dinh")).to_contain_text("Cần người nắm nghiệp vụ thu")
    shot(page, "proposal")
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(page.get_by_text("Đã phê duyệt bổ sung «Phạm Bổ Sung»")).to_be_visible()
    expect(page.locator("#quyet-dinh")).to_contain_text("Bổ sung, đã phê duyệt")
    shot(page, "approved")
    assert TeamMember.objects.get(user__username="tst1").state == MemberState.APPROVED
