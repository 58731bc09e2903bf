"""The figures of the agency's report for a period, read as of the period's last day from
history: the four classes of §8 in the agency's view by lead unit and in total (exactly
`tasks.stats.statistics`, which `theodoi stats` prints), the same by directive document, the
tasks overdue at the end with the reason their unit gave and their extensions, and the
difficulties units raised (`tasks.obstacles.reads.obstacles_of_period`).

A fixed number of queries whatever the volume (`gather`: 9)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from theodoi.core.collation import vi_key
from theodoi.core.dates import format_date
from theodoi.core.errors import ValidationFailed
from theodoi.core.periods import Kind, Period, parse_period
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.tasks.models import (
    Document,
    EventKind,
    TaskEvent,
    TaskFact,
)
from theodoi.tasks.obstacles.reads import PeriodObstacles, obstacles_of_period
from theodoi.tasks.stats import FACT_COLUMNS, KEYS, View, class_filters, facts_on, statistics

# What the report calls itself for each kind of period (Art. 8.3: the monthly briefing, the
# 6-month review, the annual review; a quarter's report reads like a month's).
TITLES = {
    Kind.MONTH: "Báo cáo giao ban tháng",
    Kind.QUARTER: "Báo cáo quý",
    Kind.HALF: "Báo cáo sơ kết 6 tháng",
    Kind.YEAR: "Báo cáo tổng kết năm",
}
NO_REASON = "Đơn vị chưa nêu lý do"
TOLD = (EventKind.PROGRESS, EventKind.OBSTACLE_RAISE, EventKind.REQUEST_EXTENSION)


@dataclass(frozen=True)
class CountRow:
    """A line of a table of the four classes: whose counts, then the counts by `KEYS`."""

    label: str
    counts: Mapping[str, int]

    def cells(self) -> list[int]:
        return [self.counts[key] for key in KEYS]


@dataclass(frozen=True)
class OverdueRow:
    task_id: int
    task: str  # "1.2. content"
    unit: str
    document: str
    deadline: date
    reason: str  # what the unit last gave as the reason (an extension, a difficulty, progress)
    extensions: list[str]  # each request as the period's end saw it

    @property
    def deadline_text(self) -> str:
        return format_date(self.deadline)

    @property
    def extensions_text(self) -> str:
        return "\n".join(self.extensions) if self.extensions else "Không đề nghị gia hạn"


@dataclass(frozen=True)
class AgencyData:
    period: Period
    as_of: date
    stats: dict[str, Any]  # `tasks.stats.statistics(as_of)` as it is
    units: list[CountRow]  # by unit name, then
    total: CountRow
    documents: list[CountRow]
    overdue: list[OverdueRow]
    obstacles: PeriodObstacles

    @property
    def title(self) -> str:
        return TITLES[self.period.kind]

    def as_json(self) -> dict[str, Any]:
        """What `theodoi report tasks --json` prints."""
        return {
            "period": self.period.slug,
            "as_of": self.as_of.isoformat(),
            "totals": {key: self.stats[key] for key in KEYS},
            "by_unit": self.stats["by_unit"],
        }


def ended_period(text: str, today: date) -> Period:
    """The period written `text`, refused while it has not ended (its figures would move)."""
    period = parse_period(text)
    if period.end >= today:
        raise ValidationFailed(
            {
                "period": f"{period.label} chưa kết thúc (đến hết ngày {format_date(period.end)}):"
                " chỉ lập báo cáo cho kỳ đã kết thúc."
            }
        )
    return period


def _by_unit(stats: dict[str, Any]) -> tuple[list[CountRow], CountRow]:
    units = {u.code: unit_label(u) for u in Unit.objects.filter(code__in=list(stats["by_unit"]))}
    rows = [CountRow(units.get(code, code), counts) for code, counts in stats["by_unit"].items()]
    rows.sort(key=lambda row: vi_key(row.label))
    return rows, CountRow("Tổng cộng", {key: stats[key] for key in KEYS})


def _by_document(as_of: date) -> list[CountRow]:
    """Grouped by the task's document id alone (joining the documents into the grouping takes
    six times as long at volume), then the documents' titles in one more query."""
    aggregates = {"total": Count("id")}
    filters = class_filters(FACT_COLUMNS[View.AGENCY], as_of)
    aggregates |= {key: Count("id", filter=q) for key, q in filters.items()}
    grouped = facts_on(as_of).values("task__document_id").annotate(**aggregates)
    rows: list[Mapping[str, Any]] = list(grouped.order_by())
    # every document at once: a list of thousands of ids would be cut into many queries
    documents = {
        pk: Document(pk=pk, kind=kind, number=number, issued_on=issued_on)
        for pk, kind, number, issued_on in Document.objects.values_list(
            "id", "kind", "number", "issued_on"
        )
    }
    rows.sort(key=lambda r: (documents[r["task__document_id"]].issued_on, r["task__document_id"]))
    return [
        CountRow(documents[r["task__document_id"]].title, {k: r[k] for k in KEYS}) for r in rows
    ]


