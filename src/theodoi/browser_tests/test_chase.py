"""The lead unit's head, on the task page, chases the coordinating unit that has not sent its
input (Art. 9.2); that unit's head is told, and the timeline records it."""

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.demo_world import PASSWORD, coordinated_task
from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.notifications.models import Notification
from theodoi.organisation.models import Unit
from theodoi.tasks.links import task_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_head_chases_the_coordinating_unit_from_the_task_page(live_server, page) -> None:
    copy_demo(PASSWORD)
    task = coordinated_task("89/KH-BHXH", "Thử đôn đốc đơn vị phối hợp")
    cntt, hanoi = (Unit.objects.get(code=code) for code in ("CNTT", "HANOI"))
    hanoi_head = User.objects.get(username="hanoi.giamdoc")
    Notification.objects.filter(user=hanoi_head).delete()

    page.goto(f"{live_server.url}{task_url(task.pk)}")
    sign_in(page, "cntt.truongban", PASSWORD)
    expect(page.get_by_text(f"{hanoi}: Chưa gửi")).to_be_visible()
    page.get_by_role("button", name=f"Đôn đốc {hanoi}").click()
    expect(page.get_by_text("Đã đôn đốc đơn vị phối hợp gửi ý kiến.")).to_be_visible()
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Đôn đốc đơn vị phối hợp")
    expect(timeline).to_contain_text(f"Đôn đốc {hanoi} gửi ý kiến phối hợp.")
    (note,) = Notification.objects.filter(user=hanoi_head)
    assert note.title.startswith(f"{cntt} đôn đốc {hanoi}") and note.task_id == task.pk
