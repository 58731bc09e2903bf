"""A coordination row also carries its task's lead unit, kept by the triggers.

A unit's list counts the tasks its units lead or coordinate, each once. The count united the
two sets of ids and removed the repeats: on PostgreSQL, hashing every id of a central unit
(5,364 led and 1,963 coordinated at 200,000 tasks) took most of the 5-8 ms the count cost. A
coordinated task is a repeat exactly when its lead unit is one of the person's units. With a
copy of that lead unit here, in the index (unit, state, deadline, lead unit, task), the count
adds the led tasks to the coordinated ones led elsewhere, each read from its index, without
hashing the led ids (docs/adr/0018-unit-list-count.md, "Since").

0021's triggers are made again to write the fourth copy; the task's trigger now also fires
when its lead unit changes. On PostgreSQL the functions are replaced, which resets their
settings: they are pinned to the schema again as 0010 does. `tasks/checks.py` knows the
triggers by name, which are unchanged.
"""

import importlib
from typing import Any

from django.db import migrations, models

from theodoi.core.migration_sql import per_vendor


def _migration(name: str) -> Any:
    return importlib.import_module(f"theodoi.tasks.migrations.{name}")


COPIES = _migration("0007_coordination_task_copies")
DUE = _migration("0021_coordination_due_order")
PIN = _migration("0010_function_search_path").PIN

BACKFILL = (
    "UPDATE tasks_taskcoordination SET task_lead_unit_id = "
    "(SELECT lead_unit_id FROM tasks_task WHERE tasks_task.id = task_id)"
)
SQLITE_COPY = (
    "UPDATE tasks_taskcoordination SET "
    "task_state = (SELECT state FROM tasks_task WHERE id = new.task_id), "
    "task_deadline = (SELECT deadline FROM tasks_task WHERE id = new.task_id), "
    "task_due_order = (SELECT due_order FROM tasks_task WHERE id = new.task_id), "
    "task_lead_unit_id = (SELECT lead_unit_id FROM tasks_task WHERE id = new.task_id) "
    "WHERE id = new.id; END"
)
SQLITE_CREATE = [
    *COPIES.SQLITE_DROP,
    BACKFILL,
    "CREATE TRIGGER tasks_coordination_copy_ai AFTER INSERT ON tasks_taskcoordination BEGIN "
    + SQLITE_COPY,
    "CREATE TRIGGER tasks_coordination_copy_au AFTER UPDATE OF task_id "
    "ON tasks_taskcoordination BEGIN " + SQLITE_COPY,
    "CREATE TRIGGER tasks_task_copy_au "
    "AFTER UPDATE OF state, deadline, internal_deadline, lead_unit_id ON tasks_task "
    "WHEN old.state IS NOT new.state OR old.deadline IS NOT new.deadline "
    "OR old.due_order IS NOT new.due_order OR old.lead_unit_id IS NOT new.lead_unit_id BEGIN "
    "UPDATE tasks_taskcoordination SET task_state = new.state, task_deadline = new.deadline, "
    "task_due_order = new.due_order, task_lead_unit_id = new.lead_unit_id "
    "WHERE task_id = new.id; END",
]
# 0021's triggers again, without its backfill
SQLITE_DROP = [*COPIES.SQLITE_DROP, *DUE.SQLITE_CREATE[len(COPIES.SQLITE_DROP) + 1 :]]
POSTGRES_CREATE = [
    BACKFILL,
    """CREATE OR REPLACE FUNCTION tasks_coordination_copy() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      SELECT state, deadline, due_order, lead_unit_id INTO NEW.task_state, NEW.task_deadline,
        NEW.task_due_order, NEW.task_lead_unit_id
      FROM tasks_task WHERE id = NEW.task_id;
      RETURN NEW;
    END $$""",
    """CREATE OR REPLACE FUNCTION tasks_task_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE tasks_taskcoordination SET task_state = NEW.state, task_deadline = NEW.deadline,
        task_due_order = NEW.due_order, task_lead_unit_id = NEW.lead_unit_id
      WHERE task_id = NEW.id;
      RETURN NULL;
    END $$""",
    "DROP TRIGGER tasks_task_copy ON tasks_task",
    "CREATE TRIGGER tasks_task_copy "
    "AFTER UPDATE OF state, deadline, internal_deadline, lead_unit_id "
    "ON tasks_task FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state "
    "OR OLD.deadline IS DISTINCT FROM NEW.deadline "
    "OR OLD.due_order IS DISTINCT FROM NEW.due_order "
    "OR OLD.lead_unit_id IS DISTINCT FROM NEW.lead_unit_id) EXECUTE FUNCTION tasks_task_copy()",
    *PIN,
]
POSTGRES_DROP = DUE.POSTGRES_CREATE[1:]  # 0021's functions and trigger, without its backfill


class Migration(migrations.Migration):
    dependencies = [("tasks", "0022_state_deadline_order")]

    operations = [
        # nullable, without a default: SQLite adds the column without rebuilding the table
        # (which would drop its triggers)
        migrations.AddField(
            model_name="taskcoordination",
            name="task_lead_unit_id",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(
            per_vendor({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            per_vendor({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.RemoveIndex(model_name="taskcoordination", name="coordination_unit_idx"),
        migrations.AddIndex(
            model_name="taskcoordination",
            index=models.Index(
                fields=["unit", "task_state", "task_deadline", "task_lead_unit_id", "task"],
                name="coordination_unit_idx",
            ),
        ),
    ]
