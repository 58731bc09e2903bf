"""The database objects our migrations make outside Django's models (tasks/checks.py): after
`migrate` they are all there, on either database; the check names one that is dropped or
disabled; and each does its work whatever code or SQL changes a task."""

import threading
import time
from datetime import date
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from theodoi.conftest import postgres_url
from theodoi.organisation.models import Unit
from theodoi.tasks import search
from theodoi.tasks.checks import EXPECTED, check_database_objects, missing_objects
from theodoi.tasks.models import (
    NO_DEADLINE,
    Document,
    DocumentKind,
    State,
    Task,
    TaskCoordination,
)
from theodoi.tasks.tests.copies import stale_unit_words

pytestmark = pytest.mark.django_db


def test_after_migrate_every_object_is_there() -> None:
    assert EXPECTED[connection.vendor]  # this database has objects to look for
    assert missing_objects() == []
    assert check_database_objects(databases=["default"]) == []


def _drop(name: str, table: str) -> str:
    return f"DROP TRIGGER {name}" + (f" ON {table}" if connection.vendor == "postgresql" else "")


@pytest.mark.parametrize(
    "gone", [o for o in EXPECTED[connection.vendor] if o.kind == "trigger"], ids=lambda o: o.name
)
def test_the_check_names_a_trigger_that_is_gone(gone) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_drop(gone.name, gone.table))
        messages = check_database_objects(databases=["default"])
        transaction.set_rollback(True)
    assert [m.id for m in messages] == ["tasks.W001"]
    assert f"«{gone.name}»" in messages[0].msg and gone.table in messages[0].msg
    assert (gone.remade or gone.migration) in (messages[0].hint or "")
    if gone.name.startswith("tasks_task_fts"):  # with accents and units, not 0003's or 0016's
        assert "0025_unit_words" in (messages[0].hint or "")
    if "_copy" in gone.name:  # the triggers writing all four copies, not 0007's two
        assert "0023_coordination_lead_unit" in (messages[0].hint or "")
    assert missing_objects() == []  # back with the rollback


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite cannot disable a trigger")
def test_the_check_names_a_disabled_trigger() -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE tasks_task DISABLE TRIGGER tasks_task_copy")
        messages = check_database_objects(databases=["default"])
        transaction.set_rollback(True)
    assert len(messages) == 1 and "«tasks_task_copy»" in messages[0].msg
    assert "bị tắt" in messages[0].msg


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no functions")
@pytest.mark.parametrize(
    "made",
    [o for o in EXPECTED.get("postgresql", ()) if o.kind == "function"],
    ids=lambda o: o.name,
)
@pytest.mark.parametrize("setting", ["RESET search_path", "SET search_path = pg_catalog"])
def test_the_check_names_a_function_that_finds_tables_through_the_callers_path(
    made, setting: str
) -> None:
    """A function that looks up names in whatever `search_path` its caller has fails under
    pg_restore, which empties it (tasks/tests/test_data_only_restore.py)."""
    function = made.name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.oid::regprocedure::text, p.proconfig, current_schema() FROM pg_proc p "
            "WHERE p.proname = %s AND p.pronamespace = current_schema()::regnamespace",
            [function],
        )
        ((signature, config, schema),) = cursor.fetchall()
    assert config == [f"search_path={schema}, pg_temp"]  # as tasks/0010 pins it
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER FUNCTION {signature} {setting}")
        messages = check_database_objects(databases=["default"])
        transaction.set_rollback(True)
    assert [m.id for m in messages] == ["tasks.W001"]
    assert f"«{function}»" in messages[0].msg and "search_path" in messages[0].msg
    # the migration whose statements pin it: 0010 for the copies', 0026 for its own
    assert (made.remade or made.migration) in (messages[0].hint or "")


def test_a_database_not_yet_migrated_passes(monkeypatch) -> None:
    monkeypatch.setattr(MigrationRecorder, "applied_migrations", lambda self: {})
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_drop(*_a_copy_trigger()))
        assert check_database_objects(databases=["default"]) == []
        transaction.set_rollback(True)


def _a_copy_trigger() -> tuple[str, str]:
    return next((o.name, o.table) for o in EXPECTED[connection.vendor] if "copy" in o.name)


@pytest.fixture
def unit_ids(sample_units: dict[str, Unit]) -> tuple[int, int]:
    return sample_units["TST"].pk, sample_units["CSXH"].pk


