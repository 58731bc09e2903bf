"""Tasks whose deadline runs from an event ("Khi có đề nghị", "Sau khi Quyết định … được
ký"): they wait without a deadline until the Office or the lead unit records the day the event
happened; the deadline then follows the schedule on the working-day calendar."""

from datetime import date

import pytest
from django.urls import reverse

from theodoi.conftest import with_token
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.notifications.models import Notification
from theodoi.tasks import services, steps
from theodoi.tasks.models import EventKind, State, Task
from theodoi.tasks.stats import View, statistics
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.test_notices import head_of, told

pytestmark = pytest.mark.django_db
WORDS = "Sau khi Quyết định công bố TTHC được ký, ban hành"


def waiting(
    world: World, days: int | None = 5, working_days: bool = True, accept: bool = False
) -> Task:
    """A task of TST waiting for its event (assigned 08/01/2024; accepted 09/01 if asked)."""
    document = world.document()
    task = services.task_create(
        actor=world.office,
        document=document,
        content="Đăng tải Quyết định công bố TTHC",
        code="3.4",
        lead_units=[world.units["TST"]],
        event_text=WORDS,
        event_days=days,
        event_working_days=working_days,
        at=at(document.issued_on),
    )
    task = steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["TST"]],
        coordinating=[world.units["CSXH"]],
        deadline=None,
        at=at(date(2024, 1, 8)),
    )
    if accept:
        task = steps.task_accept(
            actor=world.head,
            task=task,
            expected_version=task.version,
            assignees=[world.staff],
            at=at(date(2024, 1, 9)),
        )
    return Task.objects.get(pk=task.pk)


def record(world: World, task: Task, actor=None, day=date(2024, 3, 1), **kw) -> Task:
    return steps.task_record_event(
        actor=actor or world.office,
        task=task,
        expected_version=task.version,
        happened_on=kw.pop("happened_on", date(2024, 2, 28)),
        at=at(day),
        **kw,
    )


def test_recording_the_event_sets_the_deadline_in_working_days_over_a_holiday(
    world: World,
) -> None:
    task = waiting(world, days=1)
    assert task.waiting_for_event and task.deadline is None
    # 17/04/2024 (Wednesday); 18/04 is the Hùng Kings' day, a public holiday
    task = record(world, task, happened_on=date(2024, 4, 17), day=date(2024, 4, 17))
    task = Task.objects.get(pk=task.pk)
    assert task.deadline == date(2024, 4, 19)
    assert task.internal_deadline == date(2024, 4, 17)  # 1 working day before, not 18/04
    assert task.original_deadline == date(2024, 4, 19) and task.event_on == date(2024, 4, 17)
    assert not task.waiting_for_event and task.state == State.ASSIGNED
    event = task.events.get(action=EventKind.RECORD_EVENT)
    assert event.actor == world.office
    assert event.data == {"happened_on": "2024-04-17", "deadline": "2024-04-19"}
    assert event.note.startswith(f"Sự kiện «{WORDS}» phát sinh ngày 17/04/2024")


def test_calendar_days_and_a_deadline_entered_when_the_text_gives_none(world: World) -> None:
    task = record(world, waiting(world, days=10, working_days=False))
    assert task.deadline == date(2024, 3, 9)  # 28/02/2024 + 10 days
    other = waiting(world, days=None, accept=True)
    with pytest.raises(ValidationFailed) as refused:
        record(world, other, actor=world.staff)
    assert refused.value.code == Code.REQUIRED and "deadline" in refused.value.errors
    other = Task.objects.get(pk=other.pk)  # the refused step changed nothing
    other = record(world, other, actor=world.staff, deadline=date(2024, 5, 31))
    assert other.deadline == date(2024, 5, 31) and other.internal_deadline == date(2024, 5, 30)


@pytest.mark.parametrize(
    ("happened_on", "field", "code"),
    [
        (None, "happened_on", Code.REQUIRED),
        (date(2024, 3, 2), "happened_on", Code.INVALID),  # after today (01/03/2024)
        (date(2024, 1, 4), "happened_on", Code.INVALID),  # before the document (05/01/2024)
    ],
)
def test_bad_dates_are_refused_naming_the_field_and_nothing_is_written(
    world: World, happened_on, field: str, code: Code
) -> None:
    task = waiting(world)
    told()
    with pytest.raises(ValidationFailed) as refused:
        record(world, task, happened_on=happened_on)
    assert refused.value.code == code and set(refused.value.errors) == {field}
    task = Task.objects.get(pk=task.pk)
    assert task.deadline is None and task.event_on is None and task.waiting_for_event
    assert not task.events.filter(action=EventKind.RECORD_EVENT).exists()
    assert told() == set()


def test_who_may_record_the_event_and_when(world: World) -> None:
    task = waiting(world)
    for person in (world.leader, world.coord, world.other_head):
        with pytest.raises(ValidationFailed) as refused:
            record(world, task, actor=person)
        assert refused.value.code == Code.NOT_PERMITTED
    task = record(world, task, actor=world.head)
    with pytest.raises(ValidationFailed) as refused:  # it has its deadline now: no second time
        record(world, Task.objects.get(pk=task.pk), actor=world.office)
    assert refused.value.code == Code.WRONG_STATE
    plain = waiting(world)
    plain.set_event("")
    plain.save()
    with pytest.raises(ValidationFailed) as refused:  # not an event-triggered task
        record(world, plain)
    assert refused.value.code == Code.WRONG_STATE


