"""A unit's own list counts the tasks its people see, each once, from the indexes: the ids its
units lead, then those they coordinate that another unit leads
(docs/adr/0018-unit-list-count.md). On PostgreSQL the count had filtered every task against an
array of the coordinated ids: half a second for a central unit's list at 200,000 tasks. The
count over more than a page, for each kind of person, is in test_unit_list_page.py (its world of
tasks is made once there)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.tasks.links import task_list_url
from theodoi.tasks.models import State, Task, TaskCoordination
from theodoi.tasks.scope import EVERYTHING, Narrowing, unit_scope, visible_ids
from theodoi.tasks.tests.conftest import World, add_tasks, client_for

pytestmark = pytest.mark.django_db


def seen(user: User) -> list[Task]:
    """The tasks a unit's `user` sees, worked out from every task in Python."""
    scope = unit_scope(user)
    coordinated = set(
        TaskCoordination.objects.filter(unit_id__in=scope).values_list("task_id", flat=True)
    )
    return [t for t in Task.objects.all() if t.lead_unit_id in scope or t.pk in coordinated]


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
        # the coordinated tasks led elsewhere too, through the copy of their lead unit
        reads = [step for step in plan if "SEARCH" in step]
        assert len(reads) == 2 and all("COVERING INDEX" in step for step in reads), plan


def test_those_who_see_every_task_are_counted_as_before(world: World) -> None:
    assert visible_ids(world.office) is None
    assert visible_ids(world.leader, EVERYTHING) is None
