"""A progress update with a file, sent, then Back and sent again: one update and one file (the
form's one-time token), and the page says the form was already sent."""

from datetime import date

import pytest

from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.monitoring.tests.conftest import task_for
from theodoi.tasks.models import Attachment, EventKind, TaskEvent
from theodoi.tasks.tests.conftest import World
from theodoi.tasks.tests.conftest import world as world  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_and_send_again_records_the_update_once(live_server, page, world: World) -> None:
    task = task_for(world, date(2026, 12, 31))
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(world.staff.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    task_url = f"{live_server.url}/nhiem-vu/{task.pk}/"
    page.goto(task_url)
    page.get_by_role("link", name="Cập nhật tiến độ", exact=True).click()
    page.get_by_label("Nội dung cập nhật").fill("Đã rà soát xong 3 quy trình.")
    page.get_by_label("Tiến độ (%)").fill("40")
    page.get_by_label("Tệp đính kèm").set_input_files(
        {"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    page.get_by_role("button", name="Cập nhật tiến độ").click()
    page.wait_for_url(task_url)

    page.go_back()
    page.get_by_role("button", name="Cập nhật tiến độ").click()
    page.wait_for_url(task_url)
    assert "Biểu mẫu này đã được gửi" in page.locator("main").inner_text()
    updates = TaskEvent.objects.filter(task=task, action=EventKind.PROGRESS)
    assert list(updates.values_list("note", flat=True)) == ["Đã rà soát xong 3 quy trình."]
    assert Attachment.objects.filter(event__in=updates).count() == 1
