"""Reads of the evaluation: the formula in force, the ranking of units for a period, one unit's
scorecard, and who may see which unit's card."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Q, Value, When

from theodoi.accounts.models import User
from theodoi.core.collation import vi_key
from theodoi.core.periods import Period
from theodoi.evaluation.metrics import Metrics, events_between, gather
from theodoi.evaluation.models import RankingFormula
from theodoi.evaluation.scoring import DEFAULT, Formula, Placed, Term, from_stored, rank, stored
from theodoi.monitoring.models import UrgingLetter
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import name_as_of
from theodoi.reports import timeliness
from theodoi.reports.models import ReportRequest
from theodoi.tasks.events import GRANTED, RETURNS
from theodoi.tasks.models import EventKind, TaskEvent, TaskFact
from theodoi.tasks.scope import sees_all, unit_scope
from theodoi.tasks.stats import FACT_COLUMNS, View, class_filters, facts_on

LISTED = 100  # tasks or events shown per section of a scorecard
EVENT_WORDS: dict[str, str] = {  # what the events listed on a card mean for the unit
    EventKind.RETURN: "Đơn vị chuyển lại nhiệm vụ",
    EventKind.REQUEST_REASSIGNMENT: "Đơn vị đề nghị giao lại sau khi đã nhận",
    EventKind.SEND_BACK: "Kết quả bị trả lại để hoàn thiện",
    EventKind.DECIDE_EXTENSION: "Được gia hạn",
}


def formula_record() -> RankingFormula:
    record = RankingFormula.objects.order_by("pk").first()
    if record is None:
        return RankingFormula(
            weights=stored(DEFAULT.weights),
            min_judged=DEFAULT.min_judged,
        )
    return record


def current_formula() -> Formula:
    record = formula_record()
    return from_stored(record.weights, record.min_judged)


@dataclass
class UnitResult:
    unit: Unit
    name: str
    metrics: Metrics
    placed: Placed


@dataclass
class Ranking:
    period: Period
    as_of: date
    formula: Formula
    rows: list[UnitResult]
    ranked: int  # how many units have a rank


@dataclass(frozen=True)
class Standings:
    """Every unit's metrics and place in a period (7 queries)."""

    formula: Formula
    as_of: date
    metrics: dict[int, Metrics]
    placed: dict[int, Placed]

    @property
    def ranked(self) -> int:
        return sum(1 for p in self.placed.values() if p.rank is not None)


def standings(period: Period, today: date) -> Standings:
    formula = current_formula()
    as_of = period.as_of(today)
    metrics = {k: m for k, m in gather(period.start, period.end, as_of).items() if not m.is_empty}
    return Standings(formula, as_of, metrics, rank(formula, metrics.items()))


def ranking(period: Period, today: date) -> Ranking:
    """Every unit with something to count in the period: the ranked ones by rank (then name),
    then the others by name, in alphabetical order (9 queries)."""
    found = standings(period, today)
    units = Unit.objects.filter(pk__in=found.metrics).prefetch_related("past_names")
    rows = [
        UnitResult(u, name_as_of(u, period.end).name, found.metrics[u.pk], found.placed[u.pk])
        for u in units
    ]
    rows.sort(key=lambda r: (r.placed.rank is None, r.placed.rank or 0, vi_key(r.name)))
    return Ranking(period, found.as_of, found.formula, rows, found.ranked)


def may_see_card(user: User, unit: Unit) -> bool:
    """The Office, leaders and other readers of every task see every unit's card; a unit's
    head sees their unit's and those of the units below it."""
    own = unit.pk == user.unit_id  # no need to read the tree for that
    return sees_all(user) or own or unit.pk in unit_scope(user)


@dataclass(frozen=True)
class CardEvent:
    """A return, a send-back or a granted extension, in the card's words (`EVENT_WORDS`)."""

    event: TaskEvent
    label: str


@dataclass(frozen=True)
class LateReport:
    """A report of the unit due in the period, sent late or not sent by the period's end."""

    request: ReportRequest
    label: str  # "Nộp muộn" or "Quá hạn chưa nộp"


@dataclass
class Scorecard:
    period: Period
    as_of: date
    formula: Formula
    ranked: int
    result: UnitResult
    terms: list[Term]
    overdue: list[TaskFact] = field(default_factory=list)
    late: list[TaskFact] = field(default_factory=list)
    pending: list[TaskFact] = field(default_factory=list)
    events: list[CardEvent] = field(default_factory=list)
    letters: list[UrgingLetter] = field(default_factory=list)
    reports: list["LateReport"] = field(default_factory=list)

    @property
    def unit(self) -> Unit:
        return self.result.unit

    @property
    def metrics(self) -> Metrics:
        return self.result.metrics


def scorecard(unit: Unit, period: Period, today: date) -> Scorecard:
    """A unit's card: its numbers and place among all units, the score term by term, and what
    lies behind the numbers (the tasks not done on time, returns, send-backs, extensions,
    urging letters, reports sent late or missing). 11 queries, 12 when the unit has reports
    sent late or missing."""
    found = standings(period, today)
    metrics = found.metrics.get(unit.pk, Metrics())
    placed = found.placed.get(unit.pk, Placed(None))
    result = UnitResult(unit, name_as_of(unit, period.end).name, metrics, placed)
    as_of = found.as_of
    filters = class_filters(FACT_COLUMNS[View.UNIT], as_of)
    buckets = ("open_overdue", "done_late", "open_in_time")
    klass = Case(
        *(When(filters[key], then=Value(key)) for key in buckets),
        default=Value(""),
        output_field=CharField(),
    )
    not_on_time = (
        facts_on(as_of)
        .filter(lead_unit=unit, internal_deadline__range=(period.start, period.end))
        .exclude(filters["done_on_time"])
        .annotate(klass=klass)
        .select_related("task", "task__document")
        .order_by("internal_deadline", "task_id")
    )
    listed: dict[str, list[TaskFact]] = {key: [] for key in buckets}
    for fact in not_on_time:
        bucket = listed.get(fact.klass)
        if bucket is not None and len(bucket) < LISTED:
            bucket.append(fact)
    events = (
        events_between(period.start, as_of)
        .filter(unit=unit)
        .filter(Q(action__in=(*RETURNS, EventKind.SEND_BACK)) | GRANTED)
        .select_related("task")
        .order_by("at", "id")
    )
    letters = (
        UrgingLetter.objects.filter(unit=unit, issued_on__range=(period.start, as_of))
        .select_related("unit")
        .order_by("issued_on", "id")
    )
    return Scorecard(
        period=period,
        as_of=as_of,
        formula=found.formula,
        ranked=found.ranked,
        result=result,
        terms=found.formula.terms(metrics) if not metrics.is_empty else [],
        overdue=listed["open_overdue"],
        late=listed["done_late"],
        pending=listed["open_in_time"],
        events=[CardEvent(e, EVENT_WORDS[e.action]) for e in events[:LISTED]],
        letters=list(letters[:LISTED]),
        reports=_late_reports(unit, metrics, period, today),
    )


def _late_reports(unit: Unit, metrics: Metrics, period: Period, today: date) -> list[LateReport]:
    """The unit's reports late or missing: read only when its counts say there are some."""
    if not metrics.reports_late and not metrics.reports_missing:
        return []
    found = timeliness.unit_requests(unit.pk, period, today)[:LISTED]
    return [LateReport(r, timeliness.LABELS[state]) for r, state in found]
