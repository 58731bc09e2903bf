"""Text search over tasks: every typed word must begin a word of the task, diacritics ignored.

`Task.search_text` holds the task's words folded to plain ASCII (`core.text.fold`), and each
database indexes it with its own full-text engine: on SQLite an FTS5 table kept in step by
triggers (migration 0003), asked for prefixes (`"doc"*`); on PostgreSQL a stored
`search_vector` column holding every beginning of every word ("doc" → d, do, doc; migration
0006) with a GIN index, asked for whole lexemes (`'doc'`). Both answer the same question, "does
each term start one of the words?", so "don doc" finds "Đôn đốc" and "vss" finds "VssID", on
either database, without reading every task.

First the index counts the matching tasks, up to `WALK_FROM`. A few thousand matches are
fetched from the index and sorted. From `WALK_FROM` on, it is faster to walk the tasks in list
order and keep those that match, stopping at the end of the page: the condition is then
written so that the database cannot use the text index (`+` before the column on SQLite,
the function `ts_match_vq` instead of the `@@` operator on PostgreSQL). Measured at 200,000
tasks: a common phrase's first page from 90 ms to a few ms on PostgreSQL. Walking is not
used below `WALK_FROM` because matches may cluster in time ("... 2024"): walking 70,000 tasks
to find the first 2,500 matches of 2024 costs more than sorting them.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from theodoi.core.text import fold

MAX_TERMS = 8
# Matches from which the list order is walked instead of sorting the matches, per database:
# PostgreSQL pays more per row walked (it reads each task's words), so it walks later.
WALK_FROM = {"sqlite": 2000, "postgresql": 5000}

_COUNT = {
    "sqlite": "SELECT count(*) FROM "
    "(SELECT 1 FROM tasks_task_fts WHERE tasks_task_fts MATCH %s LIMIT %s)",
    "postgresql": "SELECT count(*) FROM "
    "(SELECT 1 FROM tasks_task WHERE search_vector @@ %s::tsquery LIMIT %s) AS hits",
}
_FEW = {
    "sqlite": '"tasks_task"."id" IN '
    "(SELECT rowid FROM tasks_task_fts WHERE tasks_task_fts MATCH %s)",
    "postgresql": '"tasks_task"."search_vector" @@ %s::tsquery',
}
_MANY = {
    "sqlite": '+"tasks_task"."id" IN '
    "(SELECT rowid FROM tasks_task_fts WHERE tasks_task_fts MATCH %s)",
    "postgresql": 'ts_match_vq("tasks_task"."search_vector", %s::tsquery)',
}


def search_terms(text: str) -> list[str]:
    """The words to look for: folded, so only [0-9a-z] remain (safe inside a match query)."""
    return fold(text).split()[:MAX_TERMS]


def _expression(terms: list[str]) -> str:
    if connection.vendor == "sqlite":
        return " ".join(f'"{term}"*' for term in terms)
    return " & ".join(f"'{term}'" for term in terms)


@dataclass(frozen=True)
class Match:
    condition: Q
    hits: int  # tasks holding the words, before other filters or access rules, up to WALK_FROM


def task_match(text: str) -> Match | None:
    """A filter for tasks whose words start with every term of `text`; None if no terms."""
    terms = search_terms(text)
    if not terms:
        return None
    vendor = connection.vendor
    expression = _expression(terms)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT[vendor], [expression, WALK_FROM[vendor]])
        hits = cursor.fetchone()[0]
    sql = (_MANY if hits >= WALK_FROM[vendor] else _FEW)[vendor]
    return Match(Q(RawSQL(sql, [expression], output_field=BooleanField())), hits)
