"""What the dashboard counts (DOMAIN §9): the four classes of the history spans of a day by
lead unit, leader and document, and the attention counts of the tasks (due soon, the overdue
bands, the missing updates). `dashboard.py` keeps them for a few minutes and lays them out.

The counts read covering indexes only (docs/adr/0014-counts-from-indexes.md), the spans in two
parts (open, and closed after the day) and the tasks by state (docs/adr/0033).
"""

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from theodoi.organisation.models import Unit
from theodoi.tasks.facts import COUNTED
from theodoi.tasks.models import OPEN_STATES, State, Task, TaskFact
from theodoi.tasks.stats import CLASSES, FACT_COLUMNS, KEYS, TASK_COLUMNS, View, class_filters
from theodoi.tasks.updates import missing_update
from theodoi.workcalendar.services import WorkingCalendar, WorkingDayIndex

TOP = 10
SOON_DAYS = 5
OVERDUE_BUCKETS = ((1, 5), (6, 20), (21, 60), (61, None))  # working days late


def _tallies(view: View, as_of: date) -> dict[str, Count]:
    """The five counts of the spans that every class is worked out from (`_classes`): three
    filters for the database to test on each span instead of one a class. A comparison with
    an empty date is never true in SQL, so `done <= deadline` counts dated spans alone, and
    so does a count of the deadline. Each count is of a column its filter reads anyway (or of
    `*`), not of `id`, which SQLite would read from each span for nothing (docs/bench.md, the
    twenty-first session)."""
    deadline, done = FACT_COLUMNS[view].deadline, FACT_COLUMNS[view].done
    by_then = Q(**{f"{done}__lte": as_of})
    not_done = Q(**{f"{done}__isnull": True}) | Q(**{f"{done}__gt": as_of})
    return {
        "spans": Count("*"),
        "dated": Count(deadline),
        "done": Count(deadline, filter=by_then),
        "done_on_time": Count(done, filter=by_then & Q(**{f"{done}__lte": F(deadline)})),
        "open_overdue": Count(deadline, filter=Q(**{f"{deadline}__lt": as_of}) & not_done),
    }


def _classes(tally: dict[str, int]) -> dict[str, int]:
    """KEYS from the five counts of `_tallies`; `tasks.stats.class_filters` says the same
    (`test_the_recount_gives_the_statistics_numbers` holds them together)."""
    return {
        "total": tally["spans"],
        "done_on_time": tally["done_on_time"],
        "done_late": tally["done"] - tally["done_on_time"],
        "open_in_time": tally["dated"] - tally["done"] - tally["open_overdue"],
        "open_overdue": tally["open_overdue"],
        "no_deadline": tally["spans"] - tally["dated"],
    }


TALLIES = ("spans", "dated", "done", "done_on_time", "open_overdue")


def _parts(
    as_of: date,
    keys: tuple[str, ...],
    counted: tuple[str, ...],
    view: View,
    lead_ids: frozenset[int] | None,
    where: Q | None = None,
) -> QuerySet:
    """The spans of `as_of` (and `where`) counted by `counted` (of `_tallies`) for each
    value of `keys`. One statement in two parts, so that each reads a covering index of its
    own (docs/adr/0014-counts-from-indexes.md): the open spans (most of them, in the first
    key's order) and those closed after `as_of` (none for today); a value may have a row
    in each."""
    tallies = _tallies(view, as_of)
    aggregates = {k: tallies[k] for k in counted}
    spans = TaskFact.objects.filter(where or Q(), valid_from__lte=as_of)
    if lead_ids is not None:
        spans = spans.filter(lead_unit_id__in=lead_ids)
    open_, closed = (
        spans.filter(condition).values(*keys).annotate(**aggregates).order_by()
        for condition in (Q(valid_to__isnull=True), Q(valid_to__gt=as_of))
    )
    return open_.union(closed, all=True)