def test_a_stale_version_is_a_conflict(world: World) -> None:
    task = waiting(world)
    stale = task.version
    steps.task_accept(
        actor=world.head, task=task, expected_version=stale, assignees=[], at=at(date(2024, 1, 9))
    )
    with pytest.raises(ConflictError):
        steps.task_record_event(
            actor=world.office, task=task, expected_version=stale, happened_on=date(2024, 2, 1)
        )
    assert Task.objects.get(pk=task.pk).deadline is None


def test_the_lead_units_heads_and_the_office_are_told_not_the_actor(world: World) -> None:
    deputy = head_of(world, "TST", "tst.photruongban")
    coord_head = head_of(world, "CSXH", "csxh.truongban")
    task = waiting(world, accept=True)
    told()
    task = record(world, task, actor=world.head)
    names = told()
    assert names == {world.office.username, deputy.username}
    assert world.head.username not in names and coord_head.username not in names
    assert world.staff.username not in names and world.leader.username not in names
    task = waiting(world, accept=True)
    told()
    record(world, task, actor=world.office)
    assert told() == {world.head.username, deputy.username}
    record(world, waiting(world), actor=world.staff)
    note = Notification.objects.get(user=world.office)
    assert note.title.startswith(f"{world.staff} ghi nhận sự kiện phát sinh của nhiệm vụ 3.4")
    assert note.title.endswith("thời hạn 06/03/2024") and note.task_id is not None


def test_statistics_count_no_deadline_until_the_event(world: World) -> None:
    task = waiting(world)
    record(world, task, happened_on=date(2024, 2, 28), day=date(2024, 3, 1))
    before, after = statistics(date(2024, 2, 29), View.AGENCY), statistics(date(2024, 3, 2))
    assert (before["total"], before["no_deadline"], before["open_in_time"]) == (1, 1, 0)
    assert (after["total"], after["no_deadline"], after["open_in_time"]) == (1, 0, 1)


def test_the_list_and_the_task_page_say_what_the_task_waits_for(world: World) -> None:
    task = waiting(world)
    client = client_for(world.head)
    listing = client.get(reverse("tasks:list")).content.decode()
    assert f"Chờ sự kiện: {WORDS}" in listing
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert f"Chờ sự kiện: {WORDS}" in page
    assert "05 ngày làm việc kể từ ngày sự kiện phát sinh" in page
    assert reverse("tasks:act", args=[task.pk, "record_event"]) in page
    coord_page = client_for(world.coord).get(reverse("tasks:detail", args=[task.pk]))
    assert "record_event" not in coord_page.content.decode()


def test_the_step_page_records_the_event_and_refuses_bad_input(world: World) -> None:
    task = waiting(world)
    client = client_for(world.office)
    url = reverse("tasks:act", args=[task.pk, "record_event"])
    form = client.get(url).content.decode()
    assert f"Chờ sự kiện: {WORDS}" in form and "Ngày sự kiện phát sinh" in form
    response = client.post(url, with_token(client, {"version": task.version}))
    assert "Cần ghi ngày sự kiện phát sinh." in response.content.decode()
    data = {"version": task.version, "happened_on": "01/01/2099"}
    response = client.post(url, with_token(client, data))
    assert "Ngày sự kiện 01/01/2099 chưa đến" in response.content.decode()
    assert Task.objects.get(pk=task.pk).deadline is None
    data = {"version": task.version, "happened_on": "28/02/2024", "note": "Quyết định 12/QĐ"}
    response = client.post(url, with_token(client, data))
    assert response.status_code == 302
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "06/03/2024" in page and "Ghi nhận sự kiện phát sinh" in page
    assert "Chờ sự kiện:" not in page
    assert "Ngày sự kiện phát sinh: 28/02/2024" in page


def test_the_office_marks_a_hand_entered_task_as_event_triggered(world: World) -> None:
    document = world.document()
    client = client_for(world.office)
    url = reverse("tasks:task_create", args=[document.pk])
    data = {
        "content": "Cung cấp thông tin khi có đề nghị",
        "leads": "TST",
        "deadline": "30/06/2024",
        "confirm_past_deadline": "on",  # the date is past: the service's refusal is tested
        "event_text": "Khi có đề nghị của Tổng LĐLĐ",
        "event_days": "7",
        "event_working_days": "on",
    }
    response = client.post(url, with_token(client, data))
    assert "để trống thời hạn" in response.content.decode()
    assert not Task.objects.filter(document=document).exists()
    data["deadline"] = ""
    response = client.post(url, with_token(client, data))
    task = Task.objects.get(document=document)
    assert task.event_text == "Khi có đề nghị của Tổng LĐLĐ"
    assert (task.event_days, task.event_working_days, task.deadline) == (7, True, None)
