"""Reading the agreement's year for the Office's page: each duty's occurrences with the state
of their tasks (a provincial one summed up over the provinces, with its list of provinces), and
the preview of what generating a year would create.

A task's state reads as the four classes of DOMAIN §8 on the agency's view (tasks.stats), so a
duty done late or overdue reads as it does in the statistics. The page takes a fixed number of
queries however many provinces there are.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from theodoi.organisation.models import Unit
from theodoi.partners.generation import Planned, year_obligations, year_plan
from theodoi.partners.models import Agreement, Duty, Level, Obligation, RuleKind, Side
from theodoi.partners.rules import rule_text
from theodoi.tasks.links import task_url
from theodoi.tasks.stats import CLASS_LABELS, View, task_class

DONE = ("done_on_time", "done_late")
OPEN = ("open_in_time", "open_overdue")


@dataclass(frozen=True)
class UnitLine:
    """One unit's task for an occurrence."""

    unit: Unit
    task_url: str
    state: str  # the task's state, as the task page names it
    klass: str  # one of the four classes, "" for a cancelled or suspended task
    klass_label: str
    deadline: date


@dataclass
class Occurrence:
    """A duty's occurrence in the year: one line per lead unit (34 for a provincial duty)."""

    duty: Duty
    period: str
    deadline: date
    title: str
    host: str
    partner_name: str
    lines: list[UnitLine] = field(default_factory=list)

    @property
    def provincial(self) -> bool:
        return self.duty.level == Level.PROVINCIAL

    @property
    def host_label(self) -> str:
        """Who hosts a duty hosted in turn this year ("" for other duties)."""
        if not self.host:
            return ""
        host = Side.OURS.label if self.host == Side.OURS else self.partner_name
        return f"{host} chủ trì"

    @property
    def summary(self) -> str:
        """ "34 tỉnh: 20 xong, 14 đang làm (3 quá hạn)" (the words the page shows)."""
        counts = Counter(line.klass for line in self.lines)
        done, open_ = sum(counts[k] for k in DONE), sum(counts[k] for k in OPEN)
        words = [f"{done} xong", f"{open_} đang làm"]
        other = len(self.lines) - done - open_
        if other:
            words.append(f"{other} tạm dừng hoặc đã hủy")
        late = f" ({counts['open_overdue']} quá hạn)" if counts["open_overdue"] else ""
        return f"{len(self.lines)} tỉnh: {', '.join(words)}{late}"


@dataclass(frozen=True)
class DutyRow:
    """A duty as the agreement states it, with its rule and lead in words."""

    duty: Duty
    rule: str
    lead: str


def duty_rows(duties: list[Duty]) -> list[DutyRow]:
    return [
        DutyRow(
            duty=d,
            rule=rule_text(d.rule, d.month, d.day),
            lead=(d.lead_unit.short_name or d.lead_unit.name)
            if d.lead_unit is not None
            else "Từng BHXH tỉnh",
        )
        for d in duties
    ]


@dataclass(frozen=True)
class YearPage:
    agreement: Agreement
    year: int
    occurrences: list[Occurrence]
    duties: list[DutyRow]  # every duty of the agreement
    on_request: list[Duty]  # duties without dates (Art. 11): answered request by request
    generated: int  # tasks of the year already generated
    years: list[int]  # the years the switcher offers


def _line(obligation: Obligation, today: date) -> UnitLine:
    task = obligation.task
    klass = task_class(task, View.AGENCY, today)
    return UnitLine(
        unit=obligation.unit,
        task_url=task_url(task.pk),
        state=task.get_state_display(),
        klass=klass,
        klass_label=CLASS_LABELS.get(klass, task.get_state_display()),
        deadline=obligation.deadline,
    )


def _occurrences(
    agreement: Agreement, obligations: list[Obligation], today: date
) -> list[Occurrence]:
    """The obligations grouped by occurrence, by deadline then duty."""
    found: dict[tuple[int, str], Occurrence] = {}
    for obligation in obligations:
        key = (obligation.duty_id, obligation.period)
        if key not in found:
            found[key] = Occurrence(
                duty=obligation.duty,
                period=obligation.period,
                deadline=obligation.deadline,
                title=obligation.task.content,
                host=obligation.host,
                partner_name=agreement.partner.short_name or agreement.partner.name,
            )
        found[key].lines.append(_line(obligation, today))
    return sorted(found.values(), key=lambda o: (o.deadline, o.duty.order))


def year_page(agreement: Agreement, year: int, today: date) -> YearPage:
    """The year's duties with their generated tasks, by deadline then duty."""
    obligations = year_obligations(agreement, year)
    duties = list(agreement.duties.select_related("lead_unit").order_by("order", "id"))
    return YearPage(
        agreement=agreement,
        year=year,
        occurrences=_occurrences(agreement, obligations, today),
        duties=duty_rows(duties),
        on_request=[d for d in duties if d.rule == RuleKind.ON_REQUEST],
        generated=len(obligations),
        years=years_offered(agreement, today),
    )


def years_offered(agreement: Agreement, today: date) -> list[int]:
    """From the first year generated (or this year) to next year."""
    first = (
        Obligation.objects.filter(duty__agreement=agreement)
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    start = max(agreement.valid_from.year, min(first or today.year, today.year))
    return list(range(start, today.year + 2))


def occurrence_page(
    agreement: Agreement, year: int, duty_code: str, period: str, today: date
) -> Occurrence | None:
    """One occurrence with every unit's task (the drill-down of a provincial duty)."""
    obligations = [
        o
        for o in year_obligations(agreement, year)
        if o.duty.code == duty_code and o.period == period
    ]
    return next(iter(_occurrences(agreement, obligations, today)), None)


@dataclass(frozen=True)
class PreviewLine:
    duty: Duty
    period: str
    deadline: date
    title: str
    units: str  # "VP", or "34 tỉnh"
    new: int
    existing: int


def preview(agreement: Agreement, year: int) -> list[PreviewLine]:
    """What generating `year` would create and what exists, one line per occurrence."""
    grouped: dict[tuple[int, str], list[Planned]] = {}
    for planned in year_plan(agreement, year):
        grouped.setdefault((planned.duty.pk, planned.occurrence.period), []).append(planned)
    lines = []
    for items in grouped.values():
        first = items[0]
        new = sum(1 for p in items if p.existing is None)
        provincial = first.duty.level == Level.PROVINCIAL
        units = f"{len(items)} tỉnh" if provincial else first.unit.short_name or first.unit.name
        lines.append(
            PreviewLine(
                duty=first.duty,
                period=first.occurrence.period,
                deadline=first.occurrence.deadline,
                title=first.title,
                units=units,
                new=new,
                existing=len(items) - new,
            )
        )
    return sorted(lines, key=lambda line: (line.deadline, line.duty.order))