def _summed(
    as_of: date,
    keys: tuple[str, ...],
    counted: tuple[str, ...],
    view: View,
    lead_ids: frozenset[int] | None,
    where: Q | None = None,
) -> dict[tuple[Any, ...], dict[str, int]]:
    """`_parts` added up: each value of `keys` with its counts."""
    summed: dict[tuple[Any, ...], dict[str, int]] = {}
    for row in _parts(as_of, keys, counted, view, lead_ids, where):
        into = summed.setdefault(tuple(row[k] for k in keys), dict.fromkeys(counted, 0))
        for k in counted:
            into[k] += row[k]
    return summed


def _rank(candidates: Iterable[tuple[Any, int, int]]) -> list[Any]:
    """The TOP values of (value, open overdue, with a deadline): by their open overdue
    tasks, then by their tasks with a deadline, then the smaller id (the same order on every
    recount); None and values with no task with a deadline are left out."""
    kept = (c for c in candidates if c[0] is not None and c[2])
    return [c[0] for c in heapq.nsmallest(TOP, kept, key=lambda c: (-c[1], -c[2], c[0]))]


def _top(summed: dict[Any, dict[str, int]], key: str) -> list[dict[str, Any]]:
    """The TOP values of `key` as `_rank` orders them, with all four classes."""
    dated = {value: sum(counts[k] for k in CLASSES) for value, counts in summed.items()}
    ranked = _rank((value, summed[value]["open_overdue"], n) for value, n in dated.items())
    return [{key: value} | {k: summed[value][k] for k in CLASSES} for value in ranked]


# `_rank`'s order, of every document's two counts summed over `_parts` (written in)
RANKED = """SELECT document_id FROM ({parts}) parts WHERE document_id IS NOT NULL
GROUP BY document_id HAVING SUM(dated) > 0
ORDER BY SUM(open_overdue) DESC, SUM(dated) DESC, document_id LIMIT %s"""


def _ranked_documents(as_of: date, view: View, lead_ids: frozenset[int] | None) -> list[int]:
    """The TOP documents' ids as `_rank` orders them, from two numbers counted for every
    document (its open overdue spans and those with a deadline: the four classes' sum). The
    database sums, orders and cuts them: the 7,000 documents' rows never come to Python,
    where reading them cost more than counting them (docs/adr/0034-documents-ranked-in-sql.md).
    """
    # the spans' own copies of the task's document: its index, no join
    parts = _parts(as_of, ("document_id",), ("open_overdue", "dated"), view, lead_ids)
    sql, params = parts.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(RANKED.replace("{parts}", sql), [*params, TOP])
        return [pk for (pk,) in cursor.fetchall()]


def _top_documents(
    as_of: date, view: View, lead_ids: frozenset[int] | None
) -> list[dict[str, Any]]:
    """The TOP documents (`_ranked_documents`), then the four classes counted for those TOP
    alone: the four for each of 7,000 documents made SQLite evaluate four filters on every
    open span (docs/bench.md, fourteenth session)."""
    ids = _ranked_documents(as_of, view, lead_ids)
    if not ids:
        return []
    counted = _summed(as_of, ("document_id",), TALLIES, view, lead_ids, Q(document_id__in=ids))
    # a document whose spans a step closed or moved between the two statements is left out
    shown = [(pk, _classes(counted[(pk,)])) for pk in ids if (pk,) in counted]
    return [{"document_id": pk} | {k: classes[k] for k in CLASSES} for pk, classes in shown]


def _by_unit_and_leader(
    as_of: date, view: View, lead_ids: frozenset[int] | None
) -> tuple[dict[str, int], dict[str, dict[str, int]], list[dict[str, Any]]]:
    """The totals, the counts by lead unit (by code, as `tasks.stats.statistics` gives them)
    and the top leaders, summed from one count of the spans by leader and lead unit (two
    statements with the units' codes): one pass over the open spans instead of two."""
    pairs = _summed(as_of, ("leader_id", "lead_unit_id"), TALLIES, view, lead_ids)
    by_leader: dict[Any, dict[str, int]] = {}
    by_unit_id: dict[int, dict[str, int]] = {}
    for (leader_id, unit_id), tally in pairs.items():
        counts = _classes(tally)
        for into in (
            by_leader.setdefault(leader_id, dict.fromkeys(KEYS, 0)),
            by_unit_id.setdefault(unit_id, dict.fromkeys(KEYS, 0)),
        ):
            for k in KEYS:
                into[k] += counts[k]
    codes = dict(Unit.objects.filter(pk__in=list(by_unit_id)).values_list("pk", "code"))
    by_unit = {codes[pk]: counts for pk, counts in by_unit_id.items()}
    totals = {k: sum(counts[k] for counts in by_unit.values()) for k in KEYS}
    return totals, dict(sorted(by_unit.items())), _top(by_leader, "leader_id")


