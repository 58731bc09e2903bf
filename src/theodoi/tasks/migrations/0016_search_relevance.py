"""Search by relevance, and diacritics that narrow (docs/adr/0010-search-relevance.md).

`search_text` gains, after the folded words, each word that carries diacritics as written,
lower-cased (`tasks.search.indexed_text`, copied here as it is today): every task's text is
written again. SQLite: the FTS5 table is made again with a tokenizer that keeps diacritics
(`remove_diacritics 0`; the folded words are plain ASCII anyway), so that "sổ" and "số" are
two words in the index; same triggers as 0003. PostgreSQL: `search_vector` also holds the
words at their places with weight A (`to_tsvector`), beside every beginning of every word
without a place (0006): `ts_rank` then scores a whole word above a beginning, `ts_rank_cd`
words side by side, and `<->` finds a quoted phrase. The index and the column go before the
texts are written (no index work per row) and come back after.
"""

import re
import unicodedata

from django.db import migrations

from theodoi.core.text import fold

TASK_FTS_0003 = "tokenize='unicode61', prefix='2 3'"
TASK_FTS = "tokenize='unicode61 remove_diacritics 0', prefix='2 3'"
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS tasks_task_fts_ai",
    "DROP TRIGGER IF EXISTS tasks_task_fts_ad",
    "DROP TRIGGER IF EXISTS tasks_task_fts_au",
    "DROP TABLE IF EXISTS tasks_task_fts",
]


def sqlite_create(tokenizer: str) -> list[str]:
    return [
        "CREATE VIRTUAL TABLE tasks_task_fts USING fts5(search_text, content='tasks_task', "
        f"content_rowid='id', {tokenizer})",
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


POSTGRES_DROP = [
    "DROP INDEX IF EXISTS task_search_idx",
    "ALTER TABLE tasks_task DROP COLUMN search_vector",
]
VECTOR_0006 = "tasks_word_prefixes(search_text)"
VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, search_text), 'A') "
    "|| tasks_word_prefixes(search_text)"
)


def postgres_create(vector: str) -> list[str]:
    return [
        f"ALTER TABLE tasks_task ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) "
        "STORED",
        "CREATE INDEX task_search_idx ON tasks_task USING gin (search_vector)",
    ]


_WORD = re.compile(r"[^\W_]+")


def indexed_text(text: str) -> str:
    folded = fold(text)
    words = _WORD.findall(unicodedata.normalize("NFC", text.lower()))
    accented = [word for word in dict.fromkeys(words) if not word.isascii()]
    return " ".join([folded, *accented]) if accented else folded


FIELDS = (
    "id",
    "code",
    "content",
    "product",
    "lead_text",
    "document__number",
    "lead_unit__code",
    "lead_unit__short_name",
    "lead_unit__name",
)


def rewrite(apps, schema_editor, make=indexed_text):
    """Every task's `search_text` again, as `tasks.steps.search_text_of` makes it."""
    tasks = apps.get_model("tasks", "Task").objects.using(schema_editor.connection.alias)
    rows = tasks.order_by("id").values_list(*FIELDS)
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while batch := list(rows.filter(id__gt=last)[:5000]):
            cursor.executemany(
                "UPDATE tasks_task SET search_text = %s WHERE id = %s",
                [(make(" ".join(p for p in row[1:] if p)), row[0]) for row in batch],
            )
            last = batch[-1][0]


def step(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


def forward(apps, schema_editor):
    step({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})(apps, schema_editor)
    rewrite(apps, schema_editor)
    step({"sqlite": sqlite_create(TASK_FTS), "postgresql": postgres_create(VECTOR)})(
        apps, schema_editor
    )


def backward(apps, schema_editor):
    step({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})(apps, schema_editor)
    rewrite(apps, schema_editor, make=fold)
    step({"sqlite": sqlite_create(TASK_FTS_0003), "postgresql": postgres_create(VECTOR_0006)})(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("tasks", "0015_returns_paper_assignment")]

    operations = [migrations.RunPython(forward, backward)]
