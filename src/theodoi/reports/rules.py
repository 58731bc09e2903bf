"""The reporting calendar (DOMAIN §10): for a report type and a period, when the report is
due, which days' data it covers, which periods of a year are asked and when a period's round
opens. Plain functions of the type's fields; working days only through `workcalendar`.

- Due rules: "trước ngày N của tháng cuối kỳ" is due by the end of day N-1 of the period's
  last month (seed 001: Q1 before 19/03 → 18/03; the year before 19/12 → 18/12); "ngày N của
  tháng sau" is day N of the month after the period; "N ngày làm việc" is N working days after
  the period's last day. A day past the month's end means its last day.
- Data windows: CALENDAR is the period itself. CUTOFF N runs from the day after the previous
  period's cutoff to day N of the period's last month (N=14: Q1 2026 = 15/12/2025-14/03/2026,
  Q2 15/03-14/06, Q3 15/06-14/09), except the year, which runs from 1 January to day N of
  December as seed 001 writes it.
- A period's round opens on the first day of its last month (a month: its first day), or on
  its due date if that comes earlier (docs/reports.md).
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from theodoi.core.periods import COUNT, Kind, Period, current
from theodoi.reports.models import DueRule, Frequency, ReportType, WindowRule
from theodoi.workcalendar.services import add_working_days

KIND_OF: dict[str, Kind] = {
    Frequency.MONTH: Kind.MONTH,
    Frequency.QUARTER: Kind.QUARTER,
    Frequency.HALF: Kind.HALF,
    Frequency.YEAR: Kind.YEAR,
}
# How far back `periods_opened` looks for the periods it keeps open (two years of months).
LOOKBACK = 24


@dataclass(frozen=True)
class Calendar:
    """What a period of a type asks: its data window, due date and opening day."""

    period: Period
    window_start: date
    window_end: date
    due_date: date
    opens_on: date


def _day_of(year: int, month: int, day: int) -> date:
    """Day `day` of a month; a day past the month's end is its last day."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _next_month(day: date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def previous(period: Period) -> Period:
    if period.number > 1:
        return Period(period.kind, period.year, period.number - 1)
    return Period(period.kind, period.year - 1, COUNT[period.kind])


def following(period: Period) -> Period:
    if period.number < COUNT[period.kind]:
        return Period(period.kind, period.year, period.number + 1)
    return Period(period.kind, period.year + 1, 1)


def due_date(rule: str, due_day: int, period: Period) -> date:
    """The last day the report of `period` may be sent on time."""
    end = period.end
    if rule == DueRule.BEFORE_DAY_OF_LAST_MONTH:
        # "trước ngày N": the end of day N-1 ("trước ngày 1": the month before's last day)
        first = date(end.year, end.month, 1)
        return min(first + timedelta(days=due_day - 2), end)
    if rule == DueRule.DAY_OF_NEXT_MONTH:
        year, month = _next_month(end)
        return _day_of(year, month, due_day)
    if rule == DueRule.WORKING_DAYS_AFTER:
        return add_working_days(end, due_day)
    raise ValueError(f"unknown due rule {rule!r}")


def _cutoff(period: Period, cutoff_day: int) -> date:
    return _day_of(period.end.year, period.end.month, cutoff_day)


def window(rule: str, cutoff_day: int | None, period: Period) -> tuple[date, date]:
    """The first and last day whose data the report of `period` covers."""
    if rule == WindowRule.CALENDAR or cutoff_day is None:
        return period.start, period.end
    end = _cutoff(period, cutoff_day)
    if period.kind == Kind.YEAR:
        return period.start, end
    return _cutoff(previous(period), cutoff_day) + timedelta(days=1), end


def opens_on(period: Period, due: date) -> date:
    """The day a period's round opens: the first day of its last month, or its due date if
    that comes first."""
    return min(date(period.end.year, period.end.month, 1), due)


def asked(report_type: ReportType, period: Period) -> bool:
    """Whether the type asks for `period` (`period_numbers` empty: every period)."""
    numbers: Sequence[int] = report_type.period_numbers or []
    return period.kind == Kind.YEAR or not numbers or period.number in numbers


def calendar_of(report_type: ReportType, period: Period) -> Calendar:
    due = due_date(report_type.due_rule, report_type.due_day, period)
    start, end = window(report_type.window_rule, report_type.window_cutoff_day, period)
    return Calendar(period, start, end, due, opens_on(period, due))


def periods_of(report_type: ReportType, year: int) -> list[Period]:
    """The periods of `year` the type asks for, in order (none for an ad-hoc type)."""
    kind = KIND_OF.get(report_type.frequency)
    if kind is None:
        return []
    periods = [Period(kind, year, n) for n in range(1, COUNT[kind] + 1)]
    return [p for p in periods if asked(report_type, p)]


def periods_opened(report_type: ReportType, as_of: date, keep: int = 2) -> list[Calendar]:
    """The latest `keep` periods of the type whose round has opened by `as_of`, the latest
    first: the current one and the one before it (older ones are not opened again, so a type
    added today does not owe years of past reports)."""
    kind = KIND_OF.get(report_type.frequency)
    if kind is None:
        return []
    found: list[Calendar] = []
    period = following(current(kind, as_of))
    for _ in range(LOOKBACK + 1):
        if asked(report_type, period):
            cal = calendar_of(report_type, period)
            if cal.opens_on <= as_of:
                found.append(cal)
                if len(found) == keep:
                    break
        period = previous(period)
    return found
