"""A target's actual values by period, and where each stands (`status.judge`).

Entered targets: the entry in force of each period (the latest number). Computed targets: the
formula over the form's national roll-up of each period that has a round, worked out from the
form data each time (never stored): the same rows as `statforms.rollup` (each unit's latest
submitted version, whatever its review), read for every period and unit in one query, which
also gives each unit's own value for the breakdown.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from theodoi.core.periods import Period, parse_period
from theodoi.statforms.models import FormVersion
from theodoi.targets import formula as formulas
from theodoi.targets.models import Direction, Target, TargetActual
from theodoi.targets.status import Point, Status, judge

Values = dict[str, int | None]


def period_order(period: Period) -> tuple[date, int]:
    """Periods by their last day; a year after the quarter that ends with it."""
    return period.end, (period.end - period.start).days


@dataclass(frozen=True)
class UnitFigures:
    """One unit's latest version of a period: its code, name and values."""

    code: str
    name: str
    values: Values


@dataclass
class FormData:
    """A form's latest versions of every period: period slug → its units' figures."""

    periods: dict[str, list[UnitFigures]] = field(default_factory=dict)

    def sums(self, slug: str) -> Values:
        """The national roll-up's sums of `slug` (a code nobody filled stays None)."""
        totals: Values = {}
        for unit in self.periods.get(slug, []):
            for code, value in unit.values.items():
                if value is not None:
                    totals[code] = (totals.get(code) or 0) + int(value)
                else:
                    totals.setdefault(code, None)
        return totals


def form_data(form_code: str) -> FormData:
    """Every period's latest version of each unit for `form_code`, in one query."""
    rows = (
        FormVersion.objects.filter(
            submission__request__round__form_code=form_code,
            submission__request__round__report_type__isnull=False,
        )
        .order_by("submission__request_id", "submission__number")
        .values_list(
            "submission__request_id",
            "submission__request__round__period",
            "submission__request__unit__code",
            "submission__request__unit__short_name",
            "submission__request__unit__name",
            "values",
        )
    )
    latest: dict[int, tuple[str, UnitFigures]] = {}
    for request_id, slug, code, short, name, values in rows:
        latest[request_id] = (slug, UnitFigures(code, short or name, values))
    found = FormData()
    for slug, unit in latest.values():
        found.periods.setdefault(slug, []).append(unit)
    return found


@dataclass
class Line:
    """A target's actual in one period and its status then."""

    period: Period
    value: Decimal | None
    status: Status = Status.NO_DATA
    projected: Decimal | None = None
    entry: TargetActual | None = None  # the entry in force (entered targets)
    history: list[TargetActual] = field(default_factory=list)  # earlier entries, oldest first


@dataclass
class Standing:
    """A target with its periods, the latest actual and where it stands today."""

    target: Target
    lines: list[Line]
    today: date
    status: Status = Status.NO_DATA
    projected: Decimal | None = None
    form: FormData | None = None  # the form data a computed target was worked out from

    @property
    def latest(self) -> Line | None:
        with_value = [line for line in self.lines if line.value is not None]
        return with_value[-1] if with_value else None

    def line(self, slug: str) -> Line | None:
        return next((line for line in self.lines if line.period.slug == slug), None)


def _baseline(target: Target) -> list[Point]:
    if target.baseline_value is None or target.baseline_date is None:
        return []
    return [Point(target.baseline_date, target.baseline_value)]


def _judge(target: Target, lines: list[Line], today: date, form: FormData | None) -> Standing:
    points = _baseline(target)
    for line in lines:
        if line.value is not None:
            points.append(Point(line.period.end, line.value))
        line.status, line.projected = judge(
            direction=target.direction, goal=target.goal, deadline=target.deadline,
            points=list(points), actual=line.value, on=line.period.as_of(today),
        )  # fmt: skip
    standing = Standing(target, lines, today, form=form)
    latest = standing.latest
    standing.status, standing.projected = judge(
        direction=target.direction, goal=target.goal, deadline=target.deadline,
        points=points, actual=latest.value if latest else None, on=today,
    )  # fmt: skip
    return standing


def _entered_lines(entries: Iterable[TargetActual]) -> list[Line]:
    by_period: dict[str, list[TargetActual]] = defaultdict(list)
    for entry in entries:
        by_period[entry.period].append(entry)
    lines = []
    for slug, kept in by_period.items():
        kept.sort(key=lambda e: e.number)
        lines.append(Line(parse_period(slug), kept[-1].value, entry=kept[-1], history=kept[:-1]))
    return sorted(lines, key=lambda line: period_order(line.period))


def _computed_lines(target: Target, data: FormData) -> list[Line]:
    tree = formulas.parse(target.formula)
    lines = [
        Line(parse_period(slug), formulas.evaluate(tree, data.sums(slug))) for slug in data.periods
    ]
    return sorted(lines, key=lambda line: period_order(line.period))


def standings(targets: list[Target], today: date | None = None) -> list[Standing]:
    """Each target with its periods and status: one query for the entered actuals of them
    all, one per form the computed ones read."""
    today = today or timezone.localdate()
    entered = [t.pk for t in targets if not t.is_computed]
    entries: dict[int, list[TargetActual]] = defaultdict(list)
    rows = TargetActual.objects.filter(target_id__in=entered).select_related("entered_by")
    for entry in rows.prefetch_related("files") if len(targets) == 1 else rows:
        entries[entry.target_id].append(entry)
    forms = {t.form_code: form_data(t.form_code) for t in targets if t.is_computed}
    found = []
    for target in targets:
        form = forms[target.form_code] if target.is_computed else None
        if form is not None:
            lines = _computed_lines(target, form)
        else:
            lines = _entered_lines(entries[target.pk])
        found.append(_judge(target, lines, today, form))
    return found


def standing(target: Target, today: date | None = None) -> Standing:
    return standings([target], today)[0]


def by_unit(item: Standing, period: Period) -> list[tuple[str, str, Decimal]]:
    """(unit code, name, value) of `period`, best first: each unit's own figures through the
    formula (units whose value is blank left out); for an entered target, the owner's. Read
    from what `standings` already loaded: no query."""
    target = item.target
    if item.form is None:
        line = item.line(period.slug)
        owner = target.owner
        if line is None or line.value is None:
            return []
        return [(owner.code, owner.short_name or owner.name, line.value)]
    tree = formulas.parse(target.formula)
    rows = []
    for unit in item.form.periods.get(period.slug, []):
        value = formulas.evaluate(tree, unit.values)
        if value is not None:
            rows.append((unit.code, unit.name, value))
    best_high = target.direction == Direction.AT_LEAST
    return sorted(rows, key=lambda r: (-r[2] if best_high else r[2], r[0]))