def _day(value: object) -> str:
    """A day kept in an event's data (ISO) as dd/mm/yyyy; "" when missing."""
    return format_date(date.fromisoformat(value)) if isinstance(value, str) and value else ""


def _told(
    ids: QuerySet[TaskFact, Any], after_end: datetime
) -> tuple[dict[int, str], dict[int, list[str]]]:
    """From the tasks' timelines up to the period's end (one query): the reason each unit last
    gave (an extension's reason, a difficulty, a progress note) and each extension request as
    the end saw it (pending, agreed to a date, refused). `ids` is a subquery: a list of ten
    thousand ids would pass the databases' limits on parameters."""
    events = (
        TaskEvent.objects.filter(task_id__in=ids, action__in=(*TOLD, EventKind.DECIDE_EXTENSION))
        .filter(at__lte=after_end)
        .order_by("task_id", "at", "id")
        .values_list("task_id", "at", "action", "note", "data")
    )
    reasons: dict[int, str] = {}
    extensions: dict[int, list[str]] = {}
    waiting: dict[int, str] = {}  # a request not yet decided, as words
    for task_id, at, action, note, data in events:
        if action in TOLD and note.strip():
            reasons[task_id] = note.strip()
        if action == EventKind.REQUEST_EXTENSION:
            asked = f"Ngày {format_date(timezone.localdate(at))} đề nghị gia hạn đến "
            waiting[task_id] = asked + _day(data.get("proposed_deadline"))
            extensions.setdefault(task_id, []).append(f"{waiting[task_id]}: chờ quyết định.")
        elif action == EventKind.DECIDE_EXTENSION and task_id in waiting:
            asked = waiting.pop(task_id)
            verdict = (
                f"đồng ý gia hạn đến {_day(data.get('new_deadline'))}."
                if data.get("approved")
                else "không đồng ý."
            )
            extensions[task_id][-1] = f"{asked}: {verdict}"
    return reasons, extensions


def _overdue(as_of: date) -> list[OverdueRow]:
    """The tasks overdue at `as_of` (agency view), oldest deadline first, with their reasons.

    Read as plain values: thousands of model instances at volume cost more than the query
    (the units and documents, a few hundred, are made once each for their names)."""
    overdue = class_filters(FACT_COLUMNS[View.AGENCY], as_of)["open_overdue"]
    unit_fields = ("lead_unit_id", "lead_unit__code", "lead_unit__name", "lead_unit__short_name")
    document_fields = ("kind", "number", "issued_on")
    facts = facts_on(as_of).filter(overdue)
    found = list(
        facts.order_by("deadline", "task_id").values_list(
            "task_id",
            "deadline",
            "task__code",
            "task__content",
            *unit_fields,
            "task__document_id",
            *(f"task__document__{f}" for f in document_fields),
        )
    )
    after_end = datetime.combine(as_of, datetime.max.time(), timezone.get_current_timezone())
    reasons, extensions = _told(facts.values("task_id"), after_end)
    units: dict[int, str] = {}
    documents: dict[int, str] = {}
    rows = []
    for task_id, deadline, code, content, *rest in found:
        unit_id, unit_code, name, short_name, document_id, kind, number, issued_on = rest
        if unit_id not in units:
            unit = Unit(pk=unit_id, code=unit_code, name=name, short_name=short_name)
            units[unit_id] = unit_label(unit)
        if document_id not in documents:
            documents[document_id] = Document(kind=kind, number=number, issued_on=issued_on).title
        rows.append(
            OverdueRow(
                task_id=task_id,
                task=f"{code}. {content}" if code else content,
                unit=units[unit_id],
                document=documents[document_id],
                deadline=deadline,
                reason=reasons.get(task_id, NO_REASON),
                extensions=extensions.get(task_id, []),
            )
        )
    return rows


def gather(period: Period) -> AgencyData:
    """The report's figures for `period`, as of its last day."""
    as_of = period.end
    stats = statistics(as_of, View.AGENCY)
    units, total = _by_unit(stats)
    return AgencyData(
        period=period,
        as_of=as_of,
        stats=stats,
        units=units,
        total=total,
        documents=_by_document(as_of),
        overdue=_overdue(as_of),
        obstacles=obstacles_of_period(period.start, period.end),
    )
