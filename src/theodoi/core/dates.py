"""Parsing and formatting of dates the way Vietnamese users write them (dd/mm/yyyy).

Every date a person or a file gives is accepted only from `EARLIEST` to `LATEST` (1900-2100):
a directive dated 01/01/0001 is a typing slip, and a date near the ends of Python's calendar
makes the working-day arithmetic of the reminder job overflow (docs/operations.md, "Dates").
Forms (`core.forms.VnDateField`), commands (`core.commands.date_option`), query strings and
plan files all go through `parse_date` or `check_range`.
"""

import re
from datetime import date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

ACCEPTED_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


class DateParseError(ValueError):
    pass


def in_range(value: date) -> bool:
    return EARLIEST <= value <= LATEST


def _named(label: str, message: str) -> str:
    return f"{label}: {message}" if label else message[0].upper() + message[1:]


def range_message(label: str, value: date | None = None) -> str:
    """Why a date is refused: the field, the date given, and the range allowed."""
    given = f" (đã nhập {value.day:02d}/{value.month:02d}/{value.year:04d})" if value else ""
    allowed = f"chỉ nhận ngày từ {format_date(EARLIEST)} đến {format_date(LATEST)}{given}."
    return _named(label, allowed)


def check_range(value: date, label: str) -> date:
    """`value`, or DateParseError naming the field `label` if it is outside 1900-2100."""
    if not in_range(value):
        raise DateParseError(range_message(label, value))
    return value


def parse_date(text: str, label: str = "") -> date:
    """Parse dd/mm/yyyy (or ISO yyyy-mm-dd) from 1900 to 2100; raise DateParseError with a
    Vietnamese message naming the field `label` (when the caller does not name it itself)."""
    value = text.strip()
    for fmt in ACCEPTED_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return check_range(parsed, label)
    shown = value if len(value) <= 40 else value[:40] + "…"
    invalid = f"«{shown}» không phải là ngày hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd)."
    raise DateParseError(_named(label, invalid))


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day_only(value: object) -> object:
    """An API's date is the text YYYY-MM-DD only: pydantic alone would also read a number as
    seconds since 1970 ("0" as 01/01/1970) or a moment as its day."""
    is_day = isinstance(value, date) and not isinstance(value, datetime)
    if not is_day and not (isinstance(value, str) and ISO_DAY.fullmatch(value)):
        raise PydanticCustomError("date_parsing", "a day as YYYY-MM-DD")
    return value


def _day_in_range(value: date) -> date:
    """An API's day from 1900 to 2100, as every form and file is held to."""
    if not in_range(value):
        raise PydanticCustomError(
            "day_out_of_range", "a day from 1900 to 2100", {"given": value.isoformat()}
        )
    return value


# a date field of the API (query or body), YYYY-MM-DD from 1900 to 2100; errors.py words the
# refusals in Vietnamese
IsoDate = Annotated[date, BeforeValidator(_iso_day_only), AfterValidator(_day_in_range)]


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_duration(value: timedelta) -> str:
    """A length of time in words, as a person says it: "15 phút", "1 giờ 30 phút", "2 ngày"."""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "ngày"), (hours, "giờ"), (minutes, "phút")) if n]
    return " ".join(parts) or "dưới 1 phút"
