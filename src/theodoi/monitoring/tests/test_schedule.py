"""The reminder schedule on the working-day calendar, and the policy's checks."""

from datetime import date, timedelta

import pytest

from theodoi.core.errors import ValidationFailed
from theodoi.monitoring.models import ReminderPolicy
from theodoi.monitoring.schedule import check, deadline_stage, parse_before, waiting_stage
from theodoi.workcalendar.services import WorkingDayIndex, get_calendar

pytestmark = pytest.mark.django_db


def stages(deadline: date, first: date, last: date, **policy: object) -> dict[date, str | None]:
    """The stage on each day from `first` to `last`, where it changes."""
    rule = check(ReminderPolicy(**policy))
    days = WorkingDayIndex(get_calendar(), first - timedelta(days=60), last + timedelta(days=60))
    seen: str | None = "start"
    changes: dict[date, str | None] = {}
    day = first
    while day <= last:
        stage = deadline_stage(days, rule, deadline, day)
        key = stage.key if stage else None
        if key != seen:
            changes[day] = key
            seen = key
        day += timedelta(days=1)
    return changes


def test_an_ordinary_week() -> None:
    # internal deadline Friday 04/12/2026; defaults: 3 and 1 working days before, every 2 days
    assert stages(date(2026, 12, 4), date(2026, 11, 27), date(2026, 12, 11)) == {
        date(2026, 11, 27): None,
        date(2026, 12, 1): "before:3",  # Tue, Wed, Thu = 3 working days before Friday
        date(2026, 12, 3): "before:1",
        date(2026, 12, 4): "due",
        date(2026, 12, 7): "overdue:1",  # the first working day after (the weekend skipped)
        date(2026, 12, 9): "overdue:2",  # then every 2 working days
        date(2026, 12, 11): "overdue:3",
    }


def test_a_new_statutory_holiday_is_skipped() -> None:
    # 24/11/2026 is Vietnamese Culture Day, a day off from 2026: "3 working days before"
    # Friday 27/11 is Monday 23/11
    assert stages(date(2026, 11, 27), date(2026, 11, 20), date(2026, 11, 27)) == {
        date(2026, 11, 20): None,
        date(2026, 11, 23): "before:3",
        date(2026, 11, 26): "before:1",
        date(2026, 11, 27): "due",
    }


def test_reminders_before_a_deadline_after_tet_fall_before_tet() -> None:
    # Tết 2027 is 04/02-10/02; the internal deadline is Friday 12/02. Counting calendar days
    # would put "3 days before" on 09/02, inside Tết; on the working-day calendar it is 02/02.
    assert stages(date(2027, 2, 12), date(2027, 1, 29), date(2027, 2, 17)) == {
        date(2027, 1, 29): None,
        date(2027, 2, 2): "before:3",
        date(2027, 2, 11): "before:1",  # the first working day after Tết
        date(2027, 2, 12): "due",
        date(2027, 2, 15): "overdue:1",
        date(2027, 2, 17): "overdue:2",
    }


def test_an_administrator_override_moves_the_reminders(sample_units) -> None:
    from theodoi.workcalendar.services import override_create

    override_create(actor=None, day=date(2026, 12, 2), kind="day_off", document="Thông báo 1")
    changes = stages(date(2026, 12, 4), date(2026, 11, 27), date(2026, 12, 4))
    assert changes[date(2026, 11, 30)] == "before:3"  # not Tuesday 01/12 any more


def test_other_offsets_and_no_reminder_on_the_day() -> None:
    changes = stages(
        date(2026, 12, 4),
        date(2026, 11, 23),
        date(2026, 12, 10),
        before_days="5",
        on_day=False,
        overdue_every=3,
    )
    assert changes == {
        date(2026, 11, 23): None,
        date(2026, 11, 27): "before:5",
        date(2026, 12, 7): "overdue:1",
        date(2026, 12, 10): "overdue:2",
    }


def test_an_extension_waiting_is_reminded_after_a_working_day_then_every_n() -> None:
    rule = check(ReminderPolicy())
    days = WorkingDayIndex(get_calendar(), date(2026, 11, 1), date(2026, 12, 31))
    asked = date(2026, 11, 27)  # a Friday
    assert waiting_stage(days, rule, asked, date(2026, 11, 29)) is None  # the weekend
    assert waiting_stage(days, rule, asked, date(2026, 11, 30)).key == "waiting:1"
    assert waiting_stage(days, rule, asked, date(2026, 12, 1)).key == "waiting:1"
    assert waiting_stage(days, rule, asked, date(2026, 12, 2)).key == "waiting:2"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("before_days", "ba ngày", "«ba ngày» không đọc được"),
        ("before_days", "3, 0", "từ 1 đến 30; có 0"),
        ("before_days", "3, 3", "ghi trùng"),
        ("before_days", "45", "có 45"),
        ("overdue_every", 0, "Chu kỳ nhắc lại khi quá hạn phải từ 1 đến 30"),
        ("leader_after", 0, "phải cùng lúc hoặc sau khi báo lãnh đạo đơn vị"),
    ],
)
def test_a_misconfigured_policy_is_refused_with_what_is_wrong(field, value, message) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check(ReminderPolicy(**{field: value}))
    assert message in refused.value.errors[field]


def test_offsets_are_read_in_any_order() -> None:
    assert parse_before("1;3 , 5") == (5, 3, 1)
    assert parse_before("") == ()
