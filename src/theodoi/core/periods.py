"""Periods of a month, a quarter, six months or a year, as dates (evaluation, reports)."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from theodoi.core.errors import ValidationFailed


class Kind(StrEnum):
    MONTH = "thang"
    QUARTER = "quy"
    HALF = "6thang"
    YEAR = "nam"


KIND_LABELS = {
    Kind.MONTH: "Tháng",
    Kind.QUARTER: "Quý",
    Kind.HALF: "6 tháng",
    Kind.YEAR: "Năm",
}
# How many of each kind a year has, and how many months each spans.
COUNT = {Kind.MONTH: 12, Kind.QUARTER: 4, Kind.HALF: 2, Kind.YEAR: 1}
ROMAN = ("I", "II", "III", "IV")
FIRST_YEAR, LAST_YEAR = 2000, 2100
_SLUG = re.compile(r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>\d)|H(?P<half>\d)))?")


@dataclass(frozen=True)
class Period:
    kind: Kind
    year: int
    number: int  # 1 for a year

    @property
    def start(self) -> date:
        months = 12 // COUNT[self.kind]
        return date(self.year, (self.number - 1) * months + 1, 1)

    @property
    def end(self) -> date:
        months = 12 // COUNT[self.kind]
        month = self.number * months
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.kind == Kind.MONTH:
            return f"Tháng {self.number:02d}/{self.year}"
        if self.kind == Kind.QUARTER:
            return f"Quý {ROMAN[self.number - 1]}/{self.year}"
        if self.kind == Kind.HALF:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def slug(self) -> str:
        """For file names: 2026, 2026-Q3, 2026-H1, 2026-07."""
        suffix = {Kind.MONTH: f"{self.number:02d}", Kind.QUARTER: f"Q{self.number}"}
        suffix[Kind.HALF] = f"H{self.number}"
        return f"{self.year}-{suffix[self.kind]}" if self.kind in suffix else str(self.year)

    def as_of(self, today: date) -> date:
        """The date the period is judged at: its last day, or today while it runs."""
        return min(self.end, today)


def period_of(kind: str, year: int | None, number: int | None) -> Period:
    """A period from a page's choices; refused with the wrong choice named."""
    try:
        chosen = Kind(kind)
    except ValueError:
        raise ValidationFailed({"loai": f"Loại kỳ «{kind}» không có."}) from None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed({"nam": f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}."})
    count = COUNT[chosen]
    number = 1 if chosen == Kind.YEAR else number
    if number is None or not 1 <= number <= count:
        label = KIND_LABELS[chosen].lower()
        raise ValidationFailed({"so": f"Số thứ tự của {label} phải từ 1 đến {count}."})
    return Period(chosen, year, number)


def current(kind: Kind, today: date) -> Period:
    """The period of a kind that contains `today`."""
    months = 12 // COUNT[kind]
    return Period(kind, today.year, (today.month - 1) // months + 1)


def parse_period(text: str) -> Period:
    """A period written as its slug: 2026-07, 2026-Q3, 2026-H1 or 2026."""
    match = _SLUG.fullmatch(text.strip())
    if match is None:
        raise ValidationFailed(
            {"period": f"Kỳ «{text}» không đúng dạng: YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 hay YYYY."}
        )
    year = int(match["year"])
    if match["month"]:
        return period_of(Kind.MONTH, year, int(match["month"]))
    if match["quarter"]:
        return period_of(Kind.QUARTER, year, int(match["quarter"]))
    if match["half"]:
        return period_of(Kind.HALF, year, int(match["half"]))
    return period_of(Kind.YEAR, year, 1)
