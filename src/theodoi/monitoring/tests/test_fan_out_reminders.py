"""Reminders about a task assigned to several units (one child task per unit): each unit's
people get their unit's reminder, naming it; the leader and the Office one item per parent
task; "Nhắc lần N" counts the reminders really sent. Issue 20, point 1."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.models import Mail, Notification
from theodoi.organisation.models import Unit, UnitKind
from theodoi.tasks import services, steps
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World, at, client_for

pytestmark = pytest.mark.django_db
ISSUED = date(2026, 9, 1)
DEADLINE = date(2026, 10, 15)  # internal deadline Wednesday 14/10/2026
LATE_DAY = date(2026, 11, 11)  # 20 working days after the internal deadline


def provinces(count: int = 34) -> list[Unit]:
    units = Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True).order_by("code")
    return list(units[:count])


def fanned_out(
    world: World,
    units: list[Unit],
    content: str = "Xây dựng, ban hành Kế hoạch",
    coordinating: tuple[str, ...] = (),
):
    """A task the leader assigned to every unit in `units`: one child task per unit, none
    accepted yet."""
    task = services.task_create(
        actor=world.office,
        document=world.document(issued=ISSUED),
        content=content,
        code="1",
        lead_units=units,
        deadline=DEADLINE,
        at=at(ISSUED),
    )
    return steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=units,
        coordinating=[world.units[code] for code in coordinating],
        deadline=DEADLINE,
        instruction="Khẩn trương thực hiện",
        at=at(ISSUED),
    )


def head_of(unit: Unit) -> User:
    return UserFactory.create(
        username=f"{unit.code.lower()}.giamdoc",
        full_name=f"Giám đốc {unit}",
        roles=[Role.UNIT_HEAD],
        unit=unit,
        email=f"{unit.code.lower()}@bhxh.test",
    )


def items(user: User) -> list[str]:
    notes = Notification.objects.exclude(key__startswith="step:").filter(user=user)
    return list(notes.order_by("title").values_list("title", flat=True))


def test_the_leader_gets_one_item_per_parent_and_each_province_its_own(world: World) -> None:
    units = provinces(5)
    assert units[0].code == "ANGIANG"
    head = head_of(units[0])
    parent = fanned_out(world, units)
    run_reminders(LATE_DAY)
    # the leader: one item per stage about the parent, with the units behind it
    leader = items(world.leader)
    assert leader == [
        "5/5 tỉnh quá hạn chưa nhận nhiệm vụ: 1. Xây dựng, ban hành Kế hoạch",
        "5/5 tỉnh quá hạn: 1. Xây dựng, ban hành Kế hoạch",
    ]
    note = Notification.objects.get(user=world.leader, title=leader[1])
    assert note.task_id == parent.pk and note.url.endswith(f"/{parent.pk}/")
    for unit in units:
        assert f"{unit} (quá 20 ngày làm việc)" in note.body
    # the Office passes assignments on: one item per parent too
    assert items(world.office) == [leader[0]]
    # the province's head: their own unit's reminders, naming the unit
    assert items(head) == [
        "BHXH An Giang quá 48 ngày làm việc chưa nhận nhiệm vụ: 1. Xây dựng, ban hành Kế hoạch",
        "BHXH An Giang: quá hạn 20 ngày làm việc — 1. Xây dựng, ban hành Kế hoạch",
    ]


def test_a_coordinating_unit_gets_one_item_for_all_the_provinces(world: World, coord_head) -> None:
    fanned_out(world, provinces(3), coordinating=("CSXH",))
    run_reminders(date(2026, 10, 12))  # input due 2 working days before 14/10
    assert items(coord_head) == [
        "3/3 tỉnh chờ ý kiến phối hợp, hôm nay đến hạn gửi: 1. Xây dựng, ban hành Kế hoạch"
    ]


def test_a_second_run_the_same_day_sends_no_group_again(world: World) -> None:
    fanned_out(world, provinces(5))
    first = run_reminders(LATE_DAY)
    second = run_reminders(LATE_DAY)
    assert first.sent == 3 and second.sent == 0  # the leader's two and the Office's one
    assert len(items(world.leader)) == 2
    # the next overdue round (every 2 working days) tells them again, once per stage
    run_reminders(date(2026, 11, 13))
    run_reminders(date(2026, 11, 13))
    assert len(items(world.leader)) == 4


def test_at_200_overdue_tasks_each_person_gets_a_readable_list(world: World) -> None:
    """200 tasks overdue for the leader: 195 given to one unit, 5 given to all 34 provinces."""
    world.leader.email = "lanhdao@bhxh.test"
    world.leader.save()
    for n in range(195):
        task_for(world, DEADLINE, issued=ISSUED, coordinating=(), content=f"Nhiệm vụ {n}")
    units = provinces()
    assert len(units) == 34
    heads = [head_of(unit) for unit in units]
    for n in range(5):
        fanned_out(world, units, content=f"Xây dựng kế hoạch {n}")
    run_reminders(LATE_DAY)
    # the leader: one per own-unit task, one per parent for each stage (lead, acceptance)
    assert len(items(world.leader)) == 195 + 5 + 5
    assert len(items(world.office)) == 5  # the acceptance of each parent
    assert len(items(world.head)) == 195  # TST's head: TST's own tasks
    assert len(items(heads[0])) == 10  # a province: its 5 tasks, late and not accepted
    assert all(title.startswith(f"{units[0]}") for title in items(heads[0]))
    # the digest mail groups the same way
    digest = Mail.objects.get(user=world.leader)
    assert digest.subject == "[Theo Dõi] 205 thông báo ngày 11/11/2026"
    assert digest.body.count("34/34 tỉnh quá hạn: 1. Xây dựng kế hoạch") == 5
    # the list page: the groups first, fifty a page, no query per item
    assert _list_queries(world.head) == _list_queries(world.leader)
    page = client_for(world.leader).get("/thong-bao/").content.decode()
    assert page.count("34/34 tỉnh") == 10


def _list_queries(user: User) -> int:
    client = client_for(user)
    client.get("/thong-bao/")  # the session and caches warmed
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thong-bao/").status_code == 200
    return len(queries)


def test_the_job_reads_a_fixed_number_of_queries_with_fan_outs(world: World) -> None:
    def queries_on(day: date) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert run_reminders(day).sent
        return len(queries)

    fanned_out(world, provinces(3))
    task_for(world, DEADLINE, issued=ISSUED)
    few = queries_on(LATE_DAY)
    fanned_out(world, provinces(34), content="Một nhiệm vụ khác")
    for n in range(4):
        task_for(world, DEADLINE, issued=ISSUED, content=f"Nhiệm vụ {n}")
    assert queries_on(date(2026, 11, 13)) == few
    assert Task.objects.filter(parent__isnull=False).count() == 37
