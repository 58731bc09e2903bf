"""One task already read is seen by exactly the people `visible_tasks` shows it to
(`scope.sees_task`, which the task's pages use since they read it compiled once: ADR 0027),
as is each row tested on its own (`scope.visible_each`, a unit's list page: ADR 0037), and
the task comes with what its page shows beside it, as the ORM would give it."""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.tasks import services, steps
from theodoi.tasks.models import Task, TaskCoordination
from theodoi.tasks.scope import sees_task, visible_each, visible_tasks
from theodoi.tasks.selectors import get_visible_task
from theodoi.tasks.steps.base import set_coordination
from theodoi.tasks.tests.conftest import World, client_for, soon

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world_of_tasks: World) -> Iterator[list[User]]:
    """The world's six people and those at the rule's edges: the staff of TST's team (whose
    tasks TST's head sees too), someone with a unit role but no unit, someone with no role,
    an inspector, a unit head who is also the Office's tracker. The world gets the tasks the
    rule is easiest to get wrong on: one the team leads, and one with no lead unit that CSXH
    coordinates."""
    w = world_of_tasks
    team = w.units["TST"].children.get(code="TST-P1")
    task = services.task_create(
        actor=w.office,
        document=w.document(),
        content="Nhiệm vụ của phòng",
        lead_units=[team],
        deadline=soon(20),
    )
    steps.task_assign(
        actor=w.leader, task=task, expected_version=task.version, leads=[team, w.units["CNTT"]],
        coordinating=[], deadline=task.deadline, instruction="Thực hiện",
    )  # fmt: skip
    parent = Task.objects.get(pk=task.pk)  # fanned out: no lead unit of its own
    set_coordination(parent, [w.units["CSXH"]])
    yield [
        w.office,
        w.leader,
        w.head,
        w.staff,
        w.coord,
        w.other_head,
        UserFactory.create(roles=[Role.UNIT_STAFF], unit=team),
        UserFactory.create(roles=[Role.UNIT_HEAD], unit=None),
        UserFactory.create(roles=[], unit=w.units["TST"]),
        UserFactory.create(roles=[Role.INSPECTOR], unit=w.units["CNTT"]),
        UserFactory.create(roles=[Role.UNIT_HEAD, Role.TRACKER], unit=w.units["CNTT"]),
    ]


def test_each_person_sees_one_task_as_the_list_of_their_tasks_has_it(
    people: list[User],
) -> None:
    tasks = list(Task.objects.order_by("pk"))
    coordinated = set(TaskCoordination.objects.values_list("task_id", flat=True))
    assert any(t.lead_unit_id is None and t.pk in coordinated for t in tasks)
    assert any(t.lead_unit_id == people[6].unit_id for t in tasks)  # the team's own
    for person in people:
        listed = set(visible_tasks(person).values_list("pk", flat=True))
        seen = {t.pk for t in tasks if sees_task(person, t)}
        assert seen == listed, person.username
        each = set(visible_each(person).values_list("pk", flat=True))
        assert each == listed, person.username
    assert 0 < len(set(visible_tasks(people[4]).values_list("pk", flat=True))) < len(tasks)


def test_the_page_reads_a_task_with_its_relations_in_one_statement(world_of_tasks: World) -> None:
    child = Task.objects.filter(parent__isnull=False, lead_unit__code="CNTT").first()
    assert child is not None
    orm = Task.objects.select_related("document", "lead_unit", "leader", "parent").get(pk=child.pk)
    with CaptureQueriesContext(connection) as queries:
        read = get_visible_task(world_of_tasks.office, child.pk)
        assert read is not None
        fields = [f.attname for f in Task._meta.concrete_fields]
        assert [getattr(read, f) for f in fields] == [getattr(orm, f) for f in fields]
        joined = (read.document, read.lead_unit, read.leader, read.parent)
        assert joined == (orm.document, orm.lead_unit, orm.leader, orm.parent)
        assert read.leader is not None and read.parent.lead_unit_id is None
        assert not hasattr(read, "recommendation") and not hasattr(read, "records_request")
    assert len(queries) == 1  # the joins came with the task; no inspection asked for
    # CNTT's task is not TST's: its head is refused it as the list refuses it
    assert get_visible_task(world_of_tasks.head, child.pk) is None
    assert get_visible_task(world_of_tasks.other_head, child.pk) == orm
    missing = Task.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
    assert get_visible_task(world_of_tasks.office, missing) is None


def test_an_id_no_database_holds_is_no_task_on_any_of_its_pages(world_of_tasks: World) -> None:
    client = client_for(world_of_tasks.office)
    pages: list[tuple[str, list[str]]] = [
        ("tasks:detail", []),
        ("tasks:obstacle_raise", []),
        ("tasks:act", ["progress"]),
    ]
    for pk in (2**63, 10**20):
        for name, extra in pages:
            assert client.get(reverse(name, args=[pk, *extra])).status_code == 404, (name, pk)
