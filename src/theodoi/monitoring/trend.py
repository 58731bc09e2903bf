"""The dashboard's trend: the counts of `tasks.stats.statistics` (KEYS) at each of the last
TREND_MONTHS month ends, counted once and kept for good (`DashboardCache`).

The month ends not yet kept are counted together, in one statement that reads each history
span (`TaskFact`) once, rather than one count of the spans per month end
(docs/adr/0015-trend-in-one-count.md): each span is put in a group by where its dates fall
among the month ends, and the days each group is counted on follow from those places.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone

from theodoi.monitoring.models import DashboardCache
from theodoi.tasks.models import TaskFact
from theodoi.tasks.stats import FACT_COLUMNS, KEYS, View

TREND_MONTHS = 12
NO_DEADLINE, ON_TIME, LATE = 0, 1, 2  # the span's kind, if it is done by the day


def month_ends(as_of: date, months: int = TREND_MONTHS) -> list[date]:
    """The last day of each of the `months` months before `as_of`'s, oldest first."""
    ends, first = [], as_of.replace(day=1)
    for _ in range(months):
        ends.append(first - timedelta(days=1))
        first = ends[-1].replace(day=1)
    return ends[::-1]


def _place(column: str, days: Sequence[date], strict: bool) -> Case:
    """How many of `days` (in order) come before the column's date: strictly before it
    (`strict`), or on or before it; all of them when it is empty. So the date is on or before
    `days[i]` exactly when i ≥ the strict place, and after `days[i]` when i < the other."""
    lookup = "lte" if strict else "lt"
    return Case(
        *(When(**{f"{column}__{lookup}": day}, then=Value(i)) for i, day in enumerate(days)),
        default=Value(len(days)),
        output_field=IntegerField(),
    )


def _grouped(
    days: Sequence[date], view: View, lead_ids: frozenset[int] | None
) -> Iterable[Mapping[str, Any]]:
    """The spans that live on one of `days`, counted by the places of their dates among the
    days (`_place`) and by their kind. In two parts, like the dashboard's other counts
    (`counts._summed`): the open spans, and those closed after the first day."""
    cols = FACT_COLUMNS[view]
    spans = TaskFact.objects.filter(valid_from__lte=days[-1])
    if lead_ids is not None:
        spans = spans.filter(lead_unit_id__in=lead_ids)
    kind = Case(
        When(**{f"{cols.deadline}__isnull": True}, then=Value(NO_DEADLINE)),
        When(**{f"{cols.done}__gt": F(cols.deadline)}, then=Value(LATE)),
        default=Value(ON_TIME),
        output_field=IntegerField(),
    )
    places = {
        "start": _place("valid_from", days, strict=True),  # lives from days[start]
        "done": _place(cols.done, days, strict=True),  # done from days[done]
        "due": _place(cols.deadline, days, strict=False),  # overdue from days[due]
        "kind": kind,
    }
    parts = []
    for condition, end in (
        (Q(valid_to__isnull=True), Value(len(days))),
        (Q(valid_to__gt=days[0]), _place("valid_to", days, strict=True)),  # lives until
    ):
        part = spans.filter(condition).annotate(**places, end=end)
        parts.append(part.values("start", "end", "done", "due", "kind").annotate(n=Count("id")))
    return parts[0].union(parts[1], all=True)


def counts_on(
    days: Sequence[date], view: View, lead_ids: frozenset[int] | None
) -> dict[date, dict[str, int]]:
    """What `statistics(day, view, unit)` gives for each of KEYS on each of `days`,
    `lead_ids` being the unit and those below it (None: every unit): one statement.
    A span counts on the days from its start to its end; there it is done (on time or late)
    from the day it was done, open in time before its deadline and overdue after it, as in
    `tasks.stats.class_filters`."""
    days = sorted(days)
    counts = [dict.fromkeys(KEYS, 0) for _ in days]
    if not days:
        return {}
    for row in _grouped(days, view, lead_ids):
        for i in range(row["start"], row["end"]):
            into = counts[i]
            into["total"] += row["n"]
            if row["kind"] == NO_DEADLINE:
                klass = "no_deadline"
            elif i >= row["done"]:
                klass = "done_late" if row["kind"] == LATE else "done_on_time"
            else:
                klass = "open_overdue" if i >= row["due"] else "open_in_time"
            into[klass] += row["n"]
    return dict(zip(days, counts, strict=True))


def trend(
    as_of: date, view: View, lead_ids: frozenset[int] | None, scope: str
) -> list[dict[str, Any]]:
    """The counts at each month end before `as_of`, oldest first: those kept, and the others
    counted together (`counts_on`) and kept for good when the day is past (history does not
    change). One statement when all are kept; else the count and the writing of those kept."""
    keys = {f"trend:{day}:{view}:{scope}": day for day in month_ends(as_of, TREND_MONTHS)}
    kept = dict(DashboardCache.objects.filter(key__in=list(keys)).values_list("key", "data"))
    missing = {key: day for key, day in keys.items() if key not in kept}
    if missing:
        counted = counts_on(sorted(missing.values()), view, lead_ids)
        now, today = timezone.now(), timezone.localdate()
        fresh = []
        for key, day in missing.items():
            kept[key] = counted[day]
            if day < today:
                fresh.append(DashboardCache(key=key, data=kept[key], computed_at=now))
        DashboardCache.objects.bulk_create(fresh, ignore_conflicts=True)
    return [{"day": day, **kept[key]} for key, day in keys.items()]
