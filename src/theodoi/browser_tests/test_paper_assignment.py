"""The Office records, from the task page, an assignment a leader gave on paper (Art. 5.2.a),
with the scan of the handwritten instruction; the timeline names both the Office person who
recorded it and the leader who decided, and the lead unit's head is told."""

from datetime import date

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.notifications.models import Notification
from theodoi.organisation.models import Unit
from theodoi.tasks import services
from theodoi.tasks.links import task_url
from theodoi.tasks.models import DocumentKind, Origin, State, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"


def test_the_office_records_a_paper_assignment_with_its_scan(live_server, page, tmp_path) -> None:
    copy_demo(PASSWORD)
    office, leader = (User.objects.get(username=n) for n in ("vanphong", "lanhdao"))
    cntt = Unit.objects.get(code="CNTT")
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number="90/KH-BHXH",
        issued_on=date(2026, 1, 5),
        issuer="BHXH Việt Nam",
        summary="Kế hoạch chuyển đổi số năm 2026",
        origin=Origin.INTERNAL,
    )
    task = services.task_create(
        actor=office, document=document, content="Thử ghi nhận phân công trên giấy"
    )
    scan = tmp_path / "but-phe-lanh-dao.pdf"
    scan.write_bytes(b"%PDF-1.4\n% but phe\n")
    head = User.objects.get(username="cntt.truongban")
    Notification.objects.filter(user__in=[head, leader]).delete()

    page.goto(f"{live_server.url}{task_url(task.pk)}")
    sign_in(page, "vanphong", PASSWORD)
    page.get_by_role("link", name="Ghi nhận phân công của lãnh đạo").click()
    page.get_by_label("Lãnh đạo phân công", exact=True).select_option(label=str(leader))
    page.get_by_label("Ngày lãnh đạo phân công").fill("06/01/2026")
    page.locator("#id_leads").fill("CNTT")
    page.get_by_label("Thời hạn", exact=True).fill("31/12/2099")
    page.get_by_label("Ý kiến chỉ đạo").fill("Giao CNTT chủ trì")
    page.get_by_role("button", name="Ghi nhận phân công của lãnh đạo").click()
    expect(page.get_by_text("Cần đính kèm bản chụp ý kiến chỉ đạo")).to_be_visible()
    page.get_by_label("Bản chụp bút phê của lãnh đạo").set_input_files(str(scan))
    page.get_by_role("button", name="Ghi nhận phân công của lãnh đạo").click()

    expect(page.get_by_text("Đã ghi nhận phân công của lãnh đạo.")).to_be_visible()
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Ghi nhận phân công của lãnh đạo")
    expect(timeline).to_contain_text(
        f"{office} (Văn phòng) ghi theo chỉ đạo của Lãnh đạo {leader} ngày 06/01/2026"
    )
    expect(timeline.get_by_role("link", name="but-phe-lanh-dao.pdf")).to_be_visible()
    task = Task.objects.get(pk=task.pk)
    assert task.state == State.ASSIGNED and task.leader == leader and task.lead_unit == cntt
    assert Notification.objects.filter(user=head, task_id=task.pk).count() == 1
    assert Notification.objects.filter(user=leader, task_id=task.pk).count() == 1