def board_counts(
    as_of: date,
    view: View,
    unit: Unit | None,
    lead_ids: frozenset[int] | None,
    days: WorkingDayIndex,
    calendar: WorkingCalendar,
) -> dict[str, Any]:
    """Everything the page counts (kept in the cache as plain data)."""
    totals, by_unit, by_leader = _by_unit_and_leader(as_of, view, lead_ids)
    return {
        "totals": totals,
        "by_unit": by_unit,
        "by_document": _top_documents(as_of, view, lead_ids),
        "by_leader": by_leader,
        "attention": _attention(days, calendar, as_of, view, lead_ids),
    }


def _scoped(lead_ids: frozenset[int] | None):
    tasks = Task.objects.all()
    return tasks if lead_ids is None else tasks.filter(lead_unit_id__in=lead_ids)


@dataclass(frozen=True)
class Band:
    label: str
    condition: Q
    params: dict[str, Any]  # the list's filters that show the same tasks (`task_list_url`)


def bands(days: WorkingDayIndex, as_of: date) -> list[Band]:
    """Overdue tasks by how many working days late. A task is at least k working days late
    when its deadline is before the k-th working day back."""
    rank = days.rank(as_of)

    def back(k: int) -> date:  # the k-th working day counting back from as_of (1: as_of)
        return days.days[rank - k]

    bands = []
    for low, high in OVERDUE_BUCKETS:
        params: dict[str, Any] = {"klass": "open_overdue", "due_to": back(low) - timedelta(days=1)}
        condition = Q(deadline__lt=back(low))
        if high is not None:
            condition &= Q(deadline__gte=back(high + 1))
            params["due_from"] = back(high + 1)
        label = f"{low}–{high} ngày làm việc" if high else f"trên {low - 1} ngày làm việc"
        bands.append(Band(label, condition, params))
    return bands


def _attention(
    days: WorkingDayIndex,
    calendar: WorkingCalendar,
    as_of: date,
    view: View,
    lead_ids: frozenset[int] | None,
) -> dict[str, int]:
    """What falls due in the next working days, the overdue bands and the tasks without a
    deadline that missed their period's update (`tasks.updates`). Two queries, each on an
    index of its own (docs/adr/0033-attention-by-state.md): the open tasks, and the
    tasks done after `as_of` (overdue on that day; none when it is today). No other task can
    count: the counted states (`COUNTED`) are the open ones and done."""
    until = days.shift(as_of, SOON_DAYS)
    soon = Q(state__in=sorted(OPEN_STATES), deadline__gte=as_of, deadline__lte=until)
    overdue = class_filters(TASK_COLUMNS[view], as_of)["open_overdue"] & Q(
        state__in=COUNTED, fanned_out=False
    )
    late_by = {
        f"band{i}": Count("id", filter=overdue & band.condition)
        for i, band in enumerate(bands(days, as_of))
    }
    counts = (
        _scoped(lead_ids)
        .filter(state__in=sorted(OPEN_STATES))
        .aggregate(
            due_soon=Count("id", filter=soon),
            missing_update=Count("id", filter=missing_update(calendar, as_of)),
            **late_by,
        )
    )
    done_after = {f"{TASK_COLUMNS[view].done}__gt": as_of}
    late = _scoped(lead_ids).filter(state=State.DONE, **done_after).aggregate(**late_by)
    return counts | {key: counts[key] + late[key] for key in late_by}
