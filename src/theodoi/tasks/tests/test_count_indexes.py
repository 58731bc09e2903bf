"""Counts read from indexes only (docs/adr/0014-counts-from-indexes.md): a unit's counts by
state and the dashboard's recount never read the wide task rows, and the history spans carry
their task's document and leader, so that the dashboard counts by them without a join."""

import importlib
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from theodoi.monitoring import counts
from theodoi.monitoring.tests.conftest import task_for
from theodoi.tasks import steps
from theodoi.tasks.links import task_list_url
from theodoi.tasks.models import State, TaskFact
from theodoi.tasks.stats import View, state_counts
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.workcalendar.services import WorkingDayIndex, get_calendar

pytestmark = pytest.mark.django_db


def _plan(sql: str) -> str:
    """How the database would run `sql`; on PostgreSQL with table scans refused."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: c["columns"] for name, c in found.items() if c["index"]}


def _covers(index: str, sql: str, table: str) -> bool:
    """Whether `index` holds every column `sql` reads of `table`. On PostgreSQL this, not the
    plan, is the test: between an index holding everything and a smaller one, its planner
    chooses by how much of the table a vacuum has marked visible (in a test's transaction,
    none; before it, whatever the earlier tests left), so the plan follows the tests run first.
    On a vacuumed table (production's, the bench's) it reads the covering index alone."""
    read = set(re.findall(rf'"{table}"\."(\w+)"', sql))
    return bool(read) and read <= set(_indexes(table)[index])


def _index_only(sql: str, index: str) -> bool:
    if connection.vendor == "sqlite":
        return f"COVERING INDEX {index}" in _plan(sql)
    table = "tasks_taskfact" if index.startswith("task_fact_") else "tasks_task"
    return _covers(index, sql, table)


@pytest.fixture
def spread(world: World):
    today = timezone.localdate()
    task_for(world, today - timedelta(days=3), content="Quá hạn")
    task_for(world, today + timedelta(days=2), content="Sắp đến hạn", unit="CNTT", accept=False)
    task_for(world, None, content="Không thời hạn", update_period="month")
    return today


def test_a_units_counts_by_state_read_the_counts_index(world: World, spread) -> None:
    with CaptureQueriesContext(connection) as queries:
        counts = state_counts(world.units["TST"], spread, View.AGENCY)
    assert sum(c.overdue for c in counts.values()) == 1
    [query] = queries.captured_queries
    assert _index_only(query["sql"], "task_counts_idx"), _plan(query["sql"])


def test_the_recount_reads_indexes_only(world: World, spread) -> None:
    calendar = get_calendar()
    days = WorkingDayIndex(calendar, spread - timedelta(days=200), spread + timedelta(days=60))
    with CaptureQueriesContext(connection) as queries:
        data = counts.board_counts(spread, View.AGENCY, None, None, days, calendar)
    assert data["attention"]["due_soon"] == 1 and len(data["by_document"]) == 2
    sqls = [q["sql"] for q in queries.captured_queries]
    [attention] = [sql for sql in sqls if "due_soon" in sql]
    assert _index_only(attention, "task_state_counts_idx"), _plan(attention)
    # the tasks done after the day (overdue on it): none today, found by their done date
    [late] = [sql for sql in sqls if '"band0"' in sql and "due_soon" not in sql]
    assert _index_only(late, "task_state_counts_idx"), _plan(late)
    if connection.vendor == "sqlite":  # PostgreSQL's plans follow its statistics
        assert "(state=? AND agency_done_on>?)" in _plan(late), _plan(late)
        assert "(state=?)" in _plan(attention), _plan(attention)  # the open states alone
    # by document twice (every document ranked, then the top ones' classes), by leader once
    for key, index, times in (("document", "document", 2), ("leader", "leader_unit", 1)):
        found = [sql for sql in sqls if f'"tasks_taskfact"."{key}_id" AS' in sql]
        assert len(found) == times
        for grouped in found:
            assert "tasks_task" not in grouped.replace("tasks_taskfact", "")  # no join
            assert _index_only(grouped, f"task_fact_{index}_idx"), _plan(grouped)  # open
            assert _index_only(grouped, "task_fact_closed_idx"), _plan(grouped)  # closed after
            if connection.vendor == "sqlite":  # the open spans grouped in the index's order
                plan = _plan(grouped)
                summed = 1 if "SCAN parts" in plan else 0  # the ranking's sum of both parts
                assert plan.count("TEMP B-TREE FOR GROUP BY") <= 1 + summed, plan


def _reads_no_rows(sql: str) -> bool:
    """Every read of the tasks' tables `sql` makes can come from an index alone: SQLite's plan
    says so; on PostgreSQL an index of each table it reads holds every column (`_covers`)."""
    if connection.vendor == "sqlite":
        lines = [
            line
            for line in _plan(sql).splitlines()
            if "tasks_task" in line and any(word in line for word in ("SCAN", "SEARCH"))
        ]
        return bool(lines) and all("COVERING INDEX" in line for line in lines)
    tables = {t for t in ("tasks_task", "tasks_taskfact") if f'"{t}".' in sql}
    return bool(tables) and all(
        any(_covers(index, sql, table) for index in _indexes(table)) for table in tables
    )


def test_a_unit_heads_recount_reads_indexes_only(world: World, spread) -> None:
    calendar = get_calendar()
    days = WorkingDayIndex(calendar, spread - timedelta(days=200), spread + timedelta(days=60))
    unit = world.units["TST"]
    with CaptureQueriesContext(connection) as queries:
        data = counts.board_counts(spread, View.AGENCY, unit, frozenset({unit.pk}), days, calendar)
    assert data["totals"]["open_overdue"] == 1
    counting = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    # by leader and unit, by document (ranked, then the top ones), the attention counts of
    # the open tasks and of those done after the day
    assert len(counting) == 5
    for sql in counting:
        assert _reads_no_rows(sql), _plan(sql)


def test_spans_carry_the_tasks_document_and_leader(world: World, make_user) -> None:
    today = timezone.localdate()
    task = task_for(world, today + timedelta(days=10), accept=False)
    span = TaskFact.objects.get(task=task, valid_to__isnull=True)
    assert (span.document_id, span.leader_id) == (task.document_id, world.leader.pk)
    other = make_user("leader", unit="VP")
    task = steps.task_return(
        actor=world.head, task=task, expected_version=task.version, reason="Không đúng chức năng"
    )
    task = steps.task_refer(
        actor=world.office,
        task=task,
        expected_version=task.version,
        leader=other,
        note="Xin ý kiến lãnh đạo khác",
    )
    assert TaskFact.objects.get(task=task, valid_to__isnull=True).leader_id == other.pk


def test_the_migration_gives_old_spans_their_tasks_document_and_leader(world: World) -> None:
    task = task_for(world, timezone.localdate())
    TaskFact.objects.update(document=None, leader=None)  # as spans written before 0018
    migration = importlib.import_module("theodoi.tasks.migrations.0018_counts_from_indexes")
    migration.fill(apps, SimpleNamespace(connection=connection))  # all it reads of the editor
    spans = TaskFact.objects.filter(task=task)
    assert spans.exists()
    assert set(spans.values_list("document_id", "leader_id")) == {
        (task.document_id, task.leader_id)
    }


def test_a_list_narrowed_by_states_and_deadlines_reads_the_window(world: World, spread) -> None:
    # walking the order index for the Office's "assigned or in progress, due in the next
    # three months" skipped 173,000 tasks on PostgreSQL at 200,000 (docs/adr/0019)
    today = timezone.localdate()
    url = task_list_url(
        states=[State.ASSIGNED, State.IN_PROGRESS], due_from=today, due_to=today + timedelta(90)
    )
    with CaptureQueriesContext(connection) as queries:
        assert client_for(world.office).get(url).status_code == 200
    [page] = [q["sql"] for q in queries.captured_queries if "AS capped" in q["sql"]]
    assert {"state", "deadline"} <= set(_indexes("tasks_task")["task_state_deadline_idx"])
    if connection.vendor == "sqlite":  # PostgreSQL's plans follow its statistics
        plan = _plan(page).splitlines()
        window = "INDEX task_state_deadline_idx (state=? AND deadline>?"
        # the page's ids (a list, docs/adr/0023-window-ids-first.md) and the count read the
        # window; which way the page's fifty rows are then read is the planner's choice (by
        # id at 200,000 tasks, analysed)
        ids = plan.index(next(step for step in plan if step.startswith("LIST SUBQUERY")))
        assert window in plan[ids + 1], plan
        assert window in [step for step in plan if "COVERING INDEX" in step][-1], plan


def test_the_documents_are_ranked_and_cut_by_the_database(
    world: World, spread, monkeypatch
) -> None:
    # the bench's 7,184 documents' two counts each cost more to read in Python than to count
    # (docs/adr/0034-documents-ranked-in-sql.md): the statement answers the top ones alone
    monkeypatch.setattr(counts, "TOP", 1)
    with CaptureQueriesContext(connection) as queries:
        ranked = counts._ranked_documents(spread, View.AGENCY, None)
    assert len(ranked) == 1
    [statement] = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(statement["sql"])
        assert len(cursor.fetchall()) == 1  # of the two documents with a deadline
    assert (
        TaskFact.objects.filter(valid_to__isnull=True).values("document_id").distinct().count() == 3
    )
