"""PostgreSQL: keep each task's words as a stored `tsvector` and index that, instead of an index
over the expression. The check of each candidate row then reads the stored words instead of
parsing `search_text` again (faster for common words: docs/bench.md). Django does not know the
column; only `tasks/search.py` reads it. Nothing changes on SQLite.
"""

from django.db import migrations

from theodoi.core.migration_sql import per_vendor

POSTGRES_CREATE = [
    "DROP INDEX IF EXISTS task_search_idx",
    "ALTER TABLE tasks_task ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX task_search_idx ON tasks_task USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS task_search_idx",
    "ALTER TABLE tasks_task DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX task_search_idx ON tasks_task "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
]



class Migration(migrations.Migration):
    dependencies = [("tasks", "0004_fact_stats_index")]

    operations = [migrations.RunPython(
            per_vendor({"postgresql": POSTGRES_CREATE}), per_vendor({"postgresql": POSTGRES_DROP})
        )]
