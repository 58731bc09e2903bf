"""The working-day calendar against the Government's announcements for 2024-2026."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from theodoi.audit.models import ChangeKind
from theodoi.core.errors import ValidationFailed
from theodoi.workcalendar.models import OverrideKind
from theodoi.workcalendar.services import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    override_create,
    override_delete,
    working_days_between,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced_2026(db: None) -> None:
    """VPCP letter 12729/VPCP-KGVX: 02/01/2026 off, Saturday 10/01/2026 worked."""
    override_create(
        actor=None, day=date(2026, 1, 2), kind=OverrideKind.DAY_OFF, document="12729/VPCP-KGVX"
    )
    override_create(
        actor=None, day=date(2026, 1, 10), kind=OverrideKind.WORKING_DAY, document="12729/VPCP-KGVX"
    )


TET_2025 = [date(2025, 1, d) for d in (27, 28, 29, 30, 31)]  # 28 Chạp - mùng 3 (Mon-Fri)
TET_2026 = [date(2026, 2, d) for d in (16, 17, 18, 19, 20)]  # 29 Chạp - mùng 4 (Mon-Fri)
TET_2024 = [date(2024, 2, d) for d in (8, 9, 12, 13, 14)]


@pytest.mark.parametrize("day", TET_2024 + TET_2025 + TET_2026)
def test_tet_weekdays_are_off(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 4, 26), True),  # Saturday worked in exchange for 02/05/2025
        (date(2025, 5, 2), False),
        (date(2024, 5, 4), True),  # Saturday worked in exchange for 29/04/2024
        (date(2024, 4, 29), False),
        (date(2025, 4, 7), False),  # Hùng Kings' day 10/3 lunar
        (date(2024, 4, 18), False),
        (date(2026, 4, 27), False),  # Hùng Kings' day on Sunday 26/04/2026, observed Monday
        (date(2025, 9, 1), False),
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),
        (date(2025, 2, 3), True),  # first working day after Tết 2025
        (date(2026, 2, 23), True),  # first working day after Tết 2026
        (date(2026, 1, 3), False),  # an ordinary Saturday
    ],
)
def test_statutory_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_announcement_of_2026_is_applied_from_overrides(announced_2026: None) -> None:
    assert not is_working_day(date(2026, 1, 2))
    assert is_working_day(date(2026, 1, 10))
    # Without the overrides the package alone gets January 2026 wrong.
    bare = WorkingCalendar(overrides=[])
    assert bare.is_working_day(date(2026, 1, 2))
    assert not bare.is_working_day(date(2026, 1, 10))


def test_add_working_days_skips_tet_and_counts_make_up_saturday(announced_2026: None) -> None:
    # Art. 6.1: results go to the Office 1 working day before the deadline.
    assert add_working_days(date(2025, 2, 3), -1) == date(2025, 1, 24)
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert add_working_days(date(2026, 1, 12), -1) == date(2026, 1, 10)
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)
    assert add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 14)


def test_working_days_between(announced_2026: None) -> None:
    # 02/01 off; 05-09 (5 days), Saturday 10/01 worked, Monday 12/01.
    assert working_days_between(date(2026, 1, 1), date(2026, 1, 12)) == 7
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1
    assert working_days_between(date(2025, 2, 3), date(2025, 1, 24)) == -1
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0


def test_workdays_cli_lists_a_year_as_json(announced_2026: None, capsys) -> None:
    call_command("workdays", "list", "2026", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"days_off", "make_up_days"}
    assert "2026-01-02" in payload["days_off"]
    assert "2026-01-10" in payload["make_up_days"]
    assert all(date.fromisoformat(d).weekday() < 5 for d in payload["days_off"])
    assert all(date.fromisoformat(d).weekday() >= 5 for d in payload["make_up_days"])
    assert {d.isoformat() for d in TET_2026} <= set(payload["days_off"])


def test_workdays_cli_2025(capsys) -> None:
    call_command("workdays", "list", "2025", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["make_up_days"] == ["2025-04-26"]
    assert "2025-05-02" in payload["days_off"]


def test_workdays_cli_add(announced_2026: None, capsys) -> None:
    call_command("workdays", "add", "2026-01-12", "-1")
    assert capsys.readouterr().out.strip() == "2026-01-10"
    call_command("workdays", "add", "31/12/2025", "1")
    assert capsys.readouterr().out.strip() == "2026-01-05"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "2026-02-30", "1"], "không phải là ngày hợp lệ"),
        (["add", "2026-02-03", "hai"], "không phải là số nguyên"),
        (["list", "năm"], "không phải là năm hợp lệ"),
    ],
)
def test_workdays_cli_refuses_bad_input(args: list[str], message: str) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("workdays", *args)


def test_override_that_changes_nothing_is_refused() -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        override_create(actor=None, day=date(2026, 1, 3), kind=OverrideKind.DAY_OFF, document="x")
    assert "vốn đã là ngày nghỉ" in excinfo.value.errors["date"]
    with pytest.raises(ValidationFailed) as excinfo:
        override_create(
            actor=None, day=date(2026, 1, 5), kind=OverrideKind.WORKING_DAY, document=""
        )
    assert "văn bản" in excinfo.value.errors["document"]


def test_withdrawn_override_is_kept_in_the_change_log(announced_2026: None) -> None:
    from theodoi.audit.models import ChangeRecord
    from theodoi.workcalendar.models import CalendarOverride

    override = CalendarOverride.objects.get(date=date(2026, 1, 2))
    override_delete(actor=None, override=override, reason="Thông báo bị thu hồi")
    assert is_working_day(date(2026, 1, 2))
    record = ChangeRecord.objects.get(action=ChangeKind.DELETE)
    assert record.before["document"] == "12729/VPCP-KGVX"
    assert record.reason == "Thông báo bị thu hồi"
