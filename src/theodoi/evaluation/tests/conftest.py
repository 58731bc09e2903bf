"""The task tests' small world, a head for more units, and a quarter of work built through the
cycle's services: all made once for each test module (`told`), since the quarter took about
0.7 s of each test on PostgreSQL. Every test of the package starts from the quarter, asked
for or not; each test's own writes are undone after it (conftest.undone_after_module)."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import Rows, copy_registry, undone_after_module
from theodoi.core.periods import Kind, Period
from theodoi.monitoring.services import urging_create
from theodoi.tasks import services as task_services
from theodoi.tasks import steps
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World, at, make_world


@pytest.fixture(scope="module")
def told(
    django_db_setup: None, django_db_blocker: Any, sample_registry: Rows
) -> Iterator[tuple[World, dict[str, User]]]:
    """The world, its heads and the quarter, made once for the module."""
    with undone_after_module(django_db_blocker):
        world = make_world(copy_registry(sample_registry))
        heads = make_heads(world)
        tell_quarter(world, heads)
        yield world, heads


@pytest.fixture
def world(told: tuple[World, dict[str, User]], db: None) -> World:
    return told[0]


@pytest.fixture
def heads(told: tuple[World, dict[str, User]]) -> dict[str, User]:
    return told[1]


@pytest.fixture
def quarter(told: tuple[World, dict[str, User]]) -> None:
    """Q2/2026, told (`tell_quarter`)."""


def make_heads(world: World) -> dict[str, User]:
    """The head of each unit the evaluation tests give tasks to."""

    def head(code: str) -> User:
        return UserFactory.create(
            username=f"{code.lower()}.truongban",
            full_name=f"Trưởng {code}",
            roles=[Role.UNIT_HEAD],
            unit=world.units[code],
        )

    return {"TST": world.head, "CNTT": world.other_head, "CSXH": head("CSXH"), "PC": head("PC")}


Q2 = Period(Kind.QUARTER, 2026, 2)  # 01/04/2026 – 30/06/2026, over by "today"
TODAY = date(2026, 11, 23)


class Cycle:
    """Short hands for the cycle's services in this test's world."""

    def __init__(self, world: World, heads: dict[str, User]) -> None:
        self.world, self.heads = world, heads

    def assign(self, unit: str, deadline: date, day: date) -> Task:
        w = self.world
        task = task_services.task_create(
            actor=w.office,
            document=w.document(issued=day),
            content=f"Nhiệm vụ của {unit} hạn {deadline:%d/%m}",
            lead_units=[w.units[unit]],
            deadline=deadline,
            at=at(day),
        )
        return steps.task_assign(
            actor=w.leader,
            task=task,
            expected_version=task.version,
            leads=[w.units[unit]],
            deadline=deadline,
            at=at(day),
        )

    def accepted(self, unit: str, deadline: date, day: date) -> Task:
        task = self.assign(unit, deadline, day)
        head = self.heads[unit]
        return steps.task_accept(
            actor=head, task=task, expected_version=task.version, assignees=[head], at=at(day)
        )

    def submit(self, task: Task, day: date) -> Task:
        head = self.heads[task.lead_unit.code]
        return steps.task_submit(
            actor=head, task=task, expected_version=task.version, result="Đã xong", at=at(day)
        )

    def done(self, unit: str, deadline: date, assigned: date, submitted: date) -> Task:
        return self.submit(self.accepted(unit, deadline, assigned), submitted)


def tell_quarter(world: World, heads: dict[str, User]) -> None:
    """Q2/2026 for four units (internal deadline = 1 working day before the deadline):

    - TST: 3 due tasks done on time (one of them sent back once, then resubmitted in time),
      1 done late; it also receives the task CSXH returned → 75% on time, 1 send-back.
    - CNTT: 2 due tasks done on time; 1 urging letter; 1 extension granted (on a Q3 task).
    - CSXH: 2 on time, 1 submitted only in July (still overdue on 30/06); it returned a task
      that the leader then gave to TST.
    - PC: 1 due task done on time: too few to be ranked when the minimum is 2.
    - Not counted in Q2: a TST task due in July; a CNTT task done in March (due in March).
    """
    c = Cycle(world, heads)
    c.done("TST", date(2026, 4, 20), date(2026, 4, 1), date(2026, 4, 10))
    c.done("TST", date(2026, 5, 20), date(2026, 4, 1), date(2026, 5, 12))
    c.done("TST", date(2026, 6, 15), date(2026, 4, 1), date(2026, 6, 22))  # late
    sent = c.done("TST", date(2026, 6, 26), date(2026, 4, 1), date(2026, 6, 10))
    sent = steps.task_send_back(
        actor=world.office,
        task=sent,
        expected_version=sent.version,
        comment="Bổ sung số liệu",
        at=at(date(2026, 6, 11)),
    )
    c.submit(sent, date(2026, 6, 16))
    c.accepted("TST", date(2026, 7, 20), date(2026, 4, 1))  # due in Q3

    c.done("CNTT", date(2026, 3, 20), date(2026, 3, 2), date(2026, 3, 10))  # Q1
    c.done("CNTT", date(2026, 4, 24), date(2026, 4, 1), date(2026, 4, 20))
    c.done("CNTT", date(2026, 6, 5), date(2026, 4, 1), date(2026, 6, 1))
    urged = c.accepted("CNTT", date(2026, 7, 2), date(2026, 6, 1))
    urging_create(
        actor=world.office,
        unit=world.units["CNTT"],
        issued_on=date(2026, 6, 25),
        soon_days=5,
        signer_authority="TL. TỔNG GIÁM ĐỐC",
        signer_title="CHÁNH VĂN PHÒNG",
    )
    urged.refresh_from_db()
    request = steps.extension_request(
        actor=heads["CNTT"],
        task=urged,
        expected_version=urged.version,
        reason="Chờ số liệu",
        proposed_deadline=date(2026, 7, 31),
        at=at(date(2026, 6, 26)),
    )
    urged = Task.objects.get(pk=request.task_id)
    steps.extension_decide(
        actor=world.leader,
        task=urged,
        expected_version=urged.version,
        approve=True,
        at=at(date(2026, 6, 29)),
    )

    c.done("CSXH", date(2026, 4, 22), date(2026, 4, 1), date(2026, 4, 15))
    c.done("CSXH", date(2026, 5, 25), date(2026, 4, 1), date(2026, 5, 20))
    c.submit(c.accepted("CSXH", date(2026, 6, 12), date(2026, 4, 1)), date(2026, 7, 8))
    returned = c.assign("CSXH", date(2026, 9, 30), date(2026, 5, 4))
    returned = steps.task_return(
        actor=heads["CSXH"],
        task=returned,
        expected_version=returned.version,
        reason="Không thuộc chức năng của Vụ",
        at=at(date(2026, 5, 5)),
    )
    steps.task_assign(
        actor=world.leader,
        task=returned,
        expected_version=returned.version,
        leads=[world.units["TST"]],
        deadline=date(2026, 9, 30),
        at=at(date(2026, 5, 6)),
    )

    c.done("PC", date(2026, 5, 15), date(2026, 4, 1), date(2026, 5, 8))
