"""The reminder job on real tasks: what is sent, to whom, once, and on the calendar."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import database_for_threads, in_threads
from theodoi.monitoring.models import Reminder, ReminderKind, ReminderPolicy
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.models import Mail, Notification
from theodoi.organisation.services import unit_update
from theodoi.tasks import steps
from theodoi.tasks.models import EventKind, TaskEvent
from theodoi.tasks.tests.conftest import World, at

pytestmark = pytest.mark.django_db
DEADLINE = date(2026, 12, 7)  # Monday; internal deadline Friday 04/12/2026


def days(first: date, last: date):
    while first <= last:
        yield first
        first += timedelta(days=1)


def recipients(task, stage: str, kind: str = ReminderKind.LEAD) -> set[str]:
    reminder = Reminder.objects.get(task=task, kind=kind, stage=stage)
    names = dict(Notification.objects.filter(task=task).values_list("user_id", "user__username"))
    return {names[u] for u in reminder.recipients}


def test_a_task_after_tet_is_reminded_on_working_days_only(world: World, coord_head) -> None:
    # deadline Monday 15/02/2027, internal deadline Friday 12/02; Tết is 04/02-10/02
    task = task_for(world, date(2027, 2, 15))
    sent_on = {}
    for day in days(date(2027, 1, 25), date(2027, 2, 17)):
        if run_reminders(day).sent:
            sent_on[day] = sorted(Reminder.objects.filter(day=day).values_list("kind", "stage"))
    assert sent_on == {
        date(2027, 1, 29): [("coordination", "before:3")],  # input due 03/02, 2 days earlier
        date(2027, 2, 2): [("coordination", "before:1"), ("lead", "before:3")],
        date(2027, 2, 3): [("coordination", "due")],
        date(2027, 2, 11): [("lead", "before:1")],  # the first working day after Tết
        date(2027, 2, 12): [("lead", "due")],
        date(2027, 2, 15): [("lead", "overdue:1")],
        date(2027, 2, 17): [("lead", "overdue:2")],
    }
    timeline = list(task.events.filter(action=EventKind.REMIND).values_list("note", flat=True))
    assert len(timeline) == 8
    assert (
        "Thu - Sổ, thẻ: còn 1 ngày làm việc đến hạn gửi Văn phòng — "
        "1.1. Rà soát quy trình thu BHXH\n"
        "Gửi tới: tst.chuyenvien." in timeline
    )


def test_overdue_reminders_escalate_to_the_head_then_the_assigning_leader(world: World) -> None:
    task = task_for(world, DEADLINE)
    for day in days(date(2026, 11, 30), date(2026, 12, 14)):
        run_reminders(day)
    assert recipients(task, "before:3") == {"tst.chuyenvien"}  # the person doing it
    assert recipients(task, "due") == {"tst.chuyenvien"}
    assert recipients(task, "overdue:1") == {"tst.chuyenvien", "tst.truongban"}  # 1 day late
    assert recipients(task, "overdue:2") == {"tst.chuyenvien", "tst.truongban"}  # 3 days
    assert recipients(task, "overdue:3") == {"tst.chuyenvien", "tst.truongban", "lanhdao"}  # 5
    leader_note = Notification.objects.get(user=world.leader, task=task)
    assert leader_note.title.startswith("Thu - Sổ, thẻ: quá hạn 5 ngày làm việc — 1.1. Rà soát")


def test_the_first_reminder_of_a_long_overdue_task_says_it_is_the_first(world: World) -> None:
    task = task_for(world, date(2026, 10, 15), issued=date(2026, 9, 1))
    run_reminders(date(2026, 11, 11))  # 20 working days late
    [first] = Notification.objects.filter(user=world.staff, task=task)
    assert first.body.endswith("Nhắc lần 1 khi quá hạn.")
    run_reminders(date(2026, 11, 12))  # the same round (every 2 working days): nothing new
    run_reminders(date(2026, 11, 13))
    latest = Notification.objects.filter(user=world.staff, task=task).latest("created_at", "id")
    assert latest.body.endswith("Nhắc lần 2 khi quá hạn.")


def test_a_task_nobody_has_accepted_reminds_the_head(world: World) -> None:
    task = task_for(world, DEADLINE, accept=False)
    run_reminders(date(2026, 12, 1))
    assert recipients(task, "before:3") == {"tst.truongban"}


@pytest.mark.parametrize("code_corrected", [False, True], ids=["as_given", "code_corrected"])
def test_a_coordinating_unit_that_sent_its_input_is_not_reminded(
    world: World, coord_head, code_corrected: bool
) -> None:
    """Also once the unit's code is corrected (ADR 0002): the input is the unit's."""
    task = task_for(world, DEADLINE)
    steps.task_contribute(
        actor=world.coord,
        task=task,
        expected_version=task.version,
        note="Ý kiến của CSXH",
        at=at(date(2026, 11, 25)),
    )
    if code_corrected:
        csxh = world.units["CSXH"]
        unit_update(
            actor=world.office,
            unit=csxh,
            expected_version=csxh.version,
            code="CSXH2",
            reason="Sửa mã đơn vị theo danh mục mới",
        )
    for day in days(date(2026, 11, 25), date(2026, 12, 4)):
        run_reminders(day)
    assert not Reminder.objects.filter(kind=ReminderKind.COORDINATION).exists()
    assert (
        not Notification.objects.exclude(key__startswith="step:").filter(user=coord_head).exists()
    )
    assert Reminder.objects.filter(kind=ReminderKind.LEAD).count() == 3


def test_an_extension_waiting_for_a_decision_reminds_the_leader(world: World) -> None:
    task = task_for(world, DEADLINE)
    steps.extension_request(
        actor=world.head,
        task=task,
        expected_version=task.version,
        reason="Chờ số liệu",
        proposed_deadline=date(2026, 12, 31),
        at=at(date(2026, 11, 20)),
    )
    run_reminders(date(2026, 11, 20))
    assert not Reminder.objects.filter(kind=ReminderKind.EXTENSION).exists()
    run_reminders(date(2026, 11, 23))
    assert recipients(task, "waiting:1", ReminderKind.EXTENSION) == {"lanhdao"}
    [note] = Notification.objects.filter(user=world.leader, key__contains=":extension:")
    assert note.title == (
        "Thu - Sổ, thẻ: đề nghị gia hạn chờ quyết định 1 ngày làm việc — "
        "1.1. Rà soát quy trình thu BHXH"
    )


def test_running_twice_sends_nothing_twice(world: World) -> None:
    task_for(world, DEADLINE)
    first = run_reminders(date(2026, 12, 8))
    second = run_reminders(date(2026, 12, 8))
    assert (first.sent, first.skipped_already_sent) == (2, 0)  # staff and head, 1 day late
    assert (second.sent, second.skipped_already_sent) == (0, 2)
    assert Notification.objects.exclude(key__startswith="step:").count() == 2
    assert TaskEvent.objects.filter(action=EventKind.REMIND).count() == 1


def test_the_command_prints_the_counts_as_json(world: World) -> None:
    task_for(world, DEADLINE)
    out = StringIO()
    call_command("remind", "--as-of", "08/12/2026", "--json", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue()) == {
        "as_of": "2026-12-08",
        "sent": 2,
        "skipped_already_sent": 0,
        "out_of_range": [],
    }
    out = StringIO()
    call_command("remind", "--as-of", "2026-12-08", "--json", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue())["skipped_already_sent"] == 2


def test_a_misconfigured_policy_stops_the_job_before_anything_is_written(world: World) -> None:
    task_for(world, DEADLINE)
    ReminderPolicy.objects.create(before_days="3, mot")  # as if written around the page
    with pytest.raises(CommandError, match="«3, mot» không đọc được"):
        call_command("remind", "--as-of", "08/12/2026", stdout=StringIO(), stderr=StringIO())
    assert (
        not Reminder.objects.exists()
        and not Notification.objects.exclude(key__startswith="step:").exists()
    )


def test_a_bad_date_is_refused(world: World) -> None:
    with pytest.raises(CommandError, match="«31/02/2026» không phải là ngày hợp lệ"):
        call_command("remind", "--as-of", "31/02/2026", stdout=StringIO())


def test_a_person_without_an_email_address_still_gets_the_notification(world: World) -> None:
    world.staff.email = ""
    world.staff.save()
    task_for(world, DEADLINE)
    run_reminders(date(2026, 12, 1))
    note = Notification.objects.get(user=world.staff)
    assert note.read_at is None and note.mail is None and not note.wants_mail
    assert not Mail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_everything_once(world: World, tmp_path) -> None:
    assert run_reminders(date(2026, 12, 8)).sent == 0  # an early run that day found nothing
    for n in range(5):
        task_for(world, DEADLINE, content=f"Nhiệm vụ {n}")
    UserFactory.create(username="tst.pho", roles=[Role.UNIT_HEAD], unit=world.units["TST"])
    with database_for_threads(tmp_path):
        results = in_threads(*[lambda: run_reminders(date(2026, 12, 8))] * 2)
        counts = in_threads(
            lambda: (
                Notification.objects.exclude(key__startswith="step:").count(),
                Reminder.objects.count(),
                TaskEvent.objects.filter(action=EventKind.REMIND).count(),
            )
        )[0]
    assert sorted(r.sent for r in results) == [0, 15]  # 5 tasks x (staff + 2 heads)
    assert sorted(r.skipped_already_sent for r in results) == [0, 15]
    assert counts == (15, 5, 5)
