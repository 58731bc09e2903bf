"""A full-text index over `Task.search_text`, in each database's own engine (see search.py).

On SQLite, an external-content FTS5 table kept in step by triggers. Caution: when Django
rebuilds `tasks_task` on SQLite (some ALTERs copy the table), the triggers go with the old
table; a later migration that alters `tasks_task` must run `SQLITE_CREATE` triggers again.
If they are missing, `tasks/checks.py` names them (`theodoi check --database default`, and
`tasks/tests/test_database_objects.py` on both databases). docs/adr/0005-full-text-search.md.
"""

from django.db import migrations

from theodoi.core.migration_sql import per_vendor

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE tasks_task_fts USING fts5(search_text, content='tasks_task', "
    "content_rowid='id', tokenize='unicode61', prefix='2 3')",
    "CREATE TRIGGER tasks_task_fts_ai AFTER INSERT ON tasks_task BEGIN "
    "INSERT INTO tasks_task_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER tasks_task_fts_ad AFTER DELETE ON tasks_task BEGIN "
    "INSERT INTO tasks_task_fts(tasks_task_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER tasks_task_fts_au AFTER UPDATE OF search_text ON tasks_task BEGIN "
    "INSERT INTO tasks_task_fts(tasks_task_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO tasks_task_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO tasks_task_fts(tasks_task_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS tasks_task_fts_ai",
    "DROP TRIGGER IF EXISTS tasks_task_fts_ad",
    "DROP TRIGGER IF EXISTS tasks_task_fts_au",
    "DROP TABLE IF EXISTS tasks_task_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX task_search_idx ON tasks_task "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS task_search_idx"]



class Migration(migrations.Migration):
    dependencies = [("tasks", "0002_task_due_order")]

    operations = [
        migrations.RunPython(
            per_vendor({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            per_vendor({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
