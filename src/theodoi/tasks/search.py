"""Text search over tasks: every typed word must begin a word of the task, diacritics ignored.

`Task.search_text` holds the task's words folded to plain ASCII (`core.text.fold`), and each
database indexes it with its own full-text engine: on SQLite an FTS5 table kept in step by
triggers (migration 0003), asked for prefixes (`"doc"*`); on PostgreSQL a stored
`search_vector` column holding every beginning of every word ("doc" → d, do, doc; migration
0006) with a GIN index, asked for whole lexemes (`'doc'`). Both answer the same question, "does
each term start one of the words?", so "don doc" finds "Đôn đốc" and "vss" finds "VssID", on
either database, without reading every task.

First the index counts the matching tasks, up to `COUNT_CAP` + 1: the list shows that count,
or "more than 1,000". Up to `COUNT_CAP` matches are fetched from the index and sorted. Beyond,
sorting every match costs more than walking the tasks in list order and keeping those that
match, stopping at the end of the page, if matches are common at the head of the list: the
first `FRONT` tasks of the list order are probed for a page of matches (`FRONT_HITS`). If they
hold it, the page walks: the condition is then written so that the database cannot use the text
index (`+` before the column on SQLite, the function `ts_match_vq` instead of the `@@` operator
on PostgreSQL). If not, the matches cluster elsewhere in time ("... 2024": 2,500 matches 70,000
tasks into the list) and are sorted. SQLite does not probe: its walk reads the matches from
the FTS index once, as a list to test each task against, so walking a clustered phrase costs
about what sorting it does, and a probe would read that list a second time (as costly as the
page itself). Why two full-text indexes, and their guard: docs/adr/0005-full-text-search.md;
timings: docs/bench.md.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from theodoi.core.text import fold

MAX_TERMS = 8
# a typed word is looked up by its first MAX_TERM_LENGTH letters: PostgreSQL refuses a word of
# over 2,046 bytes in a query, and a longer word is found by its beginning anyway
MAX_TERM_LENGTH = 100
COUNT_CAP = 1000  # matches counted exactly; beyond, the list says "more than" (views)
FRONT = 4000  # tasks at the head of the list order probed for matches before walking it
FRONT_HITS = 50  # matches the head must hold (a page) for the walk to pay

_COUNT = {
    "sqlite": "SELECT count(*) FROM "
    "(SELECT 1 FROM tasks_task_fts WHERE tasks_task_fts MATCH %s LIMIT %s)",
    "postgresql": "SELECT count(*) FROM "
    "(SELECT 1 FROM tasks_task WHERE search_vector @@ %s::tsquery LIMIT %s) AS hits",
}
_FRONT = {  # the probe, where it pays
    "postgresql": "SELECT count(*) FROM (SELECT 1 FROM "
    "(SELECT search_vector FROM tasks_task ORDER BY due_order, id LIMIT %s) AS head "
    "WHERE ts_match_vq(head.search_vector, %s::tsquery) LIMIT %s) AS hits",
}
_FEW = {
    "sqlite": '"tasks_task"."id" IN '
    "(SELECT rowid FROM tasks_task_fts WHERE tasks_task_fts MATCH %s)",
    "postgresql": '"tasks_task"."search_vector" @@ %s::tsquery',
}
_WALK = {
    "sqlite": '+"tasks_task"."id" IN '
    "(SELECT rowid FROM tasks_task_fts WHERE tasks_task_fts MATCH %s)",
    "postgresql": 'ts_match_vq("tasks_task"."search_vector", %s::tsquery)',
}


def search_terms(text: str) -> list[str]:
    """The words to look for: folded, so only [0-9a-z] remain (safe inside a match query),
    each cut to MAX_TERM_LENGTH letters."""
    return [term[:MAX_TERM_LENGTH] for term in fold(text).split()[:MAX_TERMS]]


def _expression(terms: list[str]) -> str:
    if connection.vendor == "sqlite":
        return " ".join(f'"{term}"*' for term in terms)
    return " & ".join(f"'{term}'" for term in terms)


@dataclass(frozen=True)
class Match:
    condition: Q
    hits: int  # tasks holding the words, before other filters or access rules, up to COUNT_CAP + 1
    walk: bool  # whether the list order is walked (see above)


def _scalar(sql: str, params: list[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def task_match(text: str) -> Match | None:
    """A filter for tasks whose words start with every term of `text`; None if no terms."""
    terms = search_terms(text)
    if not terms:
        return None
    vendor = connection.vendor
    expression = _expression(terms)
    hits = _scalar(_COUNT[vendor], [expression, COUNT_CAP + 1])
    walk = hits > COUNT_CAP and (
        vendor not in _FRONT
        or _scalar(_FRONT[vendor], [FRONT, expression, FRONT_HITS]) >= FRONT_HITS
    )
    sql = (_WALK if walk else _FEW)[vendor]
    return Match(Q(RawSQL(sql, [expression], output_field=BooleanField())), hits, walk)
