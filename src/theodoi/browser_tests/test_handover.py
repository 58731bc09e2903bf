"""After the 2025 provincial merger the Office hands a former province's open task to the
province that carries on its work, from the unit's page, in the browser."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit
from theodoi.tasks import services, steps
from theodoi.tasks.models import DocumentKind, Origin, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _open_task_of(province: Unit) -> Task:
    office = User.objects.get(username="vanphong")
    leader = User.objects.get(username="lanhdao")
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number="77/KH-BHXH",
        issued_on=date(2025, 5, 5),
        issuer="BHXH Việt Nam",
        summary="Rà soát hồ sơ hưởng chế độ ốm đau năm 2025",
        origin=Origin.INTERNAL,
        at=datetime(2025, 5, 5, 9, tzinfo=VN),
    )
    task = services.task_create(
        actor=office,
        document=document,
        content="Rà soát hồ sơ hưởng chế độ ốm đau trên địa bàn",
        lead_units=[province],
        deadline=date(2025, 12, 31),
        at=datetime(2025, 5, 6, 9, tzinfo=VN),
    )
    return steps.task_assign(
        actor=leader,
        task=task,
        expected_version=task.version,
        leads=[province],
        deadline=date(2025, 12, 31),
        at=datetime(2025, 5, 8, 9, tzinfo=VN),
    )


def test_office_hands_a_merged_provinces_task_to_its_successor(live_server, page) -> None:
    copy_demo(PASSWORD)
    haiduong, haiphong = (Unit.objects.get(code=code) for code in ("HAIDUONG", "HAIPHONG"))
    task = _open_task_of(haiduong)

    page.goto(f"{live_server.url}/don-vi/{haiduong.pk}/")
    sign_in(page, "vanphong", PASSWORD)
    page.get_by_role("link", name="Chuyển nhiệm vụ đang mở sang đơn vị kế thừa").click()

    row = page.get_by_label("Rà soát hồ sơ hưởng chế độ ốm đau trên địa bàn")
    assert row.is_checked()
    successor = page.get_by_label("Chuyển sang đơn vị")
    assert successor.input_value() == str(haiphong.pk)  # the only successor, chosen already
    page.get_by_role("button", name="Chuyển các nhiệm vụ đã chọn").click()
    assert "Hãy ghi lý do chuyển" in page.locator("main").inner_text()  # nothing moved yet
    page.get_by_label("Lý do, căn cứ").fill("Nghị quyết 202/2025/QH15 về sắp xếp tỉnh")
    page.get_by_role("button", name="Chuyển các nhiệm vụ đã chọn").click()

    page.wait_for_url(f"**/nhiem-vu/?don_vi={haiphong.pk}")
    main = page.locator("main").inner_text()
    assert "Đã chuyển 1 nhiệm vụ chủ trì và 0 nhiệm vụ phối hợp" in main
    assert "Rà soát hồ sơ hưởng chế độ ốm đau trên địa bàn" in main
    page.get_by_role("link", name="Rà soát hồ sơ hưởng chế độ ốm đau trên địa bàn").click()
    timeline = page.locator("ol.timeline").inner_text()
    assert "Chuyển sang đơn vị kế thừa" in timeline
    assert f"Chủ trì: {haiduong.name} → {haiphong.name}" in timeline
    assert Task.objects.get(pk=task.pk).lead_unit == haiphong
