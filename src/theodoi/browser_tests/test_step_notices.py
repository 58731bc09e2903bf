"""A leader assigns a task; the lead unit's head, on a page left open, sees the bell count rise
and opens the task from the notification (tasks/notices.py)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.demo_world import PASSWORD, open_as
from theodoi.demo.tests.copies import copy_demo
from theodoi.notifications.services import mark_read
from theodoi.organisation.models import Unit
from theodoi.tasks import services
from theodoi.tasks.links import task_url
from theodoi.tasks.models import DocumentKind, Origin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CONTENT = "Đánh giá việc tra cứu quá trình đóng trên VssID (thử thông báo)"


def test_the_head_sees_the_assignment_under_the_bell_and_opens_the_task(
    live_server, browser
) -> None:
    copy_demo(PASSWORD)
    office = User.objects.get(username="vanphong")
    head = User.objects.get(username="cntt.truongban")
    mark_read(head)  # what the demo's own history told them
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number="88/KH-BHXH",
        issued_on=date(2026, 1, 5),
        issuer="BHXH Việt Nam",
        summary="Kế hoạch chuyển đổi số năm 2026",
        origin=Origin.INTERNAL,
    )
    task = services.task_create(
        actor=office,
        document=document,
        content=CONTENT,
        lead_units=[Unit.objects.get(code="CNTT")],
        deadline=date(2026, 12, 31),
    )
    address = f"{live_server.url}{task_url(task.pk)}"

    unit = open_as(browser, live_server.url, "cntt.truongban")
    bell = unit.locator("#bell")
    expect(bell).to_have_attribute("aria-label", "Thông báo")

    leader = open_as(browser, live_server.url, "lanhdao")
    leader.goto(address)
    leader.get_by_role("link", name="Giao nhiệm vụ", exact=True).click()
    leader.get_by_role("button", name="Giao nhiệm vụ").click()
    leader.wait_for_url(address)
    leader.context.close()

    unit.evaluate("window.dispatchEvent(new Event('focus'))")  # back to the tab
    expect(bell.locator(".badge")).to_have_text("1")
    expect(bell).to_have_attribute("aria-label", "Thông báo: 1 chưa đọc")
    bell.click()
    unit.get_by_role("link", name=re.compile(r"giao nhiệm vụ .*Đánh giá việc tra cứu")).click()
    unit.wait_for_url(address)
    expect(unit.get_by_role("heading", name=CONTENT)).to_be_visible()
