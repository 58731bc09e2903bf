"""PostgreSQL: the trigger functions look up tables in the schema they were made in.

The coordination copies' trigger functions (0007) name `tasks_task` and
`tasks_taskcoordination` without a schema, and found them through the caller's `search_path`.
pg_restore empties `search_path` while it loads data, so a data-only restore into a schema
made by `theodoi migrate` lost every coordination row (`relation "tasks_task" does not
exist`, issue 18). Each now carries its own `search_path`: the schema the migration runs in
(`current_schema()`, where Django makes the tables), then `pg_temp` last so that a session's
temporary table cannot stand in for ours. It costs nothing measurable (16,500 trigger calls:
1.55 s pinned, 1.53 s not).

The search column's function (`tasks_word_prefixes`, 0006) is left as it is: it calls only
built-in functions, which PostgreSQL looks up in pg_catalog first whatever `search_path` says
(also when it is empty, as the data-only restore test shows), and a SQL function with a `SET`
clause is planned again on every call: 50,000 calls took 6.8-8.0 s pinned against 4.1-4.8 s,
on every task written and every task restored.

Pinned to the schema by name rather than `SET search_path FROM CURRENT`, which would keep
the migration's whole path (`"$user", public`): `$user` is resolved when the function runs,
so a restore as another user could find a schema of that user's name first. A deployment in a
schema other than `public` (DATABASE_URL `?options=-csearch_path%3Dtheodoi`) gets that schema.
`tasks/checks.py` warns (tasks.W001) about a function not pinned to the current schema, for
instance after the schema was renamed: run this migration's statements again.
"""

from django.db import migrations

from theodoi.core.migration_sql import per_vendor

FUNCTIONS = ["tasks_coordination_copy()", "tasks_task_copy()"]
PIN = [
    "DO $$ BEGIN EXECUTE format("
    f"'ALTER FUNCTION {function} SET search_path = %I, pg_temp', current_schema()); END $$"
    for function in FUNCTIONS
]
UNPIN = [f"ALTER FUNCTION {function} RESET search_path" for function in FUNCTIONS]


class Migration(migrations.Migration):
    dependencies = [("tasks", "0009_event_kinds_unit_ids")]

    operations = [
        migrations.RunPython(per_vendor({"postgresql": PIN}), per_vendor({"postgresql": UNPIN}))
    ]
