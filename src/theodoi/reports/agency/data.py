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

from django.db.models import Count
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
    ExtensionRequest,
    ExtensionStatus,
    TaskEvent,
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
    aggregates = {"total": Count("id")}
    filters = class_filters(FACT_COLUMNS[View.AGENCY], as_of)
    aggregates |= {key: Count("id", filter=q) for key, q in filters.items()}
    fields = ("document_id", "document__kind", "document__number", "document__issued_on")
    grouped = facts_on(as_of).values(*(f"task__{f}" for f in fields)).annotate(**aggregates)
    rows: list[Mapping[str, Any]] = list(grouped.order_by())
    rows.sort(key=lambda r: (r["task__document__issued_on"], r["task__document_id"]))
    return [CountRow(_document_title(r), {k: r[k] for k in KEYS}) for r in rows]


def _document_title(row: Mapping[str, Any]) -> str:
    """`Document.title` from a grouped row's values (the model's own words)."""
    document = Document(
        kind=row["task__document__kind"],
        number=row["task__document__number"],
        issued_on=row["task__document__issued_on"],
    )
    return document.title


def _extension_text(request: ExtensionRequest, after_end: datetime) -> str:
    asked = (
        f"Ngày {format_date(timezone.localdate(request.requested_at))} đề nghị gia hạn đến "
        f"{format_date(request.proposed_deadline)}"
    )
    decided = request.decided_at is not None and request.decided_at <= after_end
    if not decided or request.status == ExtensionStatus.PENDING:
        return f"{asked}: chờ quyết định."
    if request.status == ExtensionStatus.APPROVED:
        return f"{asked}: đồng ý gia hạn đến {format_date(request.decided_deadline)}."
    return f"{asked}: không đồng ý."


def _overdue(as_of: date) -> list[OverdueRow]:
    """The tasks overdue at `as_of` (agency view), oldest deadline first, with their reasons."""
    overdue = class_filters(FACT_COLUMNS[View.AGENCY], as_of)["open_overdue"]
    facts = list(
        facts_on(as_of)
        .filter(overdue)
        .select_related("task__document", "lead_unit")
        .only(
            "deadline",
            "lead_unit__code",
            "lead_unit__name",
            "lead_unit__short_name",
            "task__code",
            "task__content",
            "task__document__kind",
            "task__document__number",
            "task__document__issued_on",
        )
        .order_by("deadline", "task_id")
    )
    ids = [fact.task_id for fact in facts]
    after_end = datetime.combine(as_of, datetime.max.time(), timezone.get_current_timezone())
    extensions: dict[int, list[ExtensionRequest]] = {}
    reasons: dict[int, tuple[datetime, str]] = {}  # the latest reason given by the end

    def given(task_id: int, at: datetime, text: str) -> None:
        if text.strip() and (task_id not in reasons or reasons[task_id][0] <= at):
            reasons[task_id] = (at, text.strip())

    found = ExtensionRequest.objects.filter(task_id__in=ids, requested_at__lte=after_end)
    for request in found.order_by("requested_at", "id"):
        extensions.setdefault(request.task_id, []).append(request)
        given(request.task_id, request.requested_at, request.reason)
    # a difficulty raised (its event's note) or a progress note, whichever came last
    told = TaskEvent.objects.filter(
        task_id__in=ids,
        action__in=(EventKind.PROGRESS, EventKind.OBSTACLE_RAISE),
        at__lte=after_end,
    )
    for task_id, at, note in told.values_list("task_id", "at", "note"):
        given(task_id, at, note)
    rows = []
    for fact in facts:
        task = fact.task
        assert fact.deadline is not None
        rows.append(
            OverdueRow(
                task_id=fact.task_id,
                task=f"{task.code}. {task.content}" if task.code else task.content,
                unit=unit_label(fact.lead_unit),
                document=task.document.title,
                deadline=fact.deadline,
                reason=reasons[fact.task_id][1] if fact.task_id in reasons else NO_REASON,
                extensions=[
                    _extension_text(r, after_end) for r in extensions.get(fact.task_id, [])
                ],
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