def _task(
    text: str,
    state: str = State.ASSIGNED,
    deadline: date | None = None,
    internal: date | None = None,
) -> Task:
    """A task written straight into the table, as a data fix or an import might."""
    document, _ = Document.objects.get_or_create(
        number="1/QĐ-TTg",
        issued_on=date(2024, 1, 5),
        defaults={"kind": DocumentKind.DECISION, "issuer": "Thủ tướng", "summary": "Giao việc"},
    )
    return Task.objects.create(
        document=document,
        content=text,
        search_text=text,
        state=state,
        deadline=deadline,
        internal_deadline=internal,
    )


def _copies(task: Task) -> set[tuple[str, date | None, date | None, int | None]]:
    fields = ("task_state", "task_deadline", "task_due_order", "task_lead_unit_id")
    return set(task.coordinations.values_list(*fields))


def test_coordination_copies_follow_the_task_whatever_writes_it(unit_ids) -> None:
    task = _task("bao cao quy", State.ASSIGNED, date(2030, 1, 31), date(2030, 1, 24))
    TaskCoordination.objects.create(task=task, unit_id=unit_ids[1])  # insert: copied
    assert _copies(task) == {(State.ASSIGNED, date(2030, 1, 31), date(2030, 1, 24), None)}
    Task.objects.filter(pk=task.pk).update(state=State.IN_PROGRESS)  # no service involved
    assert _copies(task) == {(State.IN_PROGRESS, date(2030, 1, 31), date(2030, 1, 24), None)}
    Task.objects.filter(pk=task.pk).update(deadline=date(2030, 3, 15))
    assert _copies(task) == {(State.IN_PROGRESS, date(2030, 3, 15), date(2030, 1, 24), None)}
    # the list's order follows the internal deadline alone; without one, the task goes last
    Task.objects.filter(pk=task.pk).update(internal_deadline=date(2030, 3, 8))
    assert _copies(task) == {(State.IN_PROGRESS, date(2030, 3, 15), date(2030, 3, 8), None)}
    Task.objects.filter(pk=task.pk).update(deadline=None, internal_deadline=None)
    assert _copies(task) == {(State.IN_PROGRESS, None, NO_DEADLINE, None)}
    # a lead unit given, handed to another, taken away: a unit's count depends on it
    Task.objects.filter(pk=task.pk).update(lead_unit_id=unit_ids[0])
    assert _copies(task) == {(State.IN_PROGRESS, None, NO_DEADLINE, unit_ids[0])}
    Task.objects.filter(pk=task.pk).update(lead_unit_id=unit_ids[1])
    assert _copies(task) == {(State.IN_PROGRESS, None, NO_DEADLINE, unit_ids[1])}
    TaskCoordination.objects.create(task=task, unit_id=unit_ids[0])  # inserted under a lead
    assert _copies(task) == {(State.IN_PROGRESS, None, NO_DEADLINE, unit_ids[1])}  # both rows
    Task.objects.filter(pk=task.pk).update(lead_unit_id=None)
    assert _copies(task) == {(State.IN_PROGRESS, None, NO_DEADLINE, None)}
    other = _task("ke hoach nam", State.DONE, date(2029, 12, 31), date(2029, 12, 24))
    Task.objects.filter(pk=other.pk).update(lead_unit_id=unit_ids[0])
    TaskCoordination.objects.filter(task=task).update(task=other)  # moved to another task
    assert _copies(other) == {(State.DONE, date(2029, 12, 31), date(2029, 12, 24), unit_ids[0])}


def _hits(text: str) -> int:
    match = search.task_match(text)
    assert match is not None
    return Task.objects.filter(match.condition).count()


def test_the_text_index_follows_inserts_edits_and_deletes(db: None) -> None:
    task = _task("ra soat ho so huu tri")
    assert _hits("ho so huu") == 1 and search.task_match("ho so huu").hits == 1
    Task.objects.filter(pk=task.pk).update(search_text="tong ket cong tac thu")
    assert _hits("ho so huu") == 0 and search.task_match("ho so huu").hits == 0
    assert _hits("tong ket") == 1
    Task.objects.filter(pk=task.pk).delete()
    assert search.task_match("tong ket").hits == 0  # the index itself forgot it


