"""PostgreSQL: index every beginning of every word, so that a search asks for whole lexemes.

A prefix query (`don:*`) makes the GIN index gather and merge the posting lists of every word
that starts with the prefix, and leaves the planner guessing how many tasks match. With each
word's beginnings stored as lexemes ("doc" → d, do, doc), a typed word is one lexeme: one
posting list, intersected with the others by GIN's fast scan, and counted by the column's
statistics (faster counts for a larger index: docs/bench.md, docs/adr/0005-full-text-search.md).
Nothing changes on SQLite, whose FTS5 index answers prefixes directly.
"""

from django.db import migrations

from theodoi.core.migration_sql import per_vendor

FUNCTION = """
CREATE OR REPLACE FUNCTION tasks_word_prefixes(words text) RETURNS tsvector
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(word, n))), ''::tsvector)
  FROM regexp_split_to_table(words, '\\s+') AS word, generate_series(1, length(word)) AS n
  WHERE word <> ''
$$
"""
POSTGRES_CREATE = [
    FUNCTION,
    "DROP INDEX IF EXISTS task_search_idx",
    "ALTER TABLE tasks_task DROP COLUMN search_vector",
    "ALTER TABLE tasks_task ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (tasks_word_prefixes(search_text)) STORED",
    "CREATE INDEX task_search_idx ON tasks_task USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS task_search_idx",
    "ALTER TABLE tasks_task DROP COLUMN search_vector",
    "ALTER TABLE tasks_task ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX task_search_idx ON tasks_task USING gin (search_vector)",
    "DROP FUNCTION IF EXISTS tasks_word_prefixes(text)",
]



class Migration(migrations.Migration):
    dependencies = [("tasks", "0005_task_search_vector")]

    operations = [migrations.RunPython(
            per_vendor({"postgresql": POSTGRES_CREATE}), per_vendor({"postgresql": POSTGRES_DROP})
        )]
