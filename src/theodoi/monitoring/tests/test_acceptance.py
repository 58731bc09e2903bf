"""The acceptance window (issue 19): a unit has N working days (the policy, default 2) to
accept or return a new task; its heads are reminded on the last day and while it waits, and
the Office and the assigning leader from the policy's leader threshold."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.audit.models import ChangeRecord
from theodoi.monitoring.models import Reminder, ReminderKind, ReminderPolicy
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.models import Notification
from theodoi.organisation.labels import unit_label
from theodoi.tasks import services, steps
from theodoi.tasks.tests.conftest import World, at, client_for

pytestmark = pytest.mark.django_db
ASSIGNED = date(2027, 2, 3)  # Wednesday; Tết holidays 04/02-10/02/2027 follow
FAR = date(2027, 12, 31)  # a deadline whose own reminders are far off


def new_task(world: World, content: str = "Rà soát quy trình thu BHXH"):
    return task_for(world, FAR, accept=False, coordinating=(), issued=ASSIGNED, content=content)


def days(first: date, last: date):
    while first <= last:
        yield first
        first += timedelta(days=1)


def told(task, stage: str) -> set[str]:
    reminder = Reminder.objects.get(task=task, kind=ReminderKind.ACCEPTANCE, stage=stage)
    names = dict(Notification.objects.filter(task=task).values_list("user_id", "user__username"))
    return {names[u] for u in reminder.recipients}


def test_the_window_runs_on_working_days_and_escalates(world: World) -> None:
    task = new_task(world)
    sent_on = {}
    for day in days(ASSIGNED, date(2027, 2, 19)):
        run_reminders(day)
        stages = Reminder.objects.filter(day=day, kind=ReminderKind.ACCEPTANCE)
        if stages.exists():
            sent_on[day] = list(stages.values_list("stage", flat=True))
    # two working days after Wednesday 03/02 are Thursday 11/02 and Friday 12/02 (Tết between)
    assert sent_on == {
        date(2027, 2, 12): ["due"],
        date(2027, 2, 15): ["overdue:1"],
        date(2027, 2, 17): ["overdue:2"],
        date(2027, 2, 19): ["overdue:3"],  # 5 working days late: the leader threshold
    }
    assert told(task, "due") == {"tst.truongban"}
    assert told(task, "overdue:2") == {"tst.truongban"}
    assert told(task, "overdue:3") == {"tst.truongban", "vanphong", "lanhdao"}
    unit = unit_label(world.units["TST"])
    note = Notification.objects.get(
        user=world.head, key__contains=":acceptance:", title__contains="Hôm nay"
    )
    assert note.title == (
        f"Hôm nay hết hạn nhận nhiệm vụ mới giao cho {unit}: 1.1. Rà soát quy trình thu BHXH"
    )
    assert "ngày 03/02/2027" in note.body and "chậm nhất ngày 12/02/2027" in note.body
    late = Notification.objects.get(user=world.office, task=task)
    assert late.title.startswith(f"{unit} quá 5 ngày làm việc chưa nhận nhiệm vụ: 1.1.")


def test_only_tasks_still_waiting_for_their_unit_are_reminded(world: World) -> None:
    waiting = new_task(world, "Chờ nhận")
    accepted = new_task(world, "Đã nhận")
    steps.task_accept(
        actor=world.head,
        task=accepted,
        expected_version=accepted.version,
        assignees=[world.staff],
        at=at(ASSIGNED),
    )
    returned = new_task(world, "Chuyển lại")
    steps.task_return(
        actor=world.head,
        task=returned,
        expected_version=returned.version,
        reason="Không thuộc chức năng của Ban",
        at=at(ASSIGNED),
    )
    document = world.document(issued=ASSIGNED)
    shared = services.task_create(
        actor=world.office, document=document, content="Giao hai đơn vị", at=at(ASSIGNED)
    )
    shared = steps.task_assign(
        actor=world.leader,
        task=shared,
        expected_version=shared.version,
        leads=[world.units["TST"], world.units["CNTT"]],
        deadline=FAR,
        at=at(ASSIGNED),
    )
    run_reminders(date(2027, 2, 12))
    reminded = dict(
        Reminder.objects.filter(kind=ReminderKind.ACCEPTANCE).values_list("task_id", "unit_id")
    )
    children = dict(shared.children.values_list("pk", "lead_unit_id"))
    assert reminded == {waiting.pk: world.units["TST"].pk, **children}  # not the parent
    assert told(shared.children.get(lead_unit=world.units["CNTT"]), "due") == {"cntt.truongban"}


def test_twice_sends_once_and_the_tally_counts_it(world: World) -> None:
    new_task(world)
    UserFactory.create(username="tst.pho", roles=[Role.UNIT_HEAD], unit=world.units["TST"])
    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command("remind", "--as-of", "12/02/2027", "--json", stdout=out, stderr=StringIO())
        outputs.append(json.loads(out.getvalue()))
    assert [(o["sent"], o["skipped_already_sent"]) for o in outputs] == [(2, 0), (0, 2)]
    assert Notification.objects.filter(key__contains=":acceptance:").count() == 2


def test_the_job_reads_a_fixed_number_of_queries(world: World) -> None:
    def queries_on(day: date) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert run_reminders(day).sent
        return len(queries)

    new_task(world, "Một")
    one = queries_on(date(2027, 2, 12))
    for n in range(4):
        new_task(world, f"Nhiệm vụ {n}")
    assert queries_on(date(2027, 2, 15)) == one


def post_policy(client, **changes: object):
    record = ReminderPolicy.objects.first() or ReminderPolicy()
    data = {
        "before_days": record.before_days,
        "on_day": "on",
        "overdue_every": record.overdue_every,
        "head_after": record.head_after,
        "leader_after": record.leader_after,
        "coordination_days": record.coordination_days,
        "extension_after": record.extension_after,
        "acceptance_days": record.acceptance_days,
        "version": record.version,
        **changes,
    }
    return client.post("/nhac-viec/cau-hinh/", data)


@pytest.fixture
def admin(world: World):
    return client_for(UserFactory.create(username="quantri", roles=[Role.ADMIN]))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Số ngày đơn vị nhận hoặc chuyển lại nhiệm vụ mới phải từ 1 đến 30 ngày làm việc."),
        ("31", "Số ngày đơn vị nhận hoặc chuyển lại nhiệm vụ mới phải từ 1 đến 30 ngày làm việc."),
        ("hai", "Hãy nhập một số nguyên."),
        ("", "Cần nhập số ngày."),
    ],
)
def test_a_bad_window_is_refused_naming_the_field(admin, value: str, message: str) -> None:
    response = post_policy(admin, acceptance_days=value)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'aria-invalid="true"' in html.split('name="acceptance_days"')[1].split(">")[0]
    assert not ReminderPolicy.objects.exists()


def test_the_window_set_on_the_page_is_logged_and_followed(world: World, admin) -> None:
    assert "Đơn vị nhận hoặc chuyển lại nhiệm vụ mới trong (ngày làm việc)" in (
        admin.get("/nhac-viec/cau-hinh/").content.decode()
    )
    assert post_policy(admin, acceptance_days="3").status_code == 302
    change = ChangeRecord.objects.get(object_type__endswith="reminderpolicy")
    assert (change.before["acceptance_days"], change.after["acceptance_days"]) == (2, 3)
    task = new_task(world)
    run_reminders(date(2027, 2, 12))
    assert not Reminder.objects.exists()  # the window now ends on Monday 15/02
    run_reminders(date(2027, 2, 15))
    assert told(task, "due") == {"tst.truongban"}
