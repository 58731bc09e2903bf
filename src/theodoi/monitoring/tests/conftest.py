"""The task tests' small world (sample registry, the cycle's people), and tasks in it."""

from datetime import date

import pytest

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.tasks import services, steps
from theodoi.tasks.models import Document, Task
from theodoi.tasks.tests import conftest as task_world
from theodoi.tasks.tests.conftest import World, at

world = task_world.world  # the fixture, shared


def task_for(
    people: World,
    deadline: date | None,
    *,
    accept: bool = True,
    unit: str = "TST",
    coordinating: tuple[str, ...] = ("CSXH",),
    issued: date = date(2026, 1, 5),
    content: str = "Rà soát quy trình thu BHXH",
    update_period: str = "",
    document: Document | None = None,
) -> Task:
    """A task of `document` (else of a new one) assigned by the leader to `unit` (and
    accepted by its head, with the unit's staff member named, unless `accept` is False)."""
    document = document or people.document(issued=issued)
    task = services.task_create(
        actor=people.office,
        document=document,
        content=content,
        code="1.1",
        lead_units=[people.units[unit]],
        deadline=deadline,
        update_period=update_period,
        at=at(issued),
    )
    task = steps.task_assign(
        actor=people.leader,
        task=task,
        expected_version=task.version,
        leads=[people.units[unit]],
        coordinating=[people.units[c] for c in coordinating],
        deadline=deadline,
        instruction="Khẩn trương thực hiện",
        at=at(issued),
    )
    if accept:
        task = steps.task_accept(
            actor=people.head,
            task=task,
            expected_version=task.version,
            assignees=[people.staff],
            at=at(issued),
        )
    return task


@pytest.fixture
def coord_head(world: World) -> User:
    return UserFactory.create(
        username="csxh.truongban",
        full_name="csxh.truongban",
        roles=[Role.UNIT_HEAD],
        unit=world.units["CSXH"],
        email="csxh@bhxh.test",
    )
