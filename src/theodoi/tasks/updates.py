"""Tasks without a deadline follow an update period (Art. 4.2, 6.2): when their progress
update is due, and which tasks have missed one.

The periods are the calendar's: a month, a quarter (January-March…), a half year
(January-June, July-December) or a year. A period's update is due on its last working day
(the working-day calendar); a progress step (`steps.task_progress`, which sets
`last_update_on`) on any day of the period gives it. The first period owed is the one in which
the task was assigned if at least `FIRST_PERIOD_DAYS` days of it remain after the assignment,
else the next one. One update covers the periods missed before it: what is owed next is the
period after the last update's, and never one before the latest period that has ended (a unit
that misses several is reminded of the latest, not of a growing pile). The seed says nothing
finer; docs/tasks.md records these choices.

Followed: tasks in progress (the only state in which progress is given; a task waiting to be
accepted is followed by its acceptance window), with no deadline, an update period, a lead
unit and an assignment date, not fanned out to several units (each unit's own task is).
"""

from datetime import date, timedelta

from django.db.models import Q

from theodoi.tasks.models import State, UpdatePeriod
from theodoi.workcalendar.services import WorkingCalendar

FIRST_PERIOD_DAYS = 15
MONTHS = {
    UpdatePeriod.MONTH: 1,
    UpdatePeriod.QUARTER: 3,
    UpdatePeriod.HALF: 6,
    UpdatePeriod.YEAR: 12,
}

FOLLOWED = Q(
    state=State.IN_PROGRESS,
    fanned_out=False,
    deadline__isnull=True,
    lead_unit__isnull=False,
    assigned_on__isnull=False,
) & ~Q(update_period="")


def period_start(period: str, day: date) -> date:
    """The first day of the period of kind `period` that holds `day`."""
    months = MONTHS[UpdatePeriod(period)]
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def next_start(period: str, start: date) -> date:
    months = MONTHS[UpdatePeriod(period)]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_working_day(calendar: WorkingCalendar, period: str, start: date) -> date:
    """The day the period's update is due: its last working day."""
    return calendar.add_working_days(next_start(period, start), -1)


def latest_ended(calendar: WorkingCalendar, period: str, as_of: date) -> date:
    """The start of the latest period whose due day is before `as_of`."""
    current = period_start(period, as_of)
    if last_working_day(calendar, period, current) < as_of:
        return current
    return period_start(period, current - timedelta(days=1))


def owed_start(
    calendar: WorkingCalendar,
    period: str,
    assigned_on: date,
    last_update_on: date | None,
    as_of: date,
) -> date:
    """The start of the period whose update is owed next on `as_of`."""
    start = period_start(period, assigned_on)
    if (next_start(period, start) - timedelta(days=1) - assigned_on).days < FIRST_PERIOD_DAYS:
        start = next_start(period, start)
    if last_update_on is not None:
        start = max(start, next_start(period, period_start(period, last_update_on)))
    return max(start, latest_ended(calendar, period, as_of))


def missing_update(calendar: WorkingCalendar, as_of: date) -> Q:
    """The tasks followed whose update for a period ended before `as_of` has not come: the
    dashboard's "chưa cập nhật" and the list's filter of the same name."""
    condition = Q(pk__in=[])
    for period in UpdatePeriod:
        ended = latest_ended(calendar, period, as_of)
        end = next_start(period, ended) - timedelta(days=1)
        condition |= Q(
            update_period=period, assigned_on__lte=end - timedelta(days=FIRST_PERIOD_DAYS)
        ) & (Q(last_update_on__isnull=True) | Q(last_update_on__lt=ended))
    return FOLLOWED & condition
