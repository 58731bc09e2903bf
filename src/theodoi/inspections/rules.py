"""Dates of an inspection on the working-day calendar (Regulation 1142 Art. 17.1).

The team reports «chậm nhất 05 ngày làm việc sau khi kết thúc kiểm tra»: the fifth working
day after the last day of the inspection, counted on the calendar with its holidays, make-up
working Saturdays and the administrators' announcements (workcalendar).
"""

from datetime import date

from theodoi.workcalendar.services import WorkingCalendar, add_working_days

REPORT_WORKING_DAYS = 5


def report_due(end: date, calendar: WorkingCalendar | None = None) -> date:
    """The last day for the team's report of an inspection that ends on `end`."""
    if calendar is not None:
        return calendar.add_working_days(end, REPORT_WORKING_DAYS)
    return add_working_days(end, REPORT_WORKING_DAYS)
