import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date

from theodoi.workcalendar.services import DayInfo, WorkingCalendar


@dataclass(frozen=True)
class Cell:
    info: DayInfo | None  # None for padding cells outside the month

    @property
    def css(self) -> str:
        if self.info is None:
            return ""
        weekend = self.info.day.weekday() >= 5
        if self.info.working:
            return "work-weekend" if weekend else ""
        return "weekend" if weekend and not self.info.reason else "off"


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Cell]]


def year_grid(calendar: WorkingCalendar, year: int) -> list[Month]:
    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
            weeks.append([Cell(calendar.info(date(year, month, d)) if d else None) for d in week])
        months.append(Month(month, weeks))
    return months
