"""The national roll-up as people read it (the page, the XLSX and the Word report share it):
the form's layout (section 5's 16 columns under their header, section 4's table), one line per
expected unit (provinces first, then the central units, each by name) with its state, on time
or late, and its figures, the total line and the change against the period before.

Read in a fixed number of queries whatever the number of units (`rollup.rollup` reads the
round, its requests and their latest versions once, and the same for the period before)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from theodoi.core.collation import vi_key
from theodoi.core.periods import Period, parse_period
from theodoi.core.text import decimal_vi
from theodoi.organisation.labels import unit_label
from theodoi.reports.models import RequestState
from theodoi.reports.timeliness import LABELS, Timeliness, judge
from theodoi.statforms import catalog
from theodoi.statforms.definition import PROVINCE, Definition
from theodoi.statforms.periods import FormPeriod, before, calendar_period, periods_of
from theodoi.statforms.rollup import Rollup, Row, Sums, rollup
from theodoi.statforms.selectors import form_rounds

NO_FIGURE = "không có số liệu"
PAKN_TOTALS = ("4a.total", "4b.total")  # the page's main figures of section 4


def count_text(value: int | None) -> str:
    """ "1.234" (the Vietnamese thousands separator); "không có số liệu" for no figure."""
    if value is None:
        return NO_FIGURE
    return f"{value:,}".replace(",", ".").replace("-", "−")


@dataclass(frozen=True)
class HeadCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Layout:
    """Section 5's columns (codes, numbers 1-16, labels) with the paper form's header rows, and
    section 4's rows × columns."""

    grid: tuple[str, ...]
    numbers: tuple[str, ...]
    labels: tuple[str, ...]
    header: tuple[tuple[HeadCell, ...], ...]  # groups, their parts, the columns of a part
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # each group's label and its codes
    pakn_rows: tuple[tuple[str, str], ...]  # ("4a", "a) Tại Hệ thống …")
    pakn_columns: tuple[tuple[str, str], ...]  # ("total", "Tổng số PAKN …")


def _item(definition: Definition, section: str, kind: str) -> Mapping[str, Any]:
    found = [s for s in definition.sections if s.key == section]
    items = [i for i in found[0].items if i["kind"] == kind] if found else []
    if not items:
        raise ValueError(f"form {definition.code} has no {kind} in section {section}")
    return items[0]


def layout(definition: Definition) -> Layout:
    grid = _item(definition, "5", "grid")
    columns = grid["columns"]
    label_of = {c["code"]: c["label"] for c in columns}
    groups, parts, singles = [], [], []
    for group in grid["header"]:
        groups.append(HeadCell(group["label"], colspan=group["span"]))
        for part in group["sub"]:
            codes = part["codes"]
            if len(codes) == 1:  # one column: its part's label stands down to the numbers
                parts.append(HeadCell(part["label"], rowspan=2))
            else:
                parts.append(HeadCell(part["label"], colspan=len(codes)))
                singles += [HeadCell(label_of[code]) for code in codes]
    table = _item(definition, "4", "table")
    return Layout(
        grid=tuple(c["code"] for c in columns),
        numbers=tuple(c["number"] for c in columns),
        labels=tuple(c["label"] for c in columns),
        header=(tuple(groups), tuple(parts), tuple(singles)),
        groups=tuple(
            (g["label"], tuple(code for part in g["sub"] for code in part["codes"]))
            for g in grid["header"]
        ),
        pakn_rows=tuple((r["key"], r["label"]) for r in table["rows"]),
        pakn_columns=tuple((c["key"], c["label"]) for c in table["columns"]),
    )


@dataclass(frozen=True)
class UnitLine:
    number: int
    name: str
    code: str
    province: bool
    state: str  # "Chưa nộp", "Đã nộp lần 2", "Bị trả lại (lần 1)", "Đã tiếp nhận (lần 2)"
    timeliness: str  # "Nộp đúng hạn", "Nộp muộn", "Quá hạn chưa nộp", "Chưa đến hạn, chưa nộp"
    late: bool
    missing: bool
    submission_id: int | None  # the latest version's page
    grid: tuple[int | None, ...]
    pakn: tuple[int | None, ...]  # PAKN_TOTALS

    @property
    def grid_texts(self) -> list[str]:
        return [count_text(v) for v in self.grid]

    @property
    def pakn_texts(self) -> list[str]:
        return [count_text(v) for v in self.pakn]


@dataclass(frozen=True)
class Change:
    """A total against the period before's: "+12 (+3,5%)"; the % only over a figure > 0."""

    now: int | None
    earlier: int | None

    @property
    def text(self) -> str:
        if self.now is None or self.earlier is None:
            return NO_FIGURE
        diff = self.now - self.earlier
        sign = "+" if diff > 0 else ""
        said = f"{sign}{count_text(diff)}"
        if self.earlier > 0:
            share = (Decimal(diff) * 100 / self.earlier).quantize(Decimal("0.1"), ROUND_HALF_UP)
            said += f" ({sign}{decimal_vi(share).replace('-', '−')}%)"
        return said


