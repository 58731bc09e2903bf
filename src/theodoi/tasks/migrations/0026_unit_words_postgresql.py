"""PostgreSQL: each task's units beside its words in a text index, so that a unit's search for
common words finds its tasks inside that index (docs/adr/0038-unit-lexemes-on-postgresql.md),
as 0025 did for SQLite.

`tasks_task.unit_words` (a tsvector, PostgreSQL's alone and outside Django's model, as SQLite's
column of that name) holds a lexeme per unit that leads or coordinates the task: "#u" and the
unit's id. No typed word can be one: a term is letters and digits (`search._WORD`).
`task_search_units_idx` indexes `search_vector || unit_words` with GIN: a unit's search asks it
for the words and one of the units' lexemes, which GIN answers by stepping through their lists
together, skipping ahead in the long ones, instead of building the bitmap of every task holding
the words (tens of thousands for common ones) and intersecting it with the units' tasks.
`task_search_idx` stays as it is for every other search.

Triggers keep the column in step whatever writes the rows: a task inserted or its lead unit
changed (`tasks_task_unit_words`, before the row is written), a coordination row inserted,
deleted, or moved to another task or unit (`tasks_coordination_unit_words` and `..._au`, which
write the task's column again). The functions are pinned to the schema as 0010 pins its own;
`tasks/checks.py` knows them all by name. Nothing changes on SQLite.
"""

from django.db import migrations

from theodoi.core.migration_sql import per_vendor

UNIT_LEXEME = "#u"  # a unit's lexeme: "#u" and its id (tasks.search.unit_lexemes)

FUNCTIONS = [
    "tasks_unit_words(bigint, bigint)",
    "tasks_task_unit_words()",
    "tasks_coordination_unit_words()",
]
# Every task's lexemes, the table written again as a whole (the indexes too): an UPDATE of
# every row would leave the table and each of its indexes twice their size (the bench's
# generator runs it too)
FILL = (
    "ALTER TABLE tasks_task ALTER COLUMN unit_words TYPE tsvector "
    "USING tasks_unit_words(id, lead_unit_id)"
)
POSTGRES_CREATE = [
    "ALTER TABLE tasks_task ADD COLUMN unit_words tsvector NOT NULL DEFAULT ''::tsvector",
    f"""CREATE FUNCTION tasks_unit_words(task bigint, lead bigint) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
      SELECT coalesce(array_to_tsvector(array_agg(DISTINCT '{UNIT_LEXEME}' || unit)), '')
      FROM (SELECT lead WHERE lead IS NOT NULL
            UNION SELECT unit_id FROM tasks_taskcoordination WHERE task_id = task) AS units(unit)
    $$""",
    """CREATE FUNCTION tasks_task_unit_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' OR NEW.lead_unit_id IS DISTINCT FROM OLD.lead_unit_id THEN
        NEW.unit_words := tasks_unit_words(NEW.id, NEW.lead_unit_id);
      END IF;
      RETURN NEW;
    END $$""",
    # Each task's row is locked before its lexemes are worked out, in a statement of their
    # own: an UPDATE that waited for another transaction's lock would work them out from the
    # coordination rows as they were before that transaction committed (its snapshot), and
    # lose the unit it added
    """CREATE FUNCTION tasks_coordination_unit_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        PERFORM 1 FROM tasks_task WHERE id = OLD.task_id FOR NO KEY UPDATE;
        UPDATE tasks_task SET unit_words = tasks_unit_words(id, lead_unit_id)
        WHERE id = OLD.task_id;
      END IF;
      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.task_id IS DISTINCT FROM OLD.task_id) THEN
        PERFORM 1 FROM tasks_task WHERE id = NEW.task_id FOR NO KEY UPDATE;
        UPDATE tasks_task SET unit_words = tasks_unit_words(id, lead_unit_id)
        WHERE id = NEW.task_id;
      END IF;
      RETURN NULL;
    END $$""",
    *(
        "DO $$ BEGIN EXECUTE format("
        f"'ALTER FUNCTION {function} SET search_path = %I, pg_temp', current_schema()); END $$"
        for function in FUNCTIONS
    ),
    FILL,
    "CREATE INDEX task_search_units_idx ON tasks_task USING gin ((search_vector || unit_words))",
    "CREATE TRIGGER tasks_task_unit_words BEFORE INSERT OR UPDATE OF lead_unit_id "
    "ON tasks_task FOR EACH ROW EXECUTE FUNCTION tasks_task_unit_words()",
    "CREATE TRIGGER tasks_coordination_unit_words AFTER INSERT OR DELETE "
    "ON tasks_taskcoordination FOR EACH ROW EXECUTE FUNCTION tasks_coordination_unit_words()",
    "CREATE TRIGGER tasks_coordination_unit_words_au AFTER UPDATE OF task_id, unit_id "
    "ON tasks_taskcoordination FOR EACH ROW "
    "WHEN (OLD.task_id IS DISTINCT FROM NEW.task_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id) "
    "EXECUTE FUNCTION tasks_coordination_unit_words()",
]
POSTGRES_DROP = [
    "DROP TRIGGER tasks_coordination_unit_words_au ON tasks_taskcoordination",
    "DROP TRIGGER tasks_coordination_unit_words ON tasks_taskcoordination",
    "DROP TRIGGER tasks_task_unit_words ON tasks_task",
    "DROP INDEX task_search_units_idx",
    *(f"DROP FUNCTION {function}" for function in reversed(FUNCTIONS)),
    "ALTER TABLE tasks_task DROP COLUMN unit_words",
]


class Migration(migrations.Migration):
    dependencies = [("tasks", "0025_unit_words")]

    operations = [
        migrations.RunPython(
            per_vendor({"postgresql": POSTGRES_CREATE}), per_vendor({"postgresql": POSTGRES_DROP})
        )
    ]
