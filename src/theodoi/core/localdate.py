"""`LocalDate(expression)`: the date, in the site's time zone, of a moment stored in UTC.

Django's `TruncDate(..., tzinfo=...)` is right on both databases, but on SQLite it calls back
into Python for every row (`django_datetime_cast_date`); the reports' timeliness counts name
the date of a submission in each of their conditions, so the ranking's counts made hundreds
of thousands of those calls. Where the zone has kept one offset from UTC since `SINCE`
(Asia/Ho_Chi_Minh: UTC+7 since 1975, no summer time), SQLite's own `date()` shifted by that
offset gives the same date; any other zone keeps Django's way. PostgreSQL keeps Django's
`AT TIME ZONE`, native already. What it saves and what guards it: docs/adr/0028-local-date.md.
"""

from datetime import datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models.functions import TruncDate

SINCE, UNTIL = 1976, 2100  # the years whose moments the offset is checked for


@cache
def fixed_offset(zone: str) -> int | None:
    """The zone's offset from UTC in seconds, if it is the same at every moment checked (each
    half-year from SINCE to UNTIL); else None."""
    try:
        info = ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):  # a name such as "UTC+07:00": Django's way
        return None
    offsets = {
        info.utcoffset(datetime(year, month, 1)) or timedelta(0)
        for year in range(SINCE, UNTIL + 1)
        for month in (1, 7)
    }
    return int(offsets.pop().total_seconds()) if len(offsets) == 1 else None


class LocalDate(TruncDate):
    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        offset = fixed_offset(self.get_tzname() or "UTC")
        if offset is None:
            return super().as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        # to the second: SQLite rounds a fraction to milliseconds, so 23:59:59.9996 would be
        # the next day; the text is Django's "YYYY-MM-DD HH:MM:SS[.ffffff]", in UTC
        return f"date(substr({sql}, 1, 19), %s)", (*params, f"{offset:+d} seconds")
