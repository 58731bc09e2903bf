"""What each unit did in a period (DOMAIN §14), counted from the records the cycle keeps.

- The four classes of §8, in the unit's view (its submission against the internal deadline
  first given), for the tasks whose internal deadline falls in the period, judged at the
  period's end (or today while it runs), from the history spans: a past period always gives
  the same answer.
- Tasks assigned: assignments in the period, by a leader or recorded by the Office from a
  leader's paper decision (one task per unit when a task was given to several units). A
  hand-over to a successor after a merger is not a new assignment.
- Returns (Art. 5.3.b: at once, or asked for after accepting the task), and of those the
  tasks then assigned to another unit; results sent back to be completed; extensions asked
  and granted: from the tasks' timelines, each event counted for the unit leading the task
  when it happened.
- Urging letters received, and the tasks they named.
- Reports (Art. 8, 21): the unit's report requests whose due date falls in the period, sent on
  time, late or missing at the period's end (`reports.timeliness`, docs/reports.md).
- Inspection findings (Art. 21, issue 25): the recommendations addressed to the unit by the
  results notices issued in the period, and the follow-up tasks of recommendations to the unit
  still open and past their internal deadline at the period's end, from the history spans.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from theodoi.inspections.models import Recommendation
from theodoi.monitoring.models import UrgingLetter
from theodoi.reports import timeliness
from theodoi.tasks.events import ASSIGNMENTS, GRANTED, RETURNS
from theodoi.tasks.models import EventKind, State, TaskEvent
from theodoi.tasks.stats import CLASS_LABELS, CLASSES, FACT_COLUMNS, View, class_filters, facts_on

ASSIGNING = (*ASSIGNMENTS, EventKind.FAN_OUT)
EXTENSION = (EventKind.REQUEST_EXTENSION, EventKind.DECIDE_EXTENSION)


# The headings of the ranking's columns (page and XLSX): the classes by their official names
# (DOMAIN §8); a unit handing a task back to the Office "chuyển lại" (Art. 5.3.b) is kept apart
# from a result the Office sends back "trả lại để hoàn thiện".
HEADINGS: dict[str, str] = {
    "assigned": "Được giao trong kỳ",
    "due": "Đến hạn trong kỳ",
    "done_on_time": CLASS_LABELS["done_on_time"],
    "done_late": CLASS_LABELS["done_late"],
    "open_in_time": CLASS_LABELS["open_in_time"],
    "open_overdue": CLASS_LABELS["open_overdue"],
    "on_time_rate": "Tỷ lệ đúng hạn (%)",
    "returned": "Đơn vị chuyển lại nhiệm vụ",
    "reassigned": "Phải giao đơn vị khác",
    "sent_back": "Trả lại để hoàn thiện",
    "extensions_requested": "Đề nghị gia hạn",
    "extensions_granted": "Được gia hạn",
    "urging_letters": "Văn bản đôn đốc",
    "urged_tasks": "Nhiệm vụ bị đôn đốc",
    "reports_on_time": "Báo cáo nộp đúng hạn",
    "reports_late": "Báo cáo nộp muộn",
    "reports_missing": "Báo cáo quá hạn chưa nộp",
    "inspection_recommendations": "Kiến nghị sau kiểm tra",
    "inspection_followups_overdue": "Nhiệm vụ thực hiện kiến nghị quá hạn",
}
COUNCIL = "Hội đồng Thi đua - Khen thưởng"


@dataclass
class Metrics:
    assigned: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    returned: int = 0
    reassigned: int = 0
    sent_back: int = 0
    extensions_requested: int = 0
    extensions_granted: int = 0
    urging_letters: int = 0
    urged_tasks: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_missing: int = 0
    inspection_recommendations: int = 0
    inspection_followups_overdue: int = 0

    @property
    def due(self) -> int:
        """Tasks whose internal deadline falls in the period."""
        return self.done_on_time + self.done_late + self.open_in_time + self.open_overdue

    @property
    def judged(self) -> int:
        """Due tasks that can be judged: done, or past their deadline."""
        return self.done_on_time + self.done_late + self.open_overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        if not self.judged:
            return None
        rate = Decimal(self.done_on_time * 100) / Decimal(self.judged)
        return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def reports_not_on_time(self) -> int:
        """Reports due in the period sent late or not sent (the criterion of Art. 21)."""
        return self.reports_late + self.reports_missing

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def events_between(start: date, end: date) -> QuerySet[TaskEvent]:
    """Events from the start of `start` to the end of `end` (local time), with a unit."""
    return TaskEvent.objects.filter(
        at__gte=_moment(start), at__lt=_moment(end + timedelta(days=1)), unit__isnull=False
    )


def gather(start: date, end: date, as_of: date) -> dict[int, Metrics]:
    """Each unit's metrics for [start, end] judged at `as_of` (6 queries)."""
    found: dict[int, Metrics] = defaultdict(Metrics)
    last = min(end, as_of)
    facts = facts_on(as_of).filter(internal_deadline__range=(start, end))
    events = events_between(start, last)
    letters = UrgingLetter.objects.filter(issued_on__range=(start, last))
    filters = class_filters(FACT_COLUMNS[View.UNIT], as_of)
    counted: Iterable[Mapping[str, Any]] = (
        facts.values("lead_unit_id")
        .annotate(**{key: Count("id", filter=filters[key]) for key in CLASSES})
        .order_by()
    )
    for row in counted:
        for key in CLASSES:
            setattr(found[row["lead_unit_id"]], key, row[key])
    by_event: Iterable[Mapping[str, Any]] = (
        events.filter(action__in=(*ASSIGNING, *RETURNS, EventKind.SEND_BACK, *EXTENSION))
        .values("unit_id")
        .annotate(
            assigned=Count("task", distinct=True, filter=Q(action__in=ASSIGNING)),
            returned=Count("id", filter=Q(action__in=RETURNS)),
            sent_back=Count("id", filter=Q(action=EventKind.SEND_BACK)),
            extensions_requested=Count("id", filter=Q(action=EventKind.REQUEST_EXTENSION)),
            extensions_granted=Count("id", filter=GRANTED),
        )
        .order_by()
    )
    for row in by_event:
        for key, count in row.items():
            if key != "unit_id":
                setattr(found[row["unit_id"]], key, count)
    for unit_id, count in _reassigned(events.filter(action__in=RETURNS), as_of).items():
        found[unit_id].reassigned = count
    for row in (
        letters.values("unit_id")
        .annotate(n=Count("id", distinct=True), urged=Count("tasks", distinct=True))
        .order_by()
    ):
        found[row["unit_id"]].urging_letters = row["n"]
        found[row["unit_id"]].urged_tasks = row["urged"]
    for unit_id, reports in timeliness.by_unit(due_from=start, due_to=end, as_of=as_of).items():
        if reports.judged:
            found[unit_id].reports_on_time = reports.on_time
            found[unit_id].reports_late = reports.late
            found[unit_id].reports_missing = reports.missing
    for row in _findings(start, last, as_of, filters["open_overdue"]):
        found[row["unit_id"]].inspection_recommendations = row["recommendations"]
        found[row["unit_id"]].inspection_followups_overdue = row["overdue"]
    return dict(found)


