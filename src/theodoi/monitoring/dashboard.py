"""The dashboard (DOMAIN §9): where every task stands on a date, for the Office and leaders
(every unit) or a unit head (their unit and the units below it).

Counts come from the history spans, like the statistics page, so a past date shows that day
(`counts.py`). Every number carries the address of the task list that shows those tasks. The
agency-wide numbers are kept for a few minutes (`DashboardCache`): counting them at volume is
slow (docs/bench.md), and the page says when they were counted.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.monitoring import counts
from theodoi.monitoring.models import DashboardCache
from theodoi.monitoring.trend import trend
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import subtree_ids
from theodoi.reports import timeliness
from theodoi.tasks.links import UnitRole, task_list_url
from theodoi.tasks.models import OPEN_STATES, Document
from theodoi.tasks.stats import CLASS_LABELS, CLASSES, View
from theodoi.workcalendar.services import WorkingDayIndex, get_calendar

FRESH_FOR = timedelta(minutes=5)
CACHE_VERSION = 4  # raised when what a kept board holds changes


@dataclass(frozen=True)
class Cell:
    count: int
    url: str


@dataclass
class Row:
    label: str
    total: Cell
    cells: dict[str, Cell]

    @property
    def ordered(self) -> list[tuple[str, str, Cell]]:
        """(class, its label, its cell) in the order of CLASSES."""
        return [(k, CLASS_LABELS[k], self.cells[k]) for k in CLASSES]


@dataclass
class Board:
    as_of: date
    view: View
    unit: Unit | None
    counted_at: datetime
    totals: Row
    no_deadline: Cell
    by_unit: list[Row]
    by_document: list[Row]
    by_leader: list[Row]
    trend: list[dict[str, Any]]
    due_soon: Cell
    due_until: date
    missing_update: Cell  # tasks without a deadline whose period ended without an update
    overdue: list[tuple[str, Cell]] = field(default_factory=list)
    # "Báo cáo định kỳ": this and the last period's rounds of each active report type
    reports: list[timeliness.RoundRow] = field(default_factory=list)

    @property
    def trend_table(self) -> list[tuple[date, list[int]]]:
        """The trend as the table under the chart: each day and its count of each class."""
        return [(point["day"], [point[k] for k in CLASSES]) for point in self.trend]


def _row(label: str, numbers: dict[str, int], base: dict[str, Any]) -> Row:
    cells = {k: Cell(numbers.get(k, 0), task_list_url(**base, klass=k)) for k in CLASSES}
    total = sum(numbers.get(k, 0) for k in CLASSES)
    return Row(label, Cell(total, task_list_url(**base)), cells)


def _cached(key: str, as_of: date, compute) -> tuple[dict[str, Any], datetime]:
    now = timezone.now()
    entry = DashboardCache.objects.filter(key=key).first()
    past = as_of < timezone.localdate()
    if entry is not None and (past or now - entry.computed_at < FRESH_FOR):
        return entry.data, entry.computed_at
    data = compute()
    DashboardCache.objects.update_or_create(key=key, defaults={"data": data, "computed_at": now})
    return data, now


def dashboard(user: User, as_of: date, view: View, unit: Unit | None) -> Board:
    """The dashboard for `unit` and the units below it (None: every unit)."""
    scope = str(unit.pk) if unit else "all"
    lead_ids = subtree_ids({unit.pk}) if unit is not None else None  # read once per page
    calendar = get_calendar()
    days = WorkingDayIndex(calendar, as_of - timedelta(days=200), as_of + timedelta(days=60))
    data, counted_at = _cached(
        f"board:{CACHE_VERSION}:{as_of}:{view}:{scope}",
        as_of,
        lambda: counts.board_counts(as_of, view, unit, lead_ids, days, calendar),
    )
    base: dict[str, Any] = {"view": view, "as_of": as_of}
    if unit is not None:
        base |= {"unit_id": unit.pk, "unit_role": UnitRole.LEAD}
    totals = data["totals"]
    found = Unit.objects.filter(code__in=list(data["by_unit"])).values_list(
        "code", "pk", "short_name", "name"
    )
    units: dict[str, int] = {code: pk for code, pk, _, _ in found}
    names = {code: short or name for code, _, short, name in found}
    by_unit = [
        _row(
            names.get(code) or code,
            counts,
            {**base, "unit_id": units.get(code), "unit_role": UnitRole.LEAD},
        )
        for code, counts in sorted(
            data["by_unit"].items(), key=lambda item: -item[1]["open_overdue"]
        )
    ]
    documents = {
        d.pk: d
        for d in Document.objects.filter(pk__in=[r["document_id"] for r in data["by_document"]])
    }
    by_document = [
        _row(
            str(documents[r["document_id"]]),
            r,
            {**base, "document_id": r["document_id"]},
        )
        for r in data["by_document"]
        if r["document_id"] in documents
    ]
    leaders = dict(
        (pk, full or username)
        for pk, full, username in User.objects.filter(
            pk__in=[r["leader_id"] for r in data["by_leader"]]
        ).values_list("pk", "full_name", "username")
    )
    by_leader = [
        _row(leaders.get(r["leader_id"], "?"), r, {**base, "leader_id": r["leader_id"]})
        for r in data["by_leader"]
    ]
    until = days.shift(as_of, counts.SOON_DAYS)
    attention = data["attention"]
    soon = task_list_url(**base, states=OPEN_STATES, due_from=as_of, due_to=until)
    due_soon = Cell(attention["due_soon"], soon)
    overdue = [
        (band.label, Cell(attention[f"band{i}"], task_list_url(**base, **band.params)))
        for i, band in enumerate(counts.bands(days, as_of))
    ]
    return Board(
        as_of=as_of,
        view=view,
        unit=unit,
        counted_at=counted_at,
        totals=_row("Tổng số", totals, base),
        no_deadline=Cell(totals["no_deadline"], task_list_url(**base, klass="no_deadline")),
        by_unit=by_unit,
        by_document=by_document,
        by_leader=by_leader,
        trend=[*trend(as_of, view, lead_ids, scope), {"day": as_of, **totals}],
        due_soon=due_soon,
        due_until=until,
        missing_update=Cell(
            attention["missing_update"], task_list_url(**base, missing_update=True)
        ),
        overdue=overdue,
        # one query, not kept in the cache: it is cheap
        reports=timeliness.panel(as_of, unit.pk if unit else None, lead_ids),
    )
