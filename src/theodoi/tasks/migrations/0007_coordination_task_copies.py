"""A coordination row carries a copy of its task's state and deadline, kept by triggers.

A unit's list ("my unit's tasks in progress due this quarter") joins the tasks the unit leads
with those it coordinates. Without the copies, the coordinated ones are every task the unit
ever coordinated (thousands, for a province), each visited to test its state and deadline.
With them, the index (unit, state, deadline, task) hands over just the matching ids.

Triggers rather than application code keep the copies, so that no way of changing a task
(a cycle step, a bulk update, a handover, a data fix in SQL) can leave them stale. On SQLite,
a migration that rebuilds `tasks_task` or `tasks_taskcoordination` drops their triggers and
must create them again (see 0003); `tasks/checks.py` names them if they are missing. What it
saves and costs: docs/adr/0006-coordination-copies.md.
"""

from django.db import migrations, models

from theodoi.core.migration_sql import per_vendor

BACKFILL = (
    "UPDATE tasks_taskcoordination SET "
    "task_state = (SELECT state FROM tasks_task WHERE tasks_task.id = task_id), "
    "task_deadline = (SELECT deadline FROM tasks_task WHERE tasks_task.id = task_id)"
)
SQLITE_CREATE = [
    BACKFILL,
    "CREATE TRIGGER tasks_coordination_copy_ai AFTER INSERT ON tasks_taskcoordination BEGIN "
    "UPDATE tasks_taskcoordination SET "
    "task_state = (SELECT state FROM tasks_task WHERE id = new.task_id), "
    "task_deadline = (SELECT deadline FROM tasks_task WHERE id = new.task_id) "
    "WHERE id = new.id; END",
    "CREATE TRIGGER tasks_coordination_copy_au AFTER UPDATE OF task_id "
    "ON tasks_taskcoordination BEGIN "
    "UPDATE tasks_taskcoordination SET "
    "task_state = (SELECT state FROM tasks_task WHERE id = new.task_id), "
    "task_deadline = (SELECT deadline FROM tasks_task WHERE id = new.task_id) "
    "WHERE id = new.id; END",
    "CREATE TRIGGER tasks_task_copy_au AFTER UPDATE OF state, deadline ON tasks_task "
    "WHEN old.state IS NOT new.state OR old.deadline IS NOT new.deadline BEGIN "
    "UPDATE tasks_taskcoordination SET task_state = new.state, task_deadline = new.deadline "
    "WHERE task_id = new.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS tasks_coordination_copy_ai",
    "DROP TRIGGER IF EXISTS tasks_coordination_copy_au",
    "DROP TRIGGER IF EXISTS tasks_task_copy_au",
]
POSTGRES_CREATE = [
    BACKFILL,
    """CREATE FUNCTION tasks_coordination_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT state, deadline INTO NEW.task_state, NEW.task_deadline
      FROM tasks_task WHERE id = NEW.task_id;
      RETURN NEW;
    END $$""",
    "CREATE TRIGGER tasks_coordination_copy BEFORE INSERT OR UPDATE OF task_id "
    "ON tasks_taskcoordination "
    "FOR EACH ROW EXECUTE FUNCTION tasks_coordination_copy()",
    """CREATE FUNCTION tasks_task_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE tasks_taskcoordination SET task_state = NEW.state, task_deadline = NEW.deadline
      WHERE task_id = NEW.id;
      RETURN NULL;
    END $$""",
    "CREATE TRIGGER tasks_task_copy AFTER UPDATE OF state, deadline ON tasks_task "
    "FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state "
    "OR OLD.deadline IS DISTINCT FROM NEW.deadline) EXECUTE FUNCTION tasks_task_copy()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS tasks_task_copy ON tasks_task",
    "DROP FUNCTION IF EXISTS tasks_task_copy()",
    "DROP TRIGGER IF EXISTS tasks_coordination_copy ON tasks_taskcoordination",
    "DROP FUNCTION IF EXISTS tasks_coordination_copy()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_units_names_aliases_successions"),
        ("tasks", "0006_task_word_prefixes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="taskcoordination", name="coordination_unit_idx"),
        migrations.AddField(
            model_name="taskcoordination",
            name="task_deadline",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="taskcoordination",
            name="task_state",
            field=models.CharField(default="", editable=False, max_length=20),
        ),
        migrations.RunPython(
            per_vendor({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            per_vendor({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.AddIndex(
            model_name="taskcoordination",
            index=models.Index(
                fields=["unit", "task_state", "task_deadline", "task"],
                name="coordination_unit_idx",
            ),
        ),
    ]
