"""The national roll-up of a form's period: one row per unit expected to report (the round's
requests: the provinces in force on the period's last day and the central units), the latest
submitted version of each, the sum of every number over those versions, the units missing,
and the sums of the period before for the change.

Sums read the latest version whatever its review (returned versions are shown as such on the
page); a blank cell adds nothing, and a code nobody filled sums to None ("không có số liệu").
"""

from dataclasses import dataclass, field

from theodoi.core.periods import Period
from theodoi.organisation.models import Unit
from theodoi.reports.models import ReportRequest, ReportRound
from theodoi.statforms.definition import Definition
from theodoi.statforms.models import FormVersion
from theodoi.statforms.periods import before
from theodoi.statforms.selectors import audience_of, definition_of, form_round, latest_versions

Sums = dict[str, int | None]


@dataclass(frozen=True)
class Row:
    request: ReportRequest
    unit: Unit
    audience: str
    version: FormVersion | None

    @property
    def missing(self) -> bool:
        return self.version is None


@dataclass
class Rollup:
    code: str
    period: Period
    report_round: ReportRound | None
    definition: Definition | None
    rows: list[Row] = field(default_factory=list)
    sums: Sums = field(default_factory=dict)
    previous: Sums | None = None  # the period before's sums, None if it has no round

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if not r.missing)

    @property
    def missing(self) -> list[str]:
        return [r.unit.code for r in self.rows if r.missing]

    def as_json(self) -> dict[str, object]:
        return {
            "period": self.period.slug,
            "submitted": self.submitted,
            "expected": self.expected,
            "missing": self.missing,
            "values": self.sums,
        }


def add_up(definition: Definition, versions: list[FormVersion]) -> Sums:
    sums: Sums = {f.code: None for f in definition.numbers()}
    for version in versions:
        for code, value in version.values.items():
            if code in sums and value is not None:
                sums[code] = (sums[code] or 0) + int(value)
    return sums


def _rows(report_round: ReportRound) -> list[Row]:
    latest = latest_versions(report_round)
    requests = report_round.requests.select_related("unit").order_by("unit__kind", "unit__code")
    return [Row(r, r.unit, audience_of(r.unit), latest.get(r.pk)) for r in requests]


def rollup(code: str, period: Period, *, with_previous: bool = True) -> Rollup:
    """The roll-up of form `code` for `period` (no round yet: nobody expected, nothing sent)."""
    report_round = form_round(code, period)
    if report_round is None:
        return Rollup(code, period, None, None)
    definition = definition_of(report_round)
    rows = _rows(report_round)
    found = Rollup(code, period, report_round, definition, rows)
    found.sums = add_up(definition, [r.version for r in rows if r.version is not None])
    earlier = before(definition.calendar, period) if with_previous else None
    if earlier is not None:
        found.previous = rollup(code, earlier, with_previous=False).sums or None
    return found
