"""A small world for task tests: the sample registry, five people of the cycle, a document;
and that world with more tasks than a page holds, for the lists."""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import Rows, copy_registry, undone_after_module
from theodoi.core import sessions
from theodoi.organisation.models import Unit, UnitKind
from theodoi.tasks import services, steps
from theodoi.tasks.models import Document, DocumentKind, Origin, Task
from theodoi.tasks.steps.base import set_coordination

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def client_for(user: User) -> Client:
    """A browser session signed in as `user`, as after signing in on the login page (which
    marks the session renewed: the first page then writes nothing)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[sessions.KEY] = int(time.time())
    session.save()
    return client


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@dataclass
class World:
    units: dict[str, Unit]
    office: User
    leader: User
    head: User  # head of TST, the lead unit in most tests
    staff: User  # staff of TST
    coord: User  # staff of CSXH, a coordinating unit
    other_head: User  # head of CNTT, unrelated

    def document(
        self, origin: str = Origin.GOVERNMENT, issued: date = date(2024, 1, 5)
    ) -> Document:
        return services.document_register(
            actor=self.office,
            kind=DocumentKind.DECISION,
            number=f"{Document.objects.count() + 1}/QĐ-TTg",
            issued_on=issued,
            issuer="Thủ tướng Chính phủ",
            summary="Giao nhiệm vụ năm 2024",
            origin=origin,
            at=at(issued),
        )


@pytest.fixture
def world(sample_units: dict[str, Unit]) -> World:
    return make_world(sample_units)


def make_world(sample_units: dict[str, Unit]) -> World:
    def person(role: str, unit: str, name: str) -> User:
        return UserFactory.create(
            username=name, roles=[role], unit=sample_units[unit], full_name=name
        )

    return World(
        units=sample_units,
        office=person(Role.TRACKER, "VP", "vanphong"),
        leader=person(Role.LEADER, "LD", "lanhdao"),
        head=person(Role.UNIT_HEAD, "TST", "tst.truongban"),
        staff=person(Role.UNIT_STAFF, "TST", "tst.chuyenvien"),
        coord=person(Role.UNIT_STAFF, "CSXH", "csxh.chuyenvien"),
        other_head=person(Role.UNIT_HEAD, "CNTT", "cntt.truongban"),
    )


@pytest.fixture(scope="module")
def world_of_tasks(
    django_db_setup: None, django_db_blocker: Any, sample_registry: Rows
) -> Iterator[World]:
    """`world` with 120 tasks of TST, 4 that a team below TST coordinates and 4 of CSXH that
    both coordinate, all through the services: made once for the test module that asks for it
    (3-4 s on PostgreSQL, which each of nineteen tests spent before), in a transaction undone
    after the module's last test. Each test's own writes are undone after it, as always (its
    savepoint inside). The rows stay until the module ends: its other tests cannot start from
    `world` or `sample_units` (the same units again), so a module that asks for this asks for
    nothing else."""
    with undone_after_module(django_db_blocker):
        world = make_world(copy_registry(sample_registry))
        add_tasks(world, 120)
        led_and_coordinated_below(world, 4)
        yield world


def soon(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def add_tasks(world: World, count: int, start: int = 0) -> None:
    """`count` tasks of TST, in progress, due in the coming weeks, half coordinated by CSXH;
    every tenth given to two units (a fanned-out task and its two children)."""
    document = world.document(issued=soon(-30))
    for n in range(start, start + count):
        task = services.task_create(
            actor=world.office,
            document=document,
            content=f"Nhiệm vụ số {n}",
            lead_units=[world.units["TST"]],
            deadline=soon(n % 60 + 1),
        )
        leads = [world.units["TST"], world.units["CNTT"]] if n % 10 == 0 else [world.units["TST"]]
        steps.task_assign(
            actor=world.leader,
            task=task,
            expected_version=task.version,
            leads=leads,
            coordinating=[world.units["CSXH"]] if n % 2 else [],
            deadline=task.deadline,
            instruction="Thực hiện",
        )


def led_and_coordinated_below(world: World, count: int) -> None:
    """`count` tasks TST leads and a team below TST coordinates: TST's head sees each twice.
    And as many that CSXH leads and both TST and the team coordinate: twice again. And a task
    given to two other units that the team coordinates, as a plan import with several lead
    units leaves it: no lead unit of its own."""
    team = Unit.objects.create(
        code="TST-P1",
        name="Phòng Quản lý thu",
        short_name="Phòng thu",
        kind=UnitKind.CENTRAL,
        parent=world.units["TST"],
        valid_from=date(2020, 1, 1),
    )
    document = world.document(issued=soon(-10))
    tst, csxh = world.units["TST"], world.units["CSXH"]
    for n in range(count):
        for content, lead, coordinating, days in (
            (f"Nhiệm vụ phối hợp trong ban {n}", tst, [team], n + 1),
            (f"Nhiệm vụ ban và phòng cùng phối hợp {n}", csxh, [tst, team], n + 2),
        ):
            task = services.task_create(
                actor=world.office,
                document=document,
                content=content,
                lead_units=[lead],
                deadline=soon(days),
            )
            steps.task_assign(
                actor=world.leader,
                task=task,
                expected_version=task.version,
                leads=[lead],
                coordinating=coordinating,
                deadline=task.deadline,
                instruction="Thực hiện",
            )
    unled = services.task_create(
        actor=world.office, document=document, content="Nhiệm vụ giao hai đơn vị",
        lead_units=[csxh], deadline=soon(3),
    )  # fmt: skip
    steps.task_assign(
        actor=world.leader, task=unled, expected_version=unled.version,
        leads=[csxh, world.units["CNTT"]], coordinating=[], deadline=unled.deadline,
        instruction="Thực hiện",
    )  # fmt: skip
    set_coordination(Task.objects.get(pk=unled.pk), [team])
