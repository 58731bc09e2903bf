"""SQLite: the text index also holds each task's units, so that a unit's search for common
words finds its tasks inside the index (docs/adr/0036-unit-words-in-the-text-index.md).

`tasks_task.unit_words` holds a word per unit that leads or coordinates the task ("u12
u41": the lead unit, then the coordinating units by id), and `tasks_task_fts` indexes it in
a second column beside `search_text`. A search within a unit asks for the words and one of
its units' words in one match, which FTS5 answers by stepping through the lists of the
words and of the units together, instead of building the list of every task holding the
words (tens of thousands for common ones) and testing the units' tasks against it.

The column is SQLite's alone and outside Django's model: only the triggers write it, so that
a task saved by Django (which writes every field it knows) never puts back a stale copy. The
triggers keep the column and the index in step with the tasks and the coordination rows
whatever writes them: a task's insert, its lead unit or text changed, a coordination row
added, moved or deleted. Each writes the index's entry again: the old entry is taken out
with the values it was made from, the column made again, and the new entry put in. The index
and the triggers of 0016 are made again with the second column; `tasks/checks.py` knows them
all by name. Nothing changes on PostgreSQL, whose search for a unit intersects its text index
with the units' tasks (ADR 0031).
"""

import importlib
from typing import Any

from django.db import migrations

from theodoi.core.migration_sql import per_vendor

RELEVANCE: Any = importlib.import_module("theodoi.tasks.migrations.0016_search_relevance")

UNIT_WORD = "u"  # a unit's word in the index: "u" and its id (tasks.search.unit_words)


def words_of(task: str) -> str:
    """The unit words of the task whose id is `task`, for an UPDATE of that task's row (whose
    `lead_unit_id` it reads): its lead unit first, then the coordinating units by id."""
    return (
        f"trim(coalesce('{UNIT_WORD}' || lead_unit_id, '') || ' ' || coalesce("
        f"(SELECT group_concat('{UNIT_WORD}' || unit_id, ' ') FROM (SELECT unit_id FROM "
        f"tasks_taskcoordination WHERE task_id = {task} ORDER BY unit_id)), ''))"
    )


def _indexed(task: str) -> str:
    """The statements of a trigger that write the unit words of task `task` and put its entry
    into the index, its old entry taken out already."""
    return (
        f"UPDATE tasks_task SET unit_words = {words_of(task)} WHERE id = {task}; "
        "INSERT INTO tasks_task_fts(rowid, search_text, unit_words) "
        f"SELECT id, search_text, unit_words FROM tasks_task WHERE id = {task}; "
    )


def _written_again(task: str) -> str:
    """The statements of a trigger that make the index's entry of task `task` again, from
    its row as it is."""
    return (
        "INSERT INTO tasks_task_fts(tasks_task_fts, rowid, search_text, unit_words) "
        f"SELECT 'delete', id, search_text, unit_words FROM tasks_task WHERE id = {task}; "
        + _indexed(task)
    )


FTS = RELEVANCE.TASK_FTS
SQLITE_CREATE = [
    *RELEVANCE.SQLITE_DROP,
    "ALTER TABLE tasks_task ADD COLUMN unit_words TEXT NOT NULL DEFAULT ''",
    f"UPDATE tasks_task SET unit_words = {words_of('tasks_task.id')}",
    "CREATE VIRTUAL TABLE tasks_task_fts USING fts5(search_text, unit_words, "
    f"content='tasks_task', content_rowid='id', {FTS})",
    "CREATE TRIGGER tasks_task_fts_ai AFTER INSERT ON tasks_task BEGIN "
    + _indexed("new.id")
    + "END",
    "CREATE TRIGGER tasks_task_fts_ad AFTER DELETE ON tasks_task BEGIN "
    "INSERT INTO tasks_task_fts(tasks_task_fts, rowid, search_text, unit_words) "
    "VALUES ('delete', old.id, old.search_text, old.unit_words); END",
    # the UPDATEs of the triggers name `unit_words` alone: they set off no trigger of the task
    "CREATE TRIGGER tasks_task_fts_au AFTER UPDATE OF search_text, lead_unit_id ON tasks_task "
    "WHEN old.search_text IS NOT new.search_text OR old.lead_unit_id IS NOT new.lead_unit_id "
    "BEGIN "
    "INSERT INTO tasks_task_fts(tasks_task_fts, rowid, search_text, unit_words) "
    "VALUES ('delete', old.id, old.search_text, old.unit_words); " + _indexed("new.id") + "END",
    "CREATE TRIGGER tasks_coordination_words_ai AFTER INSERT ON tasks_taskcoordination BEGIN "
    + _written_again("new.task_id")
    + "END",
    "CREATE TRIGGER tasks_coordination_words_ad AFTER DELETE ON tasks_taskcoordination BEGIN "
    + _written_again("old.task_id")
    + "END",
    "CREATE TRIGGER tasks_coordination_words_au AFTER UPDATE OF task_id, unit_id "
    "ON tasks_taskcoordination "
    "WHEN old.task_id IS NOT new.task_id OR old.unit_id IS NOT new.unit_id BEGIN "
    + _written_again("old.task_id")
    + _written_again("new.task_id")
    + "END",
    "INSERT INTO tasks_task_fts(tasks_task_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS tasks_coordination_words_ai",
    "DROP TRIGGER IF EXISTS tasks_coordination_words_ad",
    "DROP TRIGGER IF EXISTS tasks_coordination_words_au",
    *RELEVANCE.SQLITE_DROP,
    "ALTER TABLE tasks_task DROP COLUMN unit_words",
    *RELEVANCE.sqlite_create(FTS),
]


class Migration(migrations.Migration):
    dependencies = [("tasks", "0024_state_counts")]

    operations = [
        migrations.RunPython(
            per_vendor({"sqlite": SQLITE_CREATE}), per_vendor({"sqlite": SQLITE_DROP})
        )
    ]
