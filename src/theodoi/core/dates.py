"""Parsing and formatting of dates the way Vietnamese users write them (dd/mm/yyyy)."""

from datetime import date, datetime

ACCEPTED_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


class DateParseError(ValueError):
    pass


def parse_date(text: str) -> date:
    """Parse dd/mm/yyyy (or ISO yyyy-mm-dd); raise DateParseError with a Vietnamese message."""
    value = text.strip()
    for fmt in ACCEPTED_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise DateParseError(f"«{value}» không phải là ngày hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).")


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
