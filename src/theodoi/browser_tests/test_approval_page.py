"""In the browser: the leader decides on a result with the result's file in view, approval as
the primary button and cancelling set apart."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit
from theodoi.tasks import services, steps
from theodoi.tasks.links import task_url
from theodoi.tasks.models import DocumentKind, Origin, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"


def under_way() -> Task:
    """A task of CNTT its head accepted (the demo's people)."""
    office, leader, head = (
        User.objects.get(username=n) for n in ("vanphong", "lanhdao", "cntt.truongban")
    )
    cntt = Unit.objects.get(code="CNTT")
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number="91/KH-BHXH",
        issued_on=date(2026, 1, 5),
        issuer="BHXH Việt Nam",
        summary="Kế hoạch chuyển đổi số năm 2026",
        origin=Origin.INTERNAL,
    )
    task = services.task_create(
        actor=office, document=document, content="Thử duyệt kết quả", lead_units=[cntt]
    )
    task = steps.task_assign(
        actor=leader,
        task=task,
        expected_version=task.version,
        leads=[cntt],
        deadline=date(2099, 12, 31),
    )
    staff = User.objects.get(username="cntt.chuyenvien")
    return steps.task_accept(
        actor=head, task=task, expected_version=task.version, assignees=[staff]
    )


def test_the_leader_approves_with_the_result_file_in_view(
    live_server, page, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    copy_demo(PASSWORD)
    office, head = (User.objects.get(username=n) for n in ("vanphong", "cntt.truongban"))
    task = under_way()
    task = steps.task_submit(
        actor=head,
        task=task,
        expected_version=task.version,
        result="Đã triển khai chữ ký số cho toàn ngành",
        files=[SimpleUploadedFile("ket-qua-ky-so.pdf", b"%PDF-1.4 ket qua")],
    )
    steps.task_forward(actor=office, task=task, expected_version=task.version)

    page.goto(f"{live_server.url}{task_url(task.pk)}")
    sign_in(page, "lanhdao", PASSWORD)
    result = page.locator("section.submission")
    expect(result).to_contain_text("Đã triển khai chữ ký số cho toàn ngành")
    expect(result).to_contain_text(str(head))
    expect(result.get_by_role("link", name="ket-qua-ky-so.pdf")).to_be_visible()
    steps_nav = page.get_by_role("navigation", name="Thao tác")
    expect(steps_nav.locator("a.primary")).to_have_text("Phê duyệt kết quả")
    expect(steps_nav.get_by_role("link", name="Hủy nhiệm vụ")).to_have_count(0)
    stops = page.get_by_role("navigation", name="Tạm dừng, hủy nhiệm vụ")
    expect(stops.get_by_role("link", name="Hủy nhiệm vụ")).to_be_visible()

    steps_nav.locator("a.primary").click()
    decided = page.locator("section.submission").get_by_role("link", name="ket-qua-ky-so.pdf")
    expect(decided).to_be_visible()
    page.get_by_role("button", name="Phê duyệt kết quả").click()
    expect(page.get_by_text("Đã phê duyệt kết quả.")).to_be_visible()