def _state(row: Row) -> str:
    if row.version is None:
        return "Chưa nộp"
    number = row.version.submission.number
    if row.request.state == RequestState.RETURNED:
        return f"Bị trả lại (lần {number})"
    if row.request.state == RequestState.ACCEPTED:
        return f"Đã tiếp nhận (lần {number})"
    return f"Đã nộp lần {number}"


@dataclass
class Table:
    rollup: Rollup
    period: FormPeriod
    earlier: Period | None
    layout: Layout
    lines: list[UnitLine]
    as_of: date

    @property
    def sums(self) -> Sums:
        return self.rollup.sums

    @property
    def grid_totals(self) -> list[str]:
        return [count_text(self.sums.get(c)) for c in self.layout.grid]

    @property
    def pakn_totals(self) -> list[str]:
        return [count_text(self.sums.get(c)) for c in PAKN_TOTALS]

    def _changes(self, codes: Sequence[str]) -> list[Change]:
        earlier = self.rollup.previous or {}
        return [Change(self.sums.get(c), earlier.get(c)) for c in codes]

    @property
    def grid_earlier(self) -> list[str]:
        return [count_text(c.earlier) for c in self.grid_changes]

    @property
    def pakn_earlier(self) -> list[str]:
        return [count_text(c.earlier) for c in self.pakn_changes]

    @property
    def grid_changes(self) -> list[Change]:
        return self._changes(self.layout.grid)

    @property
    def pakn_changes(self) -> list[Change]:
        return self._changes(PAKN_TOTALS)

    @property
    def missing_names(self) -> list[str]:
        return [line.name for line in self.lines if line.missing]

    def pakn_sum_rows(self) -> list[tuple[str, list[int | None]]]:
        """Section 4's table summed over the units: each row's label and its columns."""
        return [
            (label, [self.sums.get(f"{key}.{column}") for column, _ in self.layout.pakn_columns])
            for key, label in self.layout.pakn_rows
        ]


def _line(number: int, row: Row, grid: Sequence[str], due: date, as_of: date) -> UnitLine:
    values = row.version.values if row.version is not None else {}
    first = row.request.first_submitted_at
    sent_on = timezone.localtime(first).date() if first else None
    state = judge(due, sent_on, as_of)
    return UnitLine(
        number=number,
        name=unit_label(row.unit),
        code=row.unit.code,
        province=row.audience == PROVINCE,
        state=_state(row),
        timeliness=LABELS[state],
        late=state in (Timeliness.LATE, Timeliness.MISSING),
        missing=row.missing,
        submission_id=row.version.submission_id if row.version is not None else None,
        grid=tuple(values.get(c) for c in grid),
        pakn=tuple(values.get(c) for c in PAKN_TOTALS),
    )


def table(code: str, period: Period, today: date | None = None) -> Table | None:
    """The roll-up of form `code` for `period` as its page shows it; None when the period
    has no round."""
    found = rollup(code, period)
    if found.report_round is None or found.definition is None:
        return None
    definition, report_round = found.definition, found.report_round
    as_of = today or timezone.localdate()
    ordered = sorted(found.rows, key=lambda r: (r.audience != PROVINCE, vi_key(unit_label(r.unit))))
    shape = layout(definition)
    due = report_round.due_date
    lines = [_line(n, r, shape.grid, due, as_of) for n, r in enumerate(ordered, 1)]
    return Table(
        rollup=found,
        period=calendar_period(definition.calendar, period),
        earlier=before(definition.calendar, period),
        layout=shape,
        lines=lines,
        as_of=as_of,
    )


@dataclass(frozen=True)
class PeriodLine:
    """A period of the form on the roll-ups' index: its window, due date, how many sent."""

    period: FormPeriod
    opened: bool
    expected: int
    submitted: int

    @property
    def slug(self) -> str:
        return self.period.period.slug

    @property
    def label(self) -> str:
        return self.period.period.label


def periods_index(code: str, today: date) -> list[PeriodLine]:
    """The form's periods of the years it has rounds in (and this year), newest first, each
    with its units expected and those that sent (two queries and the definition)."""
    counted = {
        r["period"]: r
        for r in form_rounds(code)
        .values("period")
        .annotate(
            expected=Count("requests"),
            submitted=Count("requests", filter=Q(requests__first_submitted_at__isnull=False)),
        )
        .order_by()
    }
    years = {today.year} | {parse_period(slug).year for slug in counted}
    calendar = catalog.definition(catalog.row_for(code, today)).calendar
    lines = []
    for year in sorted(years, reverse=True):
        for found in reversed(periods_of(calendar, year)):
            row = counted.get(found.period.slug)
            expected, submitted = (row["expected"], row["submitted"]) if row else (0, 0)
            lines.append(PeriodLine(found, row is not None, expected, submitted))
    return lines
