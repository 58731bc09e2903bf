"""The working-day calendar (DOMAIN §7): statutory holidays from the `holidays` package for
Vietnam (lunar Tết, Hùng Kings' day, compensatory days, make-up Saturdays) corrected by the
administrator's overrides, because the Government announces changes late.

Everything that counts working days calls these functions.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.db import transaction

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.workcalendar.models import CalendarOverride, OverrideKind

MAX_STEPS = 366 * 20  # no working-day walk goes further than twenty years


@lru_cache(maxsize=64)
def _statutory(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Holidays (with Vietnamese names) and make-up Saturdays of `year` from the package."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {day: str(name) for day, name in calendar.items() if day.year == year}
    make_up = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return days_off, make_up


@dataclass(frozen=True)
class DayInfo:
    day: date
    working: bool
    reason: str  # why the day is off or worked against the usual week, else ""
    override: CalendarOverride | None = None


class WorkingCalendar:
    """A calendar loaded once (one query for the overrides) and then answered from memory."""

    def __init__(self, overrides: list[CalendarOverride] | None = None) -> None:
        if overrides is None:
            overrides = list(CalendarOverride.objects.all())
        self.overrides = {o.date: o for o in overrides}

    def info(self, day: date) -> DayInfo:
        override = self.overrides.get(day)
        if override is not None:
            working = override.kind == OverrideKind.WORKING_DAY
            return DayInfo(
                day, working, f"{override.get_kind_display()} ({override.document})", override
            )
        days_off, make_up = _statutory(day.year)
        if day in make_up:
            return DayInfo(day, True, "Ngày làm bù")
        if day in days_off:
            return DayInfo(day, False, days_off[day])
        return DayInfo(day, day.weekday() < 5, "")

    def is_working_day(self, day: date) -> bool:
        return self.info(day).working

    def add_working_days(self, day: date, n: int) -> date:
        """The date `n` working days after `day` (before, if n < 0); n == 0 gives `day`."""
        step = 1 if n >= 0 else -1
        remaining, current = abs(n), day
        for _ in range(MAX_STEPS):
            if remaining == 0:
                return current
            current += timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
        raise ValidationFailed({"n": f"Số ngày làm việc quá lớn: {n}."})

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (negative when end is before start)."""
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > MAX_STEPS:
            raise ValidationFailed({"end": "Khoảng thời gian quá dài."})
        return sum(
            self.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
        )

    def year_exceptions(self, year: int) -> tuple[list[DayInfo], list[DayInfo]]:
        """Weekdays not worked, and weekend days worked, in `year`."""
        day, days_off, make_up = date(year, 1, 1), [], []
        while day.year == year:
            info = self.info(day)
            if day.weekday() < 5 and not info.working:
                days_off.append(info)
            elif day.weekday() >= 5 and info.working:
                make_up.append(info)
            day += timedelta(days=1)
        return days_off, make_up


class WorkingDayIndex:
    """The working days of [start, end] in order, so that counting and shifting by working
    days is a lookup: for jobs that ask about thousands of deadlines at once."""

    def __init__(self, calendar: WorkingCalendar, start: date, end: date) -> None:
        self.start, self.end = start, end
        span = (end - start).days + 1
        if span > MAX_STEPS:
            raise ValidationFailed({"end": "Khoảng thời gian quá dài."})
        days = (start + timedelta(days=i) for i in range(span))
        self.days = [day for day in days if calendar.is_working_day(day)]

    def _check(self, day: date) -> None:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} nằm ngoài khoảng {self.start}–{self.end}")

    def rank(self, day: date) -> int:
        """How many working days of the range fall on or before `day`."""
        self._check(day)
        return bisect_right(self.days, day)

    def between(self, start: date, end: date) -> int:
        """As `working_days_between`: working days d with start < d <= end."""
        return self.rank(end) - self.rank(start)

    def shift(self, day: date, n: int) -> date:
        """As `add_working_days`: `n` working days after `day` (before, if n < 0)."""
        if n == 0:
            return day
        i = self.rank(day) + n - 1 if n > 0 else self.rank(day - timedelta(days=1)) + n
        if not 0 <= i < len(self.days):
            raise ValueError(f"{n} ngày làm việc từ {day} ra ngoài khoảng đã nạp")
        return self.days[i]


def get_calendar() -> WorkingCalendar:
    return WorkingCalendar()


def is_working_day(day: date) -> bool:
    return get_calendar().is_working_day(day)


def add_working_days(day: date, n: int) -> date:
    return get_calendar().add_working_days(day, n)


def working_days_between(start: date, end: date) -> int:
    return get_calendar().working_days_between(start, end)


OVERRIDE_FIELDS = ["date", "kind", "document", "note"]


def _check_override(day: date, kind: str, document: str, exclude_pk: int | None = None) -> None:
    errors = {}
    if kind not in OverrideKind.values:
        errors["kind"] = "Loại điều chỉnh không hợp lệ."
    if not document.strip():
        errors["document"] = "Cần ghi văn bản thông báo (số, ký hiệu)."
    others = CalendarOverride.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    statutory = WorkingCalendar(list(others.exclude(date=day))).is_working_day(day)
    if kind == OverrideKind.DAY_OFF and not statutory:
        errors["date"] = f"Ngày {format_date(day)} vốn đã là ngày nghỉ."
    if kind == OverrideKind.WORKING_DAY and statutory:
        errors["date"] = f"Ngày {format_date(day)} vốn đã là ngày làm việc."
    if others.filter(date=day).exists():
        errors["date"] = f"Ngày {format_date(day)} đã có điều chỉnh; hãy sửa điều chỉnh đó."
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def override_create(
    *, actor: Actor, day: date, kind: str, document: str, note: str = ""
) -> CalendarOverride:
    _check_override(day, kind, document)
    override = CalendarOverride.objects.create(
        date=day, kind=kind, document=document.strip(), note=note.strip()
    )
    record_change(
        actor=actor,
        action=ChangeKind.CREATE,
        obj=override,
        before=None,
        after=snapshot(override, OVERRIDE_FIELDS),
    )
    return override


@transaction.atomic
def override_update(
    *,
    actor: Actor,
    override: CalendarOverride,
    expected_version: int,
    day: date,
    kind: str,
    document: str,
    note: str = "",
    reason: str = "",
) -> CalendarOverride:
    locked = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    if locked.version != expected_version:
        raise ConflictError("Điều chỉnh này vừa được người khác sửa. Hãy tải lại trang.")
    _check_override(day, kind, document, exclude_pk=locked.pk)
    before = snapshot(locked, OVERRIDE_FIELDS)
    locked.date, locked.kind = day, kind
    locked.document, locked.note = document.strip(), note.strip()
    locked.version += 1
    locked.save()
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=locked,
        before=before,
        after=snapshot(locked, OVERRIDE_FIELDS),
        reason=reason,
    )
    return locked


@transaction.atomic
def override_delete(*, actor: Actor, override: CalendarOverride, reason: str) -> None:
    """Withdraw an override; the change log keeps what it was and why it was withdrawn."""
    if not reason.strip():
        raise ValidationFailed({"reason": "Cần ghi lý do hủy điều chỉnh."}, Code.REQUIRED)
    before = snapshot(override, OVERRIDE_FIELDS)
    record_change(
        actor=actor,
        action=ChangeKind.DELETE,
        obj=override,
        before=before,
        after=None,
        reason=reason,
    )
    override.delete()
