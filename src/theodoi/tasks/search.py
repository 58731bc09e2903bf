"""Text search over tasks: every typed word must begin a word of the task; the best first.

`Task.search_text` holds the task's words folded to plain ASCII (`core.text.fold`), followed by
the words that carry diacritics as written, lower-cased ("so soat ... sổ soát": `indexed_text`).
Each database indexes it with its own full-text engine: on SQLite an FTS5 table kept in step
by triggers (migrations 0003 and 0016_search_relevance, a tokenizer keeping diacritics), asked
for prefixes (`"doc"*`); on PostgreSQL a stored `search_vector` column holding the words at
their places (weight A) and every beginning of every word without a place ("doc" → d, do,
doc; migrations 0006 and 0016_search_relevance) with a GIN index, asked for whole lexemes
(`'doc'`). Both answer the same question, "does each term start one of the words?", so
"don doc" finds "Đôn đốc" and "vss" finds "VssID", on either database, without reading every
task.

What the person types (`parse`): a word typed without diacritics is folded and begins any word
that folds to it ("so" finds "sổ", "số", "soát"); a word typed with them must begin a word
written with the same ones ("sổ" finds "sổ", not "số"); words in double quotes must also
stand side by side, whole, in that order (`"ký số"`; compared folded, the accents of its words
narrowing as above).

First the index counts the matching tasks, up to `COUNT_CAP` + 1: the list shows that count,
or "more than 1,000". Up to `COUNT_CAP` matches are fetched from the index and sorted, by
relevance unless the person chose another order (`Match.relevance`): whole words before words
that only begin with a term, words side by side before words apart (SQLite: FTS5's `bm25`,
read in the counting query itself; PostgreSQL: `ts_rank` plus `ts_rank_cd` over the folded
terms). Beyond `COUNT_CAP` the words are too common for an order by relevance to mean much
and ranking every match would cost several times the page: the list keeps its own order. Then
sorting every match costs more than walking the tasks in list order and keeping those that
match, stopping at the end of the page, if matches are common at the head of the list: the
first `FRONT` tasks of the list order are probed for a page of matches (`FRONT_HITS`). If they
hold it, the page walks: the condition is then written so that the database cannot use the text
index (`+` before the column on SQLite, the function `ts_match_vq` instead of the `@@` operator
on PostgreSQL). If not, the matches cluster elsewhere in time ("... 2024": 2,500 matches 70,000
tasks into the list) and are sorted. SQLite does not probe: its walk reads the matches from
the FTS index once, as a list to test each task against, so walking a clustered phrase costs
about what sorting it does, and a probe would read that list a second time (as costly as the
page itself). A unit's search for common words finds its page's ids and count in one
statement, the units' tasks holding the words found through the text index
(`Match.in_units`), by asking it for the words and one of the units' words, which it holds
beside each task's text: on SQLite `unit_words`, migration 0025, ADR 0036 (there every match
names the text's column); on PostgreSQL lexemes "#u12" in `unit_words`, migration 0026, ADR
0038, indexed with the words in `task_search_units_idx`. Why two full-text indexes, and
their guard: docs/adr/0005-full-text-search.md; relevance and diacritics:
docs/adr/0010-search-relevance.md; timings: docs/bench.md.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import OrderBy, RawSQL

from theodoi.core.text import fold

MAX_TERMS = 8
# a typed word is looked up by its first MAX_TERM_LENGTH letters: PostgreSQL refuses a word of
# over 2,046 bytes in a query, and a longer word is found by its beginning anyway
MAX_TERM_LENGTH = 100
COUNT_CAP = 1000  # matches counted exactly; beyond, the list says "more than" (views)
FRONT = 4000  # tasks at the head of the list order probed for matches before walking it
FRONT_HITS = 50  # matches the head must hold (a page) for the walk to pay

Condition = tuple[str, tuple[Any, ...]]  # SQL on "tasks_task", and its parameters

_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]?")

_COUNT = {
    # SQLite: the count, then, only when it is within COUNT_CAP, each match with its bm25 (no
    # query more for the order); beyond, the second part asks for an empty phrase: no rows
    "sqlite": "WITH hits(n) AS MATERIALIZED (SELECT count(*) FROM "
    "(SELECT 1 FROM tasks_task_fts WHERE tasks_task_fts MATCH %s LIMIT %s)) "
    "SELECT n, NULL FROM hits UNION ALL "
    "SELECT rowid, bm25(tasks_task_fts) FROM tasks_task_fts WHERE tasks_task_fts MATCH "
    "(SELECT CASE WHEN n <= %s THEN %s ELSE '\"\"' END FROM hits)",
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
# A unit's search for common words finds the units' tasks holding them inside the text index.
# PostgreSQL asks the index of the words and each task's units (`unit_words`, migration 0026)
# for the words and one of the units' lexemes (ADR 0038); beyond UNIT_WORDS_MAX units, its
# index of the words alone; each task found is then tested against the units (ADR 0031).
# The words are an InitPlan's value: with the words themselves the planner multiplies their
# frequencies ("đồng bằng sông cửu long": 5 matches expected, 22,196 found) and chooses its
# plan on that. Words in quotes: the index cannot tell whether they stand side by side; they
# are tested apart, once a task. SQLite's index holds each task's units as words of their own
# (`unit_words`, migration 0025): the words and one of the units' words are asked for in one
# match (ADR 0036).
_IN_UNITS = {
    "postgresql": '"tasks_task"."search_vector" @@ (SELECT %s::tsquery)',
    "sqlite": _FEW["sqlite"],  # the words and the units, in the index
}
# PostgreSQL: the words and the units' lexemes, in the index of both (migration 0026)
_IN_UNITS_LEXEMES = (
    '("tasks_task"."search_vector" || "tasks_task"."unit_words") @@ (SELECT %s::tsquery)'
)
UNIT_WORD = "u"  # a unit's word in SQLite's index: "u" and its id (migration 0025)
UNIT_LEXEME = "#u"  # a unit's lexeme in PostgreSQL's `unit_words` (migration 0026)
# beyond this many units, nearly every task is one of theirs: the words alone are asked for
UNIT_WORDS_MAX = 40
_SIDE_BY_SIDE = ' AND ts_match_vq("tasks_task"."search_vector", %s::tsquery)'
_RANK = (  # PostgreSQL: whole words (weight A) over beginnings (D), then nearness
    'ts_rank("tasks_task"."search_vector", %s::tsquery) '
    '+ ts_rank_cd("tasks_task"."search_vector", %s::tsquery)'
)


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text.lower()))


def indexed_text(text: str) -> str:
    """What `Task.search_text` holds: the folded words, then each word that carries
    diacritics as written, lower-cased, once.

    >>> indexed_text("Rà soát sổ, số; SỔ Đỏ")
    'ra soat so so so do rà soát sổ số đỏ'
    """
    folded = fold(text)
    accented = [word for word in dict.fromkeys(_words(text)) if not word.isascii()]
    return " ".join([folded, *accented]) if accented else folded


@dataclass(frozen=True)
class Term:
    word: str  # as looked up: folded, or lower-cased with its diacritics
    folded: str


@dataclass(frozen=True)
class Query:
    terms: list[Term]
    phrases: list[list[str]]  # folded words that must stand side by side


def _term(word: str) -> Term | None:
    folded = fold(word).replace(" ", "")[:MAX_TERM_LENGTH]
    if not folded:
        return None
    return Term(folded if word.isascii() else word[:MAX_TERM_LENGTH], folded)


def parse(text: str) -> Query:
    """The terms to look for (at most MAX_TERMS) and the quoted phrases among them. A term
    holds only letters and digits (safe inside a match query)."""
    terms: list[Term] = []
    phrases: list[list[str]] = []
    for i, part in enumerate(_QUOTED.split(text)):  # odd parts were inside quotes
        found = [t for t in map(_term, _words(part)) if t is not None]
        found = found[: MAX_TERMS - len(terms)]
        terms += found
        if i % 2 and len(found) > 1:
            phrases.append([t.folded for t in found])
    return Query(terms, phrases)


def search_terms(text: str) -> list[str]:
    """The words looked up, in the order typed."""
    return [term.word for term in parse(text).terms]


def folded_terms(text: str) -> list[str]:
    """The words typed, folded: for registers whose search text is folded only (documents),
    where typed accents cannot narrow."""
    return [term.folded for term in parse(text).terms]


def _expression(query: Query) -> str:
    if connection.vendor == "sqlite":
        parts = [f'"{t.word}"*' for t in query.terms]
        return _in_text(" ".join(parts + [f'"{" ".join(p)}"' for p in query.phrases]))
    parts = [f"'{t.word}'" for t in query.terms]
    parts += ["(" + " <-> ".join(f"'{w}'" for w in p) + ")" for p in query.phrases]
    return " & ".join(parts)


def _ranked_expression(query: Query) -> str:
    """SQLite: the same matches, written so that bm25 scores a whole word (`"so"`) over a
    beginning (`"so"*`) and the words side by side (`"ky so"`) over words apart."""
    groups = [f'("{t.word}" OR "{t.word}"*)' for t in query.terms]
    together = " ".join(t.folded for t in query.terms)
    if len(query.terms) > 1:
        last = groups[-1]
        groups[-1] = f'({last} OR ({last} AND "{together}"))'
    return _in_text(" AND ".join(groups + [f'"{" ".join(p)}"' for p in query.phrases]))


def _in_text(expression: str) -> str:
    """SQLite: the words of `expression` looked for in the tasks' text only, not among the
    unit words beside it (a typed "u12" must not find unit 12's tasks)."""
    return f"search_text : ({expression})"


def _rank_params(query: Query) -> list[str]:
    words = [t.folded for t in query.terms]
    return [" | ".join(f"'{w}'" for w in words), " & ".join(f"'{w}'" for w in words)]


@dataclass(frozen=True)
class Match:
    condition: Q
    hits: int  # tasks holding the words, before other filters or access rules, up to COUNT_CAP + 1
    walk: bool  # whether the list order is walked (see above)
    relevance: OrderBy | None = None  # the best first; None beyond COUNT_CAP matches
    # for a unit's search for common words: given the units' ids, the condition that finds
    # their tasks holding the words through the text index, as SQL on "tasks_task" with its
    # parameters (ADR 0031, 0036)
    in_units: Callable[[Sequence[int]], Condition] | None = None


def _scalar(sql: str, params: list[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _scores(sql: str, params: list[Any]) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _by_score(scores: list[tuple[int, float]]) -> OrderBy:
    """SQLite: the tasks in the order of the scores read while counting (bm25: lower is
    better); the CASE is evaluated only for the tasks left after the filters."""
    sql = '(CASE "tasks_task"."id"' + " WHEN %s THEN %s" * len(scores) + " ELSE 0 END)"
    params = [value for pair in scores for value in pair]
    return RawSQL(sql, params, output_field=FloatField()).asc()


def task_match(text: str, probe: bool = True) -> Match | None:
    """A filter for tasks whose words start with every term of `text`; None if no terms.
    `probe`: whether to probe the head of the list order before walking it (see above); a
    unit's search in list order does not walk that order (ADR 0025, 0031), so has no use for
    it."""
    query = parse(text)
    if not query.terms:
        return None
    vendor = connection.vendor
    expression = _expression(query)
    relevance: OrderBy | None = None
    if vendor == "sqlite":
        params = [expression, COUNT_CAP + 1, COUNT_CAP, _ranked_expression(query)]
        (hits, _), *scores = _scores(_COUNT[vendor], params)
        if scores:
            relevance = _by_score(scores)
    else:
        hits = _scalar(_COUNT[vendor], [expression, COUNT_CAP + 1])
        if hits <= COUNT_CAP:
            rank = RawSQL(_RANK, _rank_params(query), output_field=FloatField())
            relevance = rank.desc()
    walk = hits > COUNT_CAP and (
        vendor not in _FRONT
        or not probe
        or _scalar(_FRONT[vendor], [FRONT, expression, FRONT_HITS]) >= FRONT_HITS
    )
    sql = (_WALK if walk else _FEW)[vendor]
    condition = Q(RawSQL(sql, [expression], output_field=BooleanField()))
    in_units = _in_units(query, expression) if walk and vendor in _IN_UNITS else None
    return Match(condition, hits, walk, relevance, in_units)


def _in_units(query: Query, expression: str) -> Callable[[Sequence[int]], Condition]:
    """`Match.in_units`. SQLite: the words and one of the units' words, in one match.
    PostgreSQL: the words and one of the units' lexemes through the index of both (the words
    alone beyond `UNIT_WORDS_MAX` units), their order tested on each task."""
    sql = _IN_UNITS[connection.vendor]
    if connection.vendor == "sqlite":
        return lambda units: (sql, (expression + unit_words(units),))
    words = _expression(Query(query.terms, [])) if query.phrases else expression
    tail, tested = (_SIDE_BY_SIDE, (expression,)) if query.phrases else ("", ())

    def condition(units: Sequence[int]) -> Condition:
        lexemes = unit_lexemes(units)
        if not lexemes:
            return (sql + tail, (words, *tested))
        return (_IN_UNITS_LEXEMES + tail, (f"({words}) & ({lexemes})", *tested))

    return condition


def unit_lexemes(units: Sequence[int]) -> str:
    """PostgreSQL: the tsquery of one of `units`' lexemes (migration 0026); nothing for more
    than UNIT_WORDS_MAX units."""
    if not units or len(units) > UNIT_WORDS_MAX:
        return ""
    return " | ".join(f"'{UNIT_LEXEME}{int(u)}'" for u in units)


def unit_words(units: Sequence[int]) -> str:
    """SQLite: what a match adds to find the tasks one of `units` leads or coordinates among
    those holding the words; nothing for more than UNIT_WORDS_MAX units."""
    if not units or len(units) > UNIT_WORDS_MAX:
        return ""
    return " AND unit_words : (" + " OR ".join(f"{UNIT_WORD}{int(u)}" for u in units) + ")"
