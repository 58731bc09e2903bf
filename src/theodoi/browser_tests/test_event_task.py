"""A task that waits for its event ("Sau khi Quyết định … được ký"): the lead unit's head, on
the task page, records the day the event happened and sees the deadline appear."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.core.dates import format_date
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit
from theodoi.tasks import services, steps
from theodoi.tasks.links import task_url
from theodoi.tasks.models import DocumentKind, Origin, Task
from theodoi.workcalendar.services import add_working_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
WORDS = "Sau khi Quyết định công bố TTHC được ký"


def test_the_head_records_the_event_and_the_deadline_appears(live_server, page) -> None:
    copy_demo(PASSWORD)
    office, leader = (User.objects.get(username=n) for n in ("vanphong", "lanhdao"))
    cntt = Unit.objects.get(code="CNTT")
    today = timezone.localdate()
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number="90/KH-BHXH",
        issued_on=today - timedelta(days=30),
        issuer="BHXH Việt Nam",
        summary="Kế hoạch kiểm soát TTHC",
        origin=Origin.INTERNAL,
    )
    task = services.task_create(
        actor=office,
        document=document,
        content="Đăng tải Quyết định công bố TTHC",
        lead_units=[cntt],
        event_text=WORDS,
        event_days=3,
        event_working_days=True,
    )
    steps.task_assign(
        actor=leader, task=task, expected_version=task.version, leads=[cntt], deadline=None
    )
    happened = today - timedelta(days=2)
    expected = add_working_days(happened, 3)

    page.goto(f"{live_server.url}{task_url(task.pk)}")
    sign_in(page, "cntt.truongban", PASSWORD)
    expect(page.get_by_text(f"Chờ sự kiện: {WORDS}")).to_be_visible()
    page.get_by_role("link", name="Ghi nhận sự kiện phát sinh").click()
    page.get_by_label("Ngày sự kiện phát sinh").fill(format_date(happened))
    page.get_by_role("button", name="Ghi nhận sự kiện phát sinh").click()
    expect(
        page.get_by_text("Đã ghi nhận sự kiện phát sinh; nhiệm vụ đã có thời hạn.")
    ).to_be_visible()
    expect(page.get_by_text(f"Chờ sự kiện: {WORDS}")).to_have_count(0)
    facts = page.locator("dl")
    expect(facts.first).to_contain_text(format_date(expected))
    expect(page.locator("ol.timeline")).to_contain_text(
        f"Ngày sự kiện phát sinh: {format_date(happened)}"
    )
    assert Task.objects.get(pk=task.pk).deadline == expected
