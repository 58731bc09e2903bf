"""When a duty falls due: its periods in a year and each one's deadline on the working-day
calendar.

A rule names a month within its period (the month of the year for a yearly duty, of the half
for a six-monthly one, of the quarter for a quarterly one) and a day of that month (none: the
month's last day). That nominal day, when it is not a working day (a weekend, Tết, a national
holiday), moves to the working day before it: what the agreement asks "in November" is done by
the last working day of November, never in December. A make-up Saturday is a working day and
may be a deadline. Duties answered on request have no dates (docs/partners.md).
"""

import calendar as months
from dataclasses import dataclass
from datetime import date

from theodoi.core.periods import COUNT, Kind, Period
from theodoi.partners.models import RuleKind
from theodoi.workcalendar.services import WorkingCalendar

# The period (core.periods) each dated rule falls due in once.
KINDS = {
    RuleKind.YEARLY: Kind.YEAR,
    RuleKind.HALF_YEARLY: Kind.HALF,
    RuleKind.QUARTERLY: Kind.QUARTER,
}
# How many months each rule's period holds (the rule's month counts within it).
SPAN: dict[str, int] = {rule: 12 // COUNT[kind] for rule, kind in KINDS.items()}


@dataclass(frozen=True)
class Occurrence:
    period: str  # "2027", "2027-H1", "2027-Q3"
    label: str  # "năm 2027", "6 tháng đầu năm 2027", "quý III/2027"
    nominal: date  # the day the rule names
    deadline: date  # that day placed on the working-day calendar


def nominal_day(year: int, month: int, day: int | None) -> date:
    """Day `day` of the month (the last day when empty or past the month's end)."""
    last = months.monthrange(year, month)[1]
    return date(year, month, min(day or last, last))


def working_day_on_or_before(day: date, calendar: WorkingCalendar) -> date:
    """`day` if it is worked, else the nearest working day before it."""
    if calendar.is_working_day(day):
        return day
    return calendar.add_working_days(day, -1)


def occurrences(
    rule: str, month: int | None, day: int | None, year: int, calendar: WorkingCalendar
) -> list[Occurrence]:
    """The periods of `year` in which a duty falls due, in order, with their deadlines."""
    kind = KINDS.get(RuleKind(rule))
    if kind is None:  # on request: no dated occurrences
        return []
    found = []
    for number in range(1, COUNT[kind] + 1):
        period = Period(kind, year, number)
        nominal = nominal_day(year, period.start.month + (month or SPAN[rule]) - 1, day)
        label = period.label[0].lower() + period.label[1:]  # said within a title
        deadline = working_day_on_or_before(nominal, calendar)
        found.append(Occurrence(period.slug, label, nominal, deadline))
    return found


def check_rule(rule: str, month: int | None, day: int | None) -> str:
    """What is wrong with a rule's parameters (Vietnamese), or ""."""
    if rule not in RuleKind.values:
        return f"Định kỳ «{rule}» không có (có: {', '.join(RuleKind.values)})."
    span = SPAN.get(RuleKind(rule))
    if span is None:
        return "" if month is None and day is None else "Nhiệm vụ khi có đề nghị không có ngày."
    if month is None or not 1 <= month <= span:
        return f"Tháng trong kỳ phải từ 1 đến {span}."
    if day is not None and not 1 <= day <= 31:
        return "Ngày trong tháng phải từ 1 đến 31."
    return ""


def rule_text(rule: str, month: int | None, day: int | None) -> str:
    """The rule as the page says it: "Hằng quý, trước hết ngày làm việc cuối tháng 3 của quý"."""
    span = SPAN.get(RuleKind(rule))
    if span is None or month is None:
        return "Khi có đề nghị bằng văn bản (không định trước ngày)"
    when = f"ngày {day}" if day else "ngày làm việc cuối"
    if span == 12:
        return f"Hằng năm, {when} tháng {month}"
    months_of = ", ".join(str(m) for m in range(month, 13, span))
    return f"{RuleKind(rule).label}, {when} các tháng {months_of}"