def _findings(start: date, last: date, as_of: date, overdue: Q) -> Iterable[Mapping[str, Any]]:
    """For each unit, the recommendations addressed to it by the notices issued in [start,
    last], and its follow-up tasks open and past their deadline on `as_of` (one query)."""
    notified = Q(inspection__notice__issued_on__range=(start, last))
    late = Exists(facts_on(as_of).filter(overdue, task_id=OuterRef("task_id")))
    return (
        Recommendation.objects.filter(notified | Q(task__isnull=False))
        .values("unit_id")
        .annotate(
            recommendations=Count("id", filter=notified),
            overdue=Count("id", filter=Q(late, task__isnull=False)),
        )
        .order_by()
    )


def _reassigned(returns: QuerySet[TaskEvent], as_of: date) -> dict[int, int]:
    """For each unit, the tasks it returned that the leader then gave to another unit (the
    first assignment after the return names a different lead, or several). One query: the
    returns and the re-assignments of the same tasks."""
    reassignments = Q(
        action__in=ASSIGNMENTS,
        from_state=State.RETURNED,
        task_id__in=returns.values("task_id"),
        at__lt=_moment(as_of + timedelta(days=1)),
    )
    rows = (
        TaskEvent.objects.filter(Q(pk__in=returns.values("pk")) | reassignments)
        .values_list("task_id", "unit_id", "at", "action")
        .order_by("at", "id")
    )
    returned: list[tuple[int, int, datetime]] = []
    assignments: dict[int, list[tuple[datetime, int | None]]] = defaultdict(list)
    for task_id, unit_id, at, action in rows:
        if action in RETURNS:
            returned.append((task_id, unit_id, at))
        else:
            assignments[task_id].append((at, unit_id))
    counts: dict[int, int] = defaultdict(int)
    for task_id, unit_id, at in returned:
        following = next((u for when, u in assignments[task_id] if when >= at), unit_id)
        if following != unit_id:
            counts[unit_id] += 1
    return dict(counts)
