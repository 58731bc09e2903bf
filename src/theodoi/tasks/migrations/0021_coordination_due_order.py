"""A coordination row also carries its task's place in the list's order, kept by the triggers.

A unit's list is the tasks its units lead or coordinate, soonest first. Its page read every
one of them whole (SQLite: 5,316 led and 1,965 coordinated, 12 ms) or walked the order index
testing each task against the coordinated ids (PostgreSQL, 10 ms and more on later pages).
With a copy of each task's `due_order` here and the indexes (unit, due order, task) and
(lead unit, due order, id), the page's ids come in order from two indexes, and only its fifty
rows are read (docs/adr/0021-unit-list-page.md).

0007's triggers are made again to write the third copy; the task's trigger now also fires
when its internal deadline changes, which `due_order` is computed from. On PostgreSQL the
functions are replaced, which resets their settings: they are pinned to the schema again
as 0010 does. `tasks/checks.py` knows the triggers by name, which are unchanged.
"""

import importlib
from typing import Any

from django.conf import settings
from django.db import migrations, models

from theodoi.core.migration_sql import per_vendor


def _migration(name: str) -> Any:
    return importlib.import_module(f"theodoi.tasks.migrations.{name}")


COPIES = _migration("0007_coordination_task_copies")
PIN = _migration("0010_function_search_path").PIN

BACKFILL = (
    "UPDATE tasks_taskcoordination SET "
    "task_due_order = (SELECT due_order FROM tasks_task WHERE tasks_task.id = task_id)"
)
SQLITE_COPY = (
    "UPDATE tasks_taskcoordination SET "
    "task_state = (SELECT state FROM tasks_task WHERE id = new.task_id), "
    "task_deadline = (SELECT deadline FROM tasks_task WHERE id = new.task_id), "
    "task_due_order = (SELECT due_order FROM tasks_task WHERE id = new.task_id) "
    "WHERE id = new.id; END"
)
SQLITE_CREATE = [
    *COPIES.SQLITE_DROP,
    BACKFILL,
    "CREATE TRIGGER tasks_coordination_copy_ai AFTER INSERT ON tasks_taskcoordination BEGIN "
    + SQLITE_COPY,
    "CREATE TRIGGER tasks_coordination_copy_au AFTER UPDATE OF task_id "
    "ON tasks_taskcoordination BEGIN " + SQLITE_COPY,
    "CREATE TRIGGER tasks_task_copy_au AFTER UPDATE OF state, deadline, internal_deadline "
    "ON tasks_task WHEN old.state IS NOT new.state OR old.deadline IS NOT new.deadline "
    "OR old.due_order IS NOT new.due_order BEGIN "
    "UPDATE tasks_taskcoordination SET task_state = new.state, task_deadline = new.deadline, "
    "task_due_order = new.due_order WHERE task_id = new.id; END",
]
SQLITE_DROP = [*COPIES.SQLITE_DROP, *COPIES.SQLITE_CREATE[1:]]  # 0007's, without its backfill
POSTGRES_CREATE = [
    BACKFILL,
    """CREATE OR REPLACE FUNCTION tasks_coordination_copy() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      SELECT state, deadline, due_order INTO NEW.task_state, NEW.task_deadline,
        NEW.task_due_order
      FROM tasks_task WHERE id = NEW.task_id;
      RETURN NEW;
    END $$""",
    """CREATE OR REPLACE FUNCTION tasks_task_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE tasks_taskcoordination SET task_state = NEW.state, task_deadline = NEW.deadline,
        task_due_order = NEW.due_order
      WHERE task_id = NEW.id;
      RETURN NULL;
    END $$""",
    "DROP TRIGGER tasks_task_copy ON tasks_task",
    "CREATE TRIGGER tasks_task_copy AFTER UPDATE OF state, deadline, internal_deadline "
    "ON tasks_task FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state "
    "OR OLD.deadline IS DISTINCT FROM NEW.deadline "
    "OR OLD.due_order IS DISTINCT FROM NEW.due_order) EXECUTE FUNCTION tasks_task_copy()",
    *PIN,
]
POSTGRES_DROP = [*COPIES.POSTGRES_DROP, *COPIES.POSTGRES_CREATE[1:], *PIN]


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_units_names_aliases_successions"),
        ("tasks", "0020_state_deadline_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # nullable, without a default: SQLite adds the column without rebuilding the table
        # (which would drop its triggers)
        migrations.AddField(
            model_name="taskcoordination",
            name="task_due_order",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(
            per_vendor({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            per_vendor({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["lead_unit", "due_order", "id"], name="task_unit_due_idx"),
        ),
        migrations.AddIndex(
            model_name="taskcoordination",
            index=models.Index(
                fields=["unit", "task_due_order", "task"], name="coordination_due_idx"
            ),
        ),
    ]
