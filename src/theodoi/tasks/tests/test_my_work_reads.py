""" "Việc của tôi" reads each section with a statement compiled once per process (ADR 0027,
"Later"): every person gets, section by section, the tasks the ORM's own reading of the same
section gives, in the same order, whoever asked before them."""

from datetime import date

import pytest

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core import compiled
from theodoi.tasks.selectors import work
from theodoi.tasks.selectors.work import SECTIONS, Mine, my_work, section_tasks
from theodoi.tasks.tests.conftest import World
from theodoi.tasks.tests.test_obstacles import raised, referred
from theodoi.tasks.tests.test_steps import assigned, draft, in_progress

pytestmark = pytest.mark.django_db

TODAY = date(2024, 2, 1)


def _by_orm(person: User) -> dict[str, list[int]]:
    mine, found = Mine(person), {}
    for section in SECTIONS:
        if section.roles & person.roles:
            tasks = list(section_tasks(section, mine, work.SECTION_LIMIT + 1))
            if tasks:
                found[section.key] = [t.pk for t in tasks[: work.SECTION_LIMIT]]
    return found


def test_each_person_gets_each_sections_tasks_as_the_orm_reads_them(world: World) -> None:
    for n in range(3):
        draft(world, content=f"Dự thảo {n}")
        assigned(world, deadline=date(2024, 3, 10 + n))
        in_progress(world, deadline=date(2024, 4, 10 + n))
    referred(world, raised(world, in_progress(world)))
    raised(world, in_progress(world))
    team_head = UserFactory.create(roles=[Role.UNIT_HEAD], unit=world.units["CSXH"])
    no_unit = UserFactory.create(roles=[Role.UNIT_HEAD, Role.UNIT_STAFF], unit=None)
    people = [world.office, world.leader, world.head, world.staff, world.coord, world.other_head]
    people += [team_head, no_unit]
    shown: set[str] = set()
    for _ in range(2):  # compiled on the first round, read again on the second
        for person in people:
            read = {s.key: [row.task.pk for row in s.rows] for s in my_work(person, TODAY)}
            assert read == _by_orm(person), person.username
            shown |= set(read)
    wanted = {"draft", "accept", "follow", "update", "contribute", "obstacle_refer"}
    assert wanted | {"obstacle_decide"} <= shown


def test_a_person_of_more_units_than_a_compiled_read_takes_is_read_by_the_orm(
    world: World, monkeypatch
) -> None:
    in_progress(world)
    head = UserFactory.create(roles=[Role.UNIT_HEAD], unit=world.units["TST"].parent)
    assert len(Mine(head).scope) > 2
    expected = _by_orm(head)
    assert expected["follow"]
    monkeypatch.setattr(compiled, "SLOTS", 2)  # a person and one unit
    read = {s.key: [row.task.pk for row in s.rows] for s in my_work(head, TODAY)}
    assert read == expected
