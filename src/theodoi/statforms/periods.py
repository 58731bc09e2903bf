"""A form's periods for a year, with the seed's data windows and due dates (the same
functions as the report types: `reports.rules`), and the period before one.

For the TTHC form (seed 001 Phụ lục II): Q1-Q3 take the 15th of the previous quarter's last
month to the 14th of the quarter's last month, the year 1 January-14 December; each is due
before the 19th of its last month (by the end of the 18th). The period before Q1 is the
previous year (its report closes on 14 December, where Q1 starts counting); before Q2 and Q3,
the quarter before; before a year, the year before.
"""

from dataclasses import dataclass
from datetime import date

from theodoi.core.periods import Kind, Period
from theodoi.reports import rules
from theodoi.reports.models import WindowRule
from theodoi.statforms.definition import FormCalendar


@dataclass(frozen=True)
class FormPeriod:
    period: Period
    window_start: date
    window_end: date
    due: date

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.period.slug,
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "due": self.due.isoformat(),
        }


def calendar_period(cal: FormCalendar, period: Period) -> FormPeriod:
    start, end = rules.window(WindowRule.CUTOFF, cal.cutoff_day, period)
    return FormPeriod(period, start, end, rules.due_date(cal.due_rule, cal.due_day, period))


def periods_of(cal: FormCalendar, year: int) -> list[FormPeriod]:
    """The periods of `year` the form is asked for, in order: its quarters, then the year."""
    periods = [Period(Kind.QUARTER, year, q) for q in cal.quarters]
    if cal.year:
        periods.append(Period(Kind.YEAR, year, 1))
    return [calendar_period(cal, p) for p in periods]


def asked(cal: FormCalendar, period: Period) -> bool:
    if period.kind == Kind.YEAR:
        return cal.year
    return period.kind == Kind.QUARTER and period.number in cal.quarters


def before(cal: FormCalendar, period: Period) -> Period | None:
    """The period whose closing figures this one carries over (see the module's docstring)."""
    if period.kind == Kind.YEAR or period.number == 1:
        return Period(Kind.YEAR, period.year - 1, 1) if cal.year else None
    earlier = [q for q in cal.quarters if q < period.number]
    return Period(Kind.QUARTER, period.year, max(earlier)) if earlier else None
