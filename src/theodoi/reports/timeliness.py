"""On time, late, missing (000 Art. 8, 21; docs/reports.md "On time, late, missing").

A request is judged at a reference date R by its first submission (`first_submitted_at`, its
local date in the site's time zone, Asia/Ho_Chi_Minh) against its round's due date:

- sent on or before R and on or before the due date: on time;
- sent on or before R but after the due date: late;
- nothing sent by R and the due date before R: missing;
- nothing sent by R and R on or before the due date: not yet due.

A return asks for corrections: only the first submission counts, so a report sent on time and
then returned stays on time. Every selector here reads one query.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from theodoi.core.localdate import LocalDate
from theodoi.core.periods import Kind, Period, current
from theodoi.reports.models import Frequency, ReportRequest


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"


LABELS: dict[Timeliness, str] = {
    Timeliness.ON_TIME: "Nộp đúng hạn",
    Timeliness.LATE: "Nộp muộn",
    Timeliness.MISSING: "Quá hạn chưa nộp",
    Timeliness.NOT_DUE: "Chưa đến hạn, chưa nộp",
}
# The value of `tinh_trang` in a reports page's address (docs/reports.md).
SLUGS: dict[Timeliness, str] = {
    Timeliness.ON_TIME: "dung-han",
    Timeliness.LATE: "muon",
    Timeliness.MISSING: "chua-nop",
    Timeliness.NOT_DUE: "chua-den-han",
}
KIND_OF: dict[str, Kind] = {
    Frequency.MONTH: Kind.MONTH,
    Frequency.QUARTER: Kind.QUARTER,
    Frequency.HALF: Kind.HALF,
    Frequency.YEAR: Kind.YEAR,
}


@dataclass
class Counts:
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_due: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missing + self.not_due

    @property
    def judged(self) -> int:
        """Requests whose due date has passed or that were sent."""
        return self.on_time + self.late + self.missing

    @property
    def not_on_time(self) -> int:
        return self.late + self.missing

    def add(self, other: "Counts") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def judge(due: date, first_submitted_on: date | None, as_of: date) -> Timeliness:
    """One request's state at `as_of` (`first_submitted_on`: the local date it was first sent)."""
    if first_submitted_on is not None and first_submitted_on <= as_of:
        return Timeliness.ON_TIME if first_submitted_on <= due else Timeliness.LATE
    return Timeliness.MISSING if due < as_of else Timeliness.NOT_DUE


def with_sent_on(requests: QuerySet[ReportRequest]) -> QuerySet[ReportRequest]:
    """The requests with `sent_on`, the local date of their first submission."""
    return requests.annotate(
        sent_on=LocalDate("first_submitted_at", tzinfo=timezone.get_default_timezone())
    )


def conditions(as_of: date) -> dict[Timeliness, Q]:
    """The four states at `as_of` as conditions on `with_sent_on` requests (`judge` in SQL)."""
    due = F("round__due_date")
    sent = Q(sent_on__isnull=False, sent_on__lte=as_of)
    unsent = Q(sent_on__isnull=True) | Q(sent_on__gt=as_of)
    return {
        Timeliness.ON_TIME: sent & Q(sent_on__lte=due),
        Timeliness.LATE: sent & Q(sent_on__gt=due),
        Timeliness.MISSING: unsent & Q(round__due_date__lt=as_of),
        Timeliness.NOT_DUE: unsent & Q(round__due_date__gte=as_of),
    }


def _scoped(units: Collection[int] | None) -> QuerySet[ReportRequest]:
    requests = with_sent_on(ReportRequest.objects.all())
    return requests if units is None else requests.filter(unit_id__in=list(units))


def _counted(requests: QuerySet[ReportRequest], key: str, as_of: date) -> dict[Any, Counts]:
    """Requests grouped by `key`, each group's four counts at `as_of` (one query)."""
    aggregates = {str(k): Count("id", filter=q) for k, q in conditions(as_of).items()}
    rows: Iterable[Mapping[str, Any]] = requests.values(key).annotate(**aggregates).order_by()
    return {row[key]: Counts(**{str(k): row[str(k)] for k in Timeliness}) for row in rows}


def by_unit(
    *, due_from: date, due_to: date, as_of: date, units: Collection[int] | None = None
) -> dict[int, Counts]:
    """Each unit's requests due in [due_from, due_to], judged at `as_of` (one query)."""
    requests = _scoped(units).filter(round__due_date__range=(due_from, due_to))
    return _counted(requests, "unit_id", as_of)


