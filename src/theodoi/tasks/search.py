"""Text search over tasks: every typed word must begin a word of the task, diacritics ignored.

`Task.search_text` holds the task's words folded to plain ASCII (`core.text.fold`), and each
database indexes it with its own full-text engine (migrations 0003, 0005): an FTS5 table kept
in step by triggers on SQLite; on PostgreSQL a stored `search_vector` column
(`to_tsvector('simple', search_text)`, kept by the database) with a GIN index. Both answer
the same question, "does each term start one of the words?", so "don doc" finds "Đôn đốc" and
"vss" finds "VssID", on either database, without reading every task.

How many tasks hold the words (one query on the index alone) decides how SQLite should read
them: a few hundred are fetched from the index and sorted; many thousands are found faster by
walking the tasks in list order and keeping those that match, which the `+` before the column
tells SQLite to do. PostgreSQL makes that choice itself.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from theodoi.core.text import fold

MAX_TERMS = 8
WALK_FROM = 2000  # matches from which SQLite walks the list order instead of sorting

_MATCHES = {
    "sqlite": "SELECT rowid FROM tasks_task_fts WHERE tasks_task_fts MATCH %s",
    "postgresql": (
        "SELECT id FROM tasks_task WHERE search_vector @@ to_tsquery('simple'::regconfig, %s)"
    ),
}
_COUNT = {
    "sqlite": "SELECT count(*) FROM tasks_task_fts WHERE tasks_task_fts MATCH %s",
    "postgresql": "SELECT count(*) FROM (" + _MATCHES["postgresql"] + ") AS hits",
}


def search_terms(text: str) -> list[str]:
    """The words to look for: folded, so only [0-9a-z] remain (safe inside a match query)."""
    return fold(text).split()[:MAX_TERMS]


def _expression(terms: list[str]) -> str:
    if connection.vendor == "sqlite":
        return " ".join(f'"{term}"*' for term in terms)
    return " & ".join(f"{term}:*" for term in terms)


@dataclass(frozen=True)
class Match:
    condition: Q
    hits: int  # tasks holding the words, before any other filter or access rule


def task_match(text: str) -> Match | None:
    """A filter for tasks whose words start with every term of `text`; None if no terms."""
    terms = search_terms(text)
    if not terms:
        return None
    vendor = connection.vendor
    expression = _expression(terms)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT[vendor], [expression])
        hits = cursor.fetchone()[0]
    column = (
        '+"tasks_task"."id"' if vendor == "sqlite" and hits >= WALK_FROM else '"tasks_task"."id"'
    )
    sql = f"{column} IN ({_MATCHES[vendor]})"
    return Match(Q(RawSQL(sql, [expression], output_field=BooleanField())), hits)
