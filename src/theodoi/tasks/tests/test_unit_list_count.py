"""A unit's own list counts the tasks its people see, each once, from the indexes: the ids its
units lead united with those they coordinate (docs/adr/0018-unit-list-count.md). On
PostgreSQL the count had filtered every task against an array of the coordinated ids: half a
second for a central unit's list at 200,000 tasks."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.organisation.models import Unit, UnitKind
from theodoi.tasks import services, steps
from theodoi.tasks.links import task_list_url
from theodoi.tasks.models import State, Task, TaskCoordination
from theodoi.tasks.scope import EVERYTHING, Narrowing, unit_scope, visible_ids
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.tasks.tests.test_list_reads import add_tasks, soon

pytestmark = pytest.mark.django_db


def seen(user: User) -> list[Task]:
    """The tasks a unit's `user` sees, worked out from every task in Python."""
    scope = unit_scope(user)
    coordinated = set(
        TaskCoordination.objects.filter(unit_id__in=scope).values_list("task_id", flat=True)
    )
    return [t for t in Task.objects.all() if t.lead_unit_id in scope or t.pk in coordinated]


def seen_by(user: User, states: list[str], due_to: date | None) -> int:
    """How many tasks `user` sees, narrowed as the list is."""
    return sum(
        1
        for task in seen(user)
        if (not states or task.state in states)
        and (due_to is None or (task.deadline is not None and task.deadline <= due_to))
    )


def led_and_coordinated_below(world: World, count: int) -> None:
    """`count` tasks TST leads and a team below TST coordinates: TST's head sees each twice."""
    team = Unit.objects.create(
        code="TST-P1",
        name="Phòng Quản lý thu",
        short_name="Phòng thu",
        kind=UnitKind.CENTRAL,
        parent=world.units["TST"],
        valid_from=date(2020, 1, 1),
    )
    document = world.document(issued=soon(-10))
    for n in range(count):
        task = services.task_create(
            actor=world.office,
            document=document,
            content=f"Nhiệm vụ phối hợp trong ban {n}",
            lead_units=[world.units["TST"]],
            deadline=soon(n + 1),
        )
        steps.task_assign(
            actor=world.leader,
            task=task,
            expected_version=task.version,
            leads=[world.units["TST"]],
            coordinating=[team],
            deadline=task.deadline,
            instruction="Thực hiện",
        )


@pytest.mark.parametrize(
    ("who", "states", "due_to"),
    [
        ("head", [], None),
        ("head", [State.ASSIGNED, State.IN_PROGRESS], None),
        ("head", [State.ASSIGNED], 40),
        ("coord", [], None),
        ("coord", [State.ASSIGNED], 58),
    ],
)
def test_a_unit_list_counts_each_task_its_people_see_once(
    world: World, who: str, states: list[str], due_to: int | None
) -> None:
    add_tasks(world, 120)
    led_and_coordinated_below(world, 4)
    user = getattr(world, who)
    until = soon(due_to) if due_to is not None else None
    expected = seen_by(user, states, until)
    assert expected > 50  # more than one page: the count is read, not the page's length
    url = task_list_url(states=states, due_to=until)
    for page in ("1", "2"):
        query = "&" if "?" in url else "?"
        body = client_for(user).get(f"{url}{query}trang={page}").content.decode()
        assert f"<strong>{expected}</strong> nhiệm vụ" in body, (page, url)


def test_the_unit_count_reads_the_indexes_not_the_tasks(world: World) -> None:
    add_tasks(world, 3)
    with CaptureQueriesContext(connection) as queries:
        client_for(world.head).get(task_list_url())
    [page] = [q["sql"] for q in queries.captured_queries if "AS capped" in q["sql"]]
    counted = page[page.index("SELECT COUNT(*) FROM (") : page.index("AS capped")]
    assert " UNION " in counted and " OR " not in counted, counted
    ids = visible_ids(world.head, Narrowing([State.ASSIGNED], None, timezone.localdate()))
    assert ids is not None
    if connection.vendor == "sqlite":  # PostgreSQL's plans follow its statistics
        sql, params = ids.query.sql_with_params()
        with connection.cursor() as cursor:
            # as on a site's database (docs/operations.md): without statistics SQLite may take
            # `task_state_deadline_idx` for the led ids, an index without the lead unit
            cursor.execute("ANALYZE")
            cursor.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ({sql})", params)
            plan = [row[-1] for row in cursor.fetchall()]
        reads = [step for step in plan if "tasks_task" in step and "SEARCH" in step]
        assert reads and all("COVERING INDEX" in step for step in reads), plan


def test_those_who_see_every_task_are_counted_as_before(world: World) -> None:
    assert visible_ids(world.office) is None
    assert visible_ids(world.leader, EVERYTHING) is None