def _of_unit(unit: int) -> set[int]:
    """The tasks the text index holds as `unit`'s, asked as a unit's search asks it."""
    if connection.vendor == "sqlite":
        sql = "SELECT rowid FROM tasks_task_fts WHERE tasks_task_fts MATCH %s"
        asked = f"unit_words : {search.UNIT_WORD}{unit}"
    else:
        sql = "SELECT id FROM tasks_task WHERE (search_vector || unit_words) @@ %s::tsquery"
        asked = search.unit_lexemes([unit])
    with connection.cursor() as cursor:
        cursor.execute(sql, [asked])
        return {pk for (pk,) in cursor.fetchall()}


def test_the_text_index_follows_each_tasks_units_whatever_writes_them(unit_ids) -> None:
    """A unit's search for common words asks the index for the words and the units' words
    (SQLite: ADR 0036; PostgreSQL's lexemes: ADR 0038): the lead unit and the coordinating
    units, as each changes."""
    tst, csxh = unit_ids
    task = _task("bao cao quy")
    assert _of_unit(tst) == set()
    Task.objects.filter(pk=task.pk).update(lead_unit_id=tst)
    assert _of_unit(tst) == {task.pk}
    TaskCoordination.objects.create(task=task, unit_id=csxh)
    assert _of_unit(csxh) == {task.pk}
    other = _task("ke hoach nam")
    TaskCoordination.objects.filter(task=task).update(task=other)  # moved to another task
    assert _of_unit(csxh) == {other.pk} and _of_unit(tst) == {task.pk}
    TaskCoordination.objects.filter(task=other).update(unit_id=tst)  # to another unit
    assert _of_unit(csxh) == set() and _of_unit(tst) == {task.pk, other.pk}
    task.refresh_from_db()
    task.content = task.search_text = "bao cao nam"
    task.save()  # Django writes every field it knows, not the units' words
    assert _of_unit(tst) == {task.pk, other.pk}
    assert _hits("bao cao nam") == 1 and _hits("bao cao quy") == 0
    assert search.task_match(f"{search.UNIT_WORD}{tst}").hits == 0  # typed: never a unit
    TaskCoordination.objects.filter(task=other).delete()
    Task.objects.filter(pk=task.pk).update(lead_unit_id=None)
    assert _of_unit(tst) == set()
    Task.objects.filter(pk=task.pk).delete()
    assert stale_unit_words() == []  # the index holds what the table holds


def _lexemes(session: psycopg.Connection[Any], task: int) -> set[str]:
    sql = "SELECT tsvector_to_array(unit_words) FROM tasks_task WHERE id = %s"
    (lexemes,) = session.execute(sql, [task]).fetchone() or ([],)
    return set(lexemes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one at a time")
@pytest.mark.django_db(transaction=True)
def test_two_units_added_at_once_are_both_found(unit_ids) -> None:
    """Two people add a coordinating unit to the same task at the same moment (two sessions,
    as two workers would): the second waits for the first's lock on the task and then works
    the lexemes out from both rows, so neither unit's search loses the task (migration 0026)."""
    tst, csxh = unit_ids
    task = _task("bao cao quy").pk
    url = postgres_url(connection.settings_dict["NAME"])
    insert = "INSERT INTO tasks_taskcoordination (task_id, unit_id) VALUES (%s, %s)"
    with psycopg.connect(url) as first, psycopg.connect(url, autocommit=True) as watcher:
        first.execute(insert, [task, tst])  # its transaction stays open, the task locked
        second_pid: list[int] = []
        failed: list[BaseException] = []

        def second() -> None:
            try:
                with psycopg.connect(url) as session:
                    second_pid.append(session.info.backend_pid)
                    session.execute(insert, [task, csxh])  # waits for the first to commit
                    session.commit()
            except BaseException as error:  # reported by the assertions below
                failed.append(error)

        thread = threading.Thread(target=second)
        thread.start()
        waiting = "SELECT %s = ANY(pg_blocking_pids(%s))"
        deadline = time.monotonic() + 30
        while not (
            second_pid
            and watcher.execute(waiting, [first.info.backend_pid, second_pid[0]]).fetchone()[0]
        ):
            assert thread.is_alive() and time.monotonic() < deadline, "the second never waited"
            time.sleep(0.01)  # polled until the second session waits on the first's lock
        first.commit()
        thread.join(timeout=30)
        assert not thread.is_alive() and failed == []
        assert _lexemes(watcher, task) == {
            f"{search.UNIT_LEXEME}{tst}",
            f"{search.UNIT_LEXEME}{csxh}",
        }
    assert _of_unit(tst) == {task} and _of_unit(csxh) == {task}
    assert stale_unit_words() == []
