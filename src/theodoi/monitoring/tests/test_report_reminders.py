"""Reminders about the reports units owe: before the due date and while overdue, to the
reporting unit's head and staff, once per request and stage, by the real SMTP server."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from theodoi.monitoring.models import Reminder, ReminderKind
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.delivery import deliver
from theodoi.notifications.digests import queue_digests
from theodoi.notifications.models import Delivery, Notification
from theodoi.notifications.services import preference_set
from theodoi.reports.models import (
    DueRule,
    Frequency,
    ReportReminder,
    ReportRequest,
    ReportType,
    RequestState,
    WindowRule,
)
from theodoi.reports.opening import open_rounds
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Báo cáo kiểm soát TTHC quý — Quý III/2026"  # due Friday 18/09/2026


@pytest.fixture
def owed(world: World) -> World:
    for person, address in [(world.staff, "tst.cv@bhxh.test"), (world.head, "tst.tb@bhxh.test")]:
        person.email = address
        person.save()
    ReportType.objects.create(
        code="tthc",
        name="Báo cáo kiểm soát TTHC quý",
        frequency=Frequency.QUARTER,
        period_numbers=[1, 2, 3],
        collector=world.units["VP"],
        reporters="TST; CNTT",
        due_rule=DueRule.BEFORE_DAY_OF_LAST_MONTH,
        due_day=19,
        window_rule=WindowRule.CUTOFF,
        window_cutoff_day=14,
    )
    open_rounds(as_of=date(2026, 9, 1))  # Q3 2026 and Q2, which both units sent
    ReportRequest.objects.filter(round__period="2026-Q2").update(state=RequestState.ACCEPTED)
    return world


def told(day: date) -> dict[str, str]:
    rows = Notification.objects.filter(key__startswith="baocao:", created_at__date=day)
    return {n.user.username: n.title for n in rows.select_related("user")}


def test_the_unit_is_reminded_before_the_due_date_and_when_overdue_once_per_stage(
    owed: World,
) -> None:
    # CNTT sent its report: only TST, which has not, is reminded
    ReportRequest.objects.filter(unit__code="CNTT", round__period="2026-Q3").update(
        state=RequestState.SUBMITTED
    )
    day = date(2026, 9, 15)  # 3 working days before 18/09
    first = run_reminders(day, moment=datetime(2026, 9, 15, 7, tzinfo=VN))
    assert first.sent == 2
    assert told(day) == {
        "tst.truongban": f"Thu - Sổ, thẻ: còn 3 ngày làm việc đến hạn nộp báo cáo — {TITLE}",
        "tst.chuyenvien": f"Thu - Sổ, thẻ: còn 3 ngày làm việc đến hạn nộp báo cáo — {TITLE}",
    }
    again = run_reminders(day, moment=datetime(2026, 9, 15, 8, tzinfo=VN))
    assert (again.sent, again.skipped_already_sent) == (0, 2)
    late = date(2026, 9, 21)  # Monday: 1 working day late
    run_reminders(late, moment=datetime(2026, 9, 21, 7, tzinfo=VN))
    assert set(told(late).values()) == {
        f"Thu - Sổ, thẻ: quá hạn nộp báo cáo 1 ngày làm việc — {TITLE}"
    }
    assert list(ReportReminder.objects.order_by("day").values_list("stage", flat=True)) == [
        "before:3",
        "overdue:1",
    ]
    # once sent, nothing more
    ReportRequest.objects.filter(unit__code="TST").update(state=RequestState.SUBMITTED)
    assert run_reminders(date(2026, 9, 23), moment=datetime(2026, 9, 23, 7, tzinfo=VN)).sent == 0


def test_a_returned_report_is_mailed_immediately_or_in_the_digest(owed: World, smtp_server) -> None:
    ReportRequest.objects.filter(unit__code="TST", round__period="2026-Q3").update(
        state=RequestState.RETURNED
    )
    preference_set(owed.staff, Delivery.IMMEDIATE)
    day, moment = date(2026, 9, 18), datetime(2026, 9, 18, 7, tzinfo=VN)
    run_reminders(day, moment=moment)
    queue_digests(day, moment=moment)
    assert deliver(moment).sent == 2
    [mail] = smtp_server.to("tst.cv@bhxh.test")
    assert mail["Subject"].strip() == (
        f"[Theo Dõi] Thu - Sổ, thẻ: hôm nay đến hạn nộp báo cáo — {TITLE}"
    )
    assert "Báo cáo đã bị trả lại" in mail.get_content()
    [digest] = smtp_server.to("tst.tb@bhxh.test")
    assert f"hôm nay đến hạn nộp báo cáo — {TITLE}" in digest.get_content()


def test_a_task_overdue_for_years_is_still_reminded_when_reports_are_owed(owed: World) -> None:
    # the day's working-day index reaches back to the oldest task deadline, not only to the
    # reports' due dates (a task four years overdue once made the whole run fail)
    old = task_for(owed, date(2022, 10, 10), issued=date(2022, 1, 5))
    day = date(2026, 9, 15)
    run_reminders(day, moment=datetime(2026, 9, 15, 7, tzinfo=VN))
    assert Reminder.objects.filter(task=old, kind=ReminderKind.LEAD, stage__startswith="overdue")
    assert {"tst.truongban", "tst.chuyenvien"} <= set(told(day))  # the report is owed too
