"""The reads of difficulties: the Office's queue, one obstacle's page, the task page's list,
the dashboard's count and the periodic report's selection — each a fixed number of queries.

Rows carry what the page prints (unit names from `organisation/labels.py`, dates as
dd/mm/yyyy, how many working days the difficulty has waited), so templates only place them.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from theodoi.core.compiled import Compiled, slot
from theodoi.core.dates import format_date
from theodoi.organisation.labels import unit_label
from theodoi.tasks import events
from theodoi.tasks.links import task_url
from theodoi.tasks.models import Attachment, Obstacle, ObstacleStatus, Task, TaskEvent
from theodoi.tasks.notices import naming
from theodoi.workcalendar.services import WorkingCalendar, get_calendar

OPEN = (ObstacleStatus.OPEN, ObstacleStatus.REFERRED)  # not yet decided
STILL_OPEN = "mo"  # the queue's filter value for both
STATUS_KEY = "trang_thai"  # the queue's query key
STATUS_ORDER = Case(
    When(status=ObstacleStatus.OPEN, then=Value(0)),
    When(status=ObstacleStatus.REFERRED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class ObstacleRow:
    """An obstacle as a list prints it."""

    pk: int
    task_id: int
    task_label: str  # the task's code and the start of its content
    task_url: str
    unit: str  # the raising unit's name, never its code
    raised_on: date
    status: str
    status_label: str
    waiting_days: int  # working days from the day it was raised to its decision (or today)
    difficulty: str
    proposal: str
    leader: str  # the leader it was referred to ("" before)
    decision: str
    decided_on: date | None

    @property
    def is_open(self) -> bool:
        return self.status != ObstacleStatus.DECIDED

    @property
    def raised_text(self) -> str:
        return format_date(self.raised_on)

    @property
    def decided_text(self) -> str:
        return format_date(self.decided_on) if self.decided_on else ""


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def rows_of(obstacles: list[Obstacle], today: date, calendar: WorkingCalendar) -> list[ObstacleRow]:
    """Rows of obstacles read with `with_related` (no further query)."""
    rows = []
    for o in obstacles:
        raised = timezone.localdate(o.raised_at)
        decided = _day(o.decided_at)
        rows.append(
            ObstacleRow(
                pk=o.pk,
                task_id=o.task_id,
                task_label=naming(o.task),
                task_url=task_url(o.task_id),
                unit=unit_label(o.unit),
                raised_on=raised,
                status=o.status,
                status_label=o.get_status_display(),
                waiting_days=max(0, calendar.working_days_between(raised, decided or today)),
                difficulty=o.difficulty,
                proposal=o.proposal,
                leader=str(o.leader) if o.leader else "",
                decision=o.decision,
                decided_on=decided,
            )
        )
    return rows


def with_related(obstacles: QuerySet[Obstacle]) -> QuerySet[Obstacle]:
    return obstacles.select_related("task", "unit", "leader").defer(
        "task__search_text", "task__instruction", "task__result"
    )


def queue(status: str = "") -> QuerySet[Obstacle]:
    """The Office's queue: those waiting for the Office first, then those with a leader, then
    the decided ones; the longest waiting first within each. `status`: one of
    `ObstacleStatus`, "mo" (not yet decided) or "" (all)."""
    obstacles = Obstacle.objects.all()
    if status == STILL_OPEN:
        obstacles = obstacles.filter(status__in=OPEN)
    elif status in ObstacleStatus.values:
        obstacles = obstacles.filter(status=status)
    return with_related(obstacles).order_by(STATUS_ORDER, "raised_at", "id")


def queue_url(status: str = "") -> str:
    url = reverse("tasks:obstacles")
    return f"{url}?{STATUS_KEY}={status}" if status else url


def open_count() -> int:
    """How many difficulties wait for the Office or a leader (the dashboard's tile; 1 query)."""
    return Obstacle.objects.filter(status__in=OPEN).count()


# the task page's read, compiled once (docs/adr/0027-compiled-once.md, "Later"): by task id
FOR_TASK = Compiled(
    lambda: (
        Obstacle.objects.filter(task_id=slot(0))
        .select_related("unit", "leader")
        .order_by(STATUS_ORDER, "id")
    ),
    slots=[slot(0)],
)


def for_task(task: Task, today: date) -> list[ObstacleRow]:
    """The task's difficulties, open ones first (the task page). The page has read the task:
    it is given to each row rather than joined and read again."""
    found: list[Obstacle] = FOR_TASK.instances(task.pk)
    for obstacle in found:
        obstacle.task = task
    return rows_of(found, today, get_calendar()) if found else []


@dataclass
class ObstaclePage:
    obstacle: Obstacle
    row: ObstacleRow
    history: list[TaskEvent]  # its events on the task's timeline, oldest first
    files: list[Attachment]  # the files given when it was raised


def obstacle_page(obstacle: Obstacle, today: date) -> ObstaclePage:
    history = list(
        TaskEvent.objects.filter(events.obstacle_events(obstacle.pk), task_id=obstacle.task_id)
        .select_related("actor")
        .order_by("at", "id")
    )
    files = list(Attachment.objects.filter(event__in=[e.pk for e in history]))
    (row,) = rows_of([obstacle], today, get_calendar())
    return ObstaclePage(obstacle, row, history, files)


def get_obstacle(pk: int) -> Obstacle | None:
    return with_related(Obstacle.objects.filter(pk=pk)).select_related("raised_by").first()


@dataclass(frozen=True)
class PeriodObstacles:
    """The difficulties a periodic report names for [start, end]: those still open at the end
    of the period (raised by then, not decided by then) and those decided within it."""

    start: date
    end: date
    open: list[ObstacleRow]
    decided: list[ObstacleRow]


def obstacles_of_period(start: date, end: date) -> PeriodObstacles:
    """For the periodic report (a later issue builds reports): read as of the period's end,
    from the dates each stage was written, so a report for a past period reads the same
    later. Waiting days count to the decision, or to the period's end."""
    tz = timezone.get_current_timezone()
    after_end = datetime.combine(end, datetime.max.time(), tz)
    from_start = datetime.combine(start, datetime.min.time(), tz)
    undecided = Q(decided_at__isnull=True) | Q(decided_at__gt=after_end)
    found = list(
        with_related(
            Obstacle.objects.filter(raised_at__lte=after_end).filter(
                undecided | Q(decided_at__gte=from_start)
            )
        ).order_by("raised_at", "id")
    )
    calendar = get_calendar()
    decided = [o for o in found if o.decided_at is not None and o.decided_at <= after_end]
    still_open = [o for o in found if o.decided_at is None or o.decided_at > after_end]
    for o in still_open:  # as the period's end saw it
        if o.decided_at is not None:
            o.status, o.decision, o.decided_at = ObstacleStatus.REFERRED, "", None
        if o.referred_at is not None and o.referred_at > after_end:
            o.status, o.leader = ObstacleStatus.OPEN, None
    return PeriodObstacles(
        start, end, rows_of(still_open, end, calendar), rows_of(decided, end, calendar)
    )