def by_round(
    *, rounds: Collection[int], as_of: date, units: Collection[int] | None = None
) -> dict[int, Counts]:
    """Each round's requests (of `units`, or all), judged at `as_of` (one query)."""
    return _counted(_scoped(units).filter(round_id__in=list(rounds)), "round_id", as_of)


def for_evaluation(period: Period, today: date) -> dict[int, Counts]:
    """For the evaluation of units (DOMAIN §14): each unit's requests whose due date falls in
    the period, judged at the period's end (or today while it runs). One query."""
    return by_unit(due_from=period.start, due_to=period.end, as_of=period.as_of(today))


def unit_requests(
    unit_id: int, period: Period, today: date
) -> list[tuple[ReportRequest, Timeliness]]:
    """A unit's requests due in the period that were late or are missing at the period's
    as_of, by due date, each with its state (one query; for the scorecard)."""
    as_of = period.as_of(today)
    states = conditions(as_of)
    requests = (
        _scoped([unit_id])
        .filter(round__due_date__range=(period.start, period.end))
        .filter(states[Timeliness.LATE] | states[Timeliness.MISSING])
        .select_related("round")
        .order_by("round__due_date", "round__title", "id")
    )
    return [(r, judge(r.round.due_date, r.sent_on, as_of)) for r in requests]  # type: ignore[attr-defined]


def previous(period: Period) -> Period:
    if period.number > 1:
        return Period(period.kind, period.year, period.number - 1)
    last = {Kind.MONTH: 12, Kind.QUARTER: 4, Kind.HALF: 2, Kind.YEAR: 1}[period.kind]
    return Period(period.kind, period.year - 1, last)


@dataclass(frozen=True)
class Cell:
    count: int
    url: str


@dataclass
class RoundRow:
    """One round of the dashboard's panel: a report type's period and its four numbers."""

    round_id: int
    type_name: str
    title: str
    due_date: date
    cells: dict[Timeliness, Cell]

    @property
    def ordered(self) -> list[tuple[str, str, Cell]]:
        return [(str(k), LABELS[k], self.cells[k]) for k in Timeliness]


def panel(
    as_of: date, unit_id: int | None = None, units: Collection[int] | None = None
) -> list[RoundRow]:
    """The dashboard's "Báo cáo định kỳ": for each active periodic report type, its rounds of
    the period containing `as_of` and of the period before, each with its requests (of
    `units`: the unit `unit_id` and those below it; None: all) on time, late, missing and not
    yet due at `as_of`. One query. Each number opens the round's page filtered to those
    requests (`links.round_url`; dated when `as_of` is not today)."""
    from theodoi.reports.links import round_url  # links reads this module's SLUGS

    dated = None if as_of == timezone.localdate() else as_of
    wanted = Q(pk__in=[])
    for frequency, kind in KIND_OF.items():
        now = current(kind, as_of)
        slugs = [now.slug, previous(now).slug]
        wanted |= Q(round__report_type__frequency=frequency, round__period__in=slugs)
    requests = ReportRequest.objects.filter(wanted, round__report_type__active=True)
    if units is not None:
        requests = requests.filter(unit_id__in=list(units))
    # judged here, not counted in SQL: on SQLite the local date of each submission would be
    # worked out by a Python function called about twenty times a row (most of the
    # dashboard's time in SQL); the panel holds two periods' requests, a few hundred rows
    rows = requests.values_list(
        "round_id",
        "round__report_type__name",
        "round__title",
        "round__due_date",
        "first_submitted_at",
    ).order_by("-round__due_date", "round__report_type__name", "round_id")
    site = timezone.get_default_timezone()  # as `with_sent_on` dates a submission
    counted: dict[int, tuple[tuple[str, str, date], dict[Timeliness, int]]] = {}
    for round_id, type_name, title, due, first in rows:
        sent_on = timezone.localdate(first, site) if first is not None else None
        _, tally = counted.setdefault(
            round_id, ((type_name, title, due), dict.fromkeys(Timeliness, 0))
        )
        tally[judge(due, sent_on, as_of)] += 1
    return [
        RoundRow(
            round_id,
            type_name,
            title,
            due,
            {
                k: Cell(n, round_url(round_id, state=k, unit_id=unit_id, as_of=dated))
                for k, n in tally.items()
            },
        )
        for round_id, ((type_name, title, due), tally) in counted.items()
    ]
