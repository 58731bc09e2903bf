"""Dates are accepted from 01/01/1900 to 31/12/2100 wherever they come in (forms, services,
query strings, commands), refused with the field and the range named; a task stored with a far
date before this rule does not stop the reminder job or break a page."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from theodoi.conftest import with_token
from theodoi.core.dates import DateParseError, parse_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.models import Notification
from theodoi.tasks import services
from theodoi.tasks.models import Document, DocumentKind, Task
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.tasks.tests.conftest import world as world  # the fixture

pytestmark = pytest.mark.django_db
RANGE = "chỉ nhận ngày từ 01/01/1900 đến 31/12/2100"


@pytest.mark.parametrize("text", ["01/01/0001", "31/12/1899", "01/01/2101", "9999-12-31"])
def test_a_far_date_is_refused_naming_the_field_and_the_range(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text, "Thời hạn")
    assert str(caught.value).startswith(f"Thời hạn: {RANGE}")
    assert parse_date("01/01/1900") == date(1900, 1, 1)  # the ends are in
    assert parse_date("2100-12-31") == date(2100, 12, 31)


def test_the_probe_document_and_task_are_refused_on_the_pages(world: World) -> None:
    office = client_for(world.office)
    page = office.post(
        "/van-ban/moi/",
        with_token(
            world.office,
            {
                "kind": DocumentKind.DECISION,
                "number": "1/QĐ-XA",
                "issued_on": "01/01/0001",
                "issuer": "Bộ Tài chính",
                "summary": "Văn bản ngày xa",
                "origin": "government",
            },
        ),
    )
    assert f"Ngày ban hành: {RANGE}" in page.content.decode()
    assert not Document.objects.exists()
    document = world.document()
    page = office.post(
        f"/van-ban/{document.pk}/nhiem-vu-moi/",
        with_token(
            world.office, {"content": "Việc hạn xa", "leads": "TST", "deadline": "03/01/0001"}
        ),
    )
    assert f"Thời hạn: {RANGE}" in page.content.decode()
    assert not Task.objects.exists()


def test_the_services_refuse_a_far_date_whatever_called_them(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.document_register(
            actor=world.office,
            kind=DocumentKind.DECISION,
            number="2/QĐ-XA",
            issued_on=date(1, 1, 1),
            issuer="Bộ Tài chính",
            summary="Văn bản ngày xa",
        )
    assert caught.value.code == Code.INVALID and "issued_on" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        services.task_create(
            actor=world.office,
            document=world.document(),
            content="Việc hạn xa",
            deadline=date(9999, 12, 31),
        )
    assert caught.value.code == Code.INVALID and "deadline" in caught.value.errors
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("address", "label"),
    [
        ("/tong-quan/?ngay=01/01/0001", "Tại ngày"),
        ("/tong-quan/?ngay=31/12/9999", "Tại ngày"),
        ("/nhiem-vu/?ngay=01/01/0001", "Ngày thống kê"),
        ("/nhiem-vu/?han_tu=01/01/0001", "Thời hạn từ"),
        ("/nhiem-vu/?han_den=31/12/9999", "Thời hạn đến"),
        ("/don-vi/?ngay=31/12/9999", "Xem theo ngày"),
    ],
)
def test_a_far_date_in_a_query_string_is_named_and_today_shown(
    world: World, address: str, label: str
) -> None:
    page = client_for(world.office).get(address)
    assert page.status_code == 200
    assert f"{label}: {RANGE}" in page.content.decode()


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["remind", "--as-of", "01/01/0001"], "--as-of"),
        (["stats", "--as-of", "31/12/9999"], "--as-of"),
        (["import_plan", "kh.docx", "--number", "1/KH", "--date", "01/01/0001"], "--date"),
        (["workdays", "add", "01/01/0001", "1"], "DATE"),
        (["workdays", "list", "9999"], "YEAR"),
    ],
)
def test_a_command_refuses_a_far_date_naming_the_option(command: list[str], option: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command(*command, stdout=StringIO(), stderr=StringIO())
    message = str(caught.value)
    assert message.startswith(option) and "1900" in message and "2100" in message


@pytest.fixture
def far_task(world: World) -> Task:
    """A task stored with a deadline in year 3, as the probe left one before dates were
    checked (written past the services, as only an old row can be)."""
    task = task_for(world, date(2026, 12, 7), content="Hạn năm 3")
    Task.objects.filter(pk=task.pk).update(
        deadline=date(3, 1, 3), internal_deadline=date(3, 1, 2), original_deadline=date(3, 1, 3)
    )
    return task


def test_an_old_far_deadline_does_not_stop_the_reminders_of_other_tasks(
    world: World, far_task: Task
) -> None:
    today = timezone.localdate()
    late = task_for(world, today - timedelta(days=10), content="Quá hạn thật")
    err = StringIO()
    call_command("remind", stdout=StringIO(), stderr=err)
    reminders = Notification.objects.exclude(key__startswith="step:")  # not the assignment's
    assert reminders.filter(task=late).exists()
    assert not reminders.filter(task=far_task).exists()
    assert f"/nhiem-vu/{far_task.pk}/" in err.getvalue()
    assert run_reminders(today).out_of_range == (far_task.pk,)
    office = client_for(world.office)  # and the pages that show it still open
    for address in (
        "/nhiem-vu/",
        f"/nhiem-vu/{far_task.pk}/",
        "/nhiem-vu/xuat.xlsx",
        "/viec-cua-toi/",
        "/tong-quan/",
        "/thong-ke/",
        f"/van-ban/{far_task.document_id}/",
    ):
        assert office.get(address).status_code == 200, address
    assert client_for(world.staff).get("/viec-cua-toi/").status_code == 200
