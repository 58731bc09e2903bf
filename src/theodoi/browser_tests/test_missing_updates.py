"""A leader sees on the dashboard how many tasks without a deadline missed their period's
update ("chưa cập nhật", Art. 6.2) and opens the list of exactly those tasks."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.models import Unit
from theodoi.tasks import services, steps
from theodoi.tasks.models import DocumentKind, Origin, UpdatePeriod
from theodoi.tasks.tests.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
ASSIGNED = date(2026, 1, 5)


def test_the_dashboard_counts_missed_updates_and_lists_them(live_server, page) -> None:
    copy_demo(PASSWORD)
    office, leader, head = (
        User.objects.get(username=n) for n in ("vanphong", "lanhdao", "cntt.truongban")
    )
    cntt = Unit.objects.get(code="CNTT")
    document = services.document_register(
        actor=office,
        kind=DocumentKind.PLAN,
        number="90/KH-BHXH",
        issued_on=ASSIGNED,
        issuer="BHXH Việt Nam",
        summary="Kế hoạch chuyển đổi số năm 2026",
        origin=Origin.INTERNAL,
        at=at(ASSIGNED),
    )
    task = services.task_create(
        actor=office,
        document=document,
        content="Theo dõi vận hành hệ thống thường xuyên",
        lead_units=[cntt],
        update_period=UpdatePeriod.MONTH,
        at=at(ASSIGNED),
    )
    task = steps.task_assign(
        actor=leader,
        task=task,
        expected_version=task.version,
        leads=[cntt],
        deadline=None,
        at=at(ASSIGNED),
    )
    steps.task_accept(
        actor=head, task=task, expected_version=task.version, assignees=[], at=at(ASSIGNED)
    )

    page.goto(f"{live_server.url}/tong-quan/")
    sign_in(page, "lanhdao", PASSWORD)
    tile = page.locator(".tiles li a", has_text="chưa cập nhật")
    expected = int(tile.locator("strong").inner_text())
    assert expected >= 1  # this task has given no update since January
    tile.click()
    page.wait_for_url(re.compile(r"/nhiem-vu/\?.*chua_cap_nhat=1"))
    assert int(page.locator("#results strong").first.inner_text()) == expected
    expect(page.locator("#results")).to_contain_text("Theo dõi vận hành hệ thống thường xuyên")
    expect(page.get_by_label("Chưa cập nhật theo kỳ")).to_be_checked()
