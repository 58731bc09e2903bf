"""Tasks without a deadline follow their update period (Art. 4.2, 6.2): an update is due by the
period's last working day, reminded like a deadline, and a missed one is counted on the
dashboard as "chưa cập nhật", a number that opens the list of those tasks."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.monitoring.dashboard import dashboard
from theodoi.monitoring.models import DashboardCache, Reminder, ReminderKind
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.tests.conftest import task_for
from theodoi.monitoring.tests.test_dashboard import listed, numbers
from theodoi.notifications.models import Notification
from theodoi.organisation.labels import unit_label
from theodoi.tasks import services, steps
from theodoi.tasks.links import task_list_url
from theodoi.tasks.models import UpdatePeriod
from theodoi.tasks.stats import View
from theodoi.tasks.tests.conftest import World, at, client_for

pytestmark = pytest.mark.django_db
ASSIGNED = date(2026, 1, 5)  # Monday
TILE = "chưa cập nhật (nhiệm vụ không có thời hạn đã hết kỳ cập nhật)"


def standing(world: World, content: str = "Theo dõi thu BHXH", **kwargs):
    """A task without a deadline, updated monthly, accepted by the head with the staff named."""
    kwargs.setdefault("update_period", UpdatePeriod.MONTH)
    kwargs.setdefault("issued", ASSIGNED)
    return task_for(world, None, coordinating=(), content=content, **kwargs)


def update(world: World, task, day: date):
    task.refresh_from_db()
    return steps.task_progress(
        actor=world.staff,
        task=task,
        expected_version=task.version,
        note="Đã triển khai",
        progress=40,
        at=at(day),
    )


def days(first: date, last: date):
    while first <= last:
        yield first
        first += timedelta(days=1)


def sent(first: date, last: date) -> dict[date, list[tuple[str, str]]]:
    found = {}
    for day in days(first, last):
        run_reminders(day)
        rows = Reminder.objects.filter(day=day, kind=ReminderKind.UPDATE)
        if rows.exists():
            found[day] = sorted(rows.values_list("ref", "stage"))
    return found


def told(task, stage: str, ref: str) -> set[str]:
    reminder = Reminder.objects.get(task=task, kind=ReminderKind.UPDATE, stage=stage, ref=ref)
    names = dict(Notification.objects.filter(task=task).values_list("user_id", "user__username"))
    return {names[u] for u in reminder.recipients}


def test_a_monthly_update_is_reminded_like_a_deadline(world: World) -> None:
    task = standing(world)
    # January's update is due Friday 30/01/2026, its last working day
    assert sent(date(2026, 1, 20), date(2026, 2, 3)) == {
        date(2026, 1, 27): [("2026-01-30", "before:3")],
        date(2026, 1, 29): [("2026-01-30", "before:1")],
        date(2026, 1, 30): [("2026-01-30", "due")],
        date(2026, 2, 2): [("2026-01-30", "overdue:1")],
    }
    assert told(task, "before:3", "2026-01-30") == {"tst.chuyenvien"}
    assert told(task, "overdue:1", "2026-01-30") == {"tst.chuyenvien", "tst.truongban"}
    note = Notification.objects.get(user=world.head, task=task, key__startswith="nhac:")
    assert note.title == (
        "Thu - Sổ, thẻ: quá 1 ngày làm việc chưa cập nhật tháng 01/2026 — 1.1. Theo dõi thu BHXH"
    )
    unit = unit_label(world.units["TST"])
    assert note.body.startswith(f"Nhiệm vụ không có thời hạn của {unit}, cập nhật tình hình")
    assert "chưa cập nhật lần nào" in note.body
    update(world, task, date(2026, 2, 3))  # this update covers January too
    assert sent(date(2026, 2, 4), date(2026, 2, 20)) == {}  # February's is due 27/02


def test_the_calendar_moves_the_day_an_update_is_due(world: World) -> None:
    """Assigned in the last fortnight of March, the task owes April's update first; April's is
    due on Wednesday 29/04/2026, before the 30/04 and 01/05 holidays, and three working days
    before it is Thursday 23/04 (the Hùng Kings' day, Sunday 26/04, is taken on Monday 27/04)."""
    task = standing(world, "Giao muộn", issued=date(2026, 3, 20))
    assert sent(date(2026, 3, 20), date(2026, 5, 4)) == {
        date(2026, 4, 23): [("2026-04-29", "before:3")],
        date(2026, 4, 28): [("2026-04-29", "before:1")],
        date(2026, 4, 29): [("2026-04-29", "due")],
        date(2026, 5, 4): [("2026-04-29", "overdue:1")],
    }
    assert told(task, "due", "2026-04-29") == {"tst.chuyenvien"}


def test_parents_and_tasks_with_a_deadline_or_not_in_progress_are_left_out(world: World) -> None:
    standing(world, "Đang thực hiện")
    standing(world, "Chưa nhận", accept=False)  # its acceptance window is followed instead
    task_for(world, date(2026, 12, 31), coordinating=(), issued=ASSIGNED, content="Có hạn")
    document = world.document(issued=ASSIGNED)
    shared = services.task_create(
        actor=world.office,
        document=document,
        content="Giao hai đơn vị",
        update_period=UpdatePeriod.MONTH,
        at=at(ASSIGNED),
    )
    shared = steps.task_assign(
        actor=world.leader,
        task=shared,
        expected_version=shared.version,
        leads=[world.units["TST"], world.units["CNTT"]],
        deadline=None,
        at=at(ASSIGNED),
    )
    child = shared.children.get(lead_unit=world.units["CNTT"])
    steps.task_accept(
        actor=world.other_head,
        task=child,
        expected_version=child.version,
        assignees=[],
        at=at(ASSIGNED),
    )
    run_reminders(date(2026, 1, 30))
    reminded = set(
        Reminder.objects.filter(kind=ReminderKind.UPDATE).values_list("task__content", "unit")
    )
    assert reminded == {
        ("Đang thực hiện", world.units["TST"].pk),
        ("Giao hai đơn vị", world.units["CNTT"].pk),  # the unit's own task, not the parent
    }
    assert told(child, "due", "2026-01-30") == {"cntt.truongban"}  # nobody named: the head


def test_twice_sends_once(world: World) -> None:
    standing(world)
    first, second = run_reminders(date(2026, 2, 2)), run_reminders(date(2026, 2, 2))
    assert (first.sent, second.sent, second.skipped_already_sent) == (2, 0, 2)


def test_the_job_reads_a_fixed_number_of_queries(world: World) -> None:
    def queries_on(day: date) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert run_reminders(day).sent
        return len(queries)

    standing(world, "Một")
    one = queries_on(date(2026, 1, 27))
    for n in range(4):
        standing(world, f"Nhiệm vụ {n}")
    assert queries_on(date(2026, 1, 29)) == one


@pytest.fixture
def mixed(world: World):
    missed = standing(world, "Chưa cập nhật tháng một")
    updated = standing(world, "Đã cập nhật tháng một")
    update(world, updated, date(2026, 1, 20))
    other = standing(world, "Việc của CNTT", unit="CNTT", accept=False)
    steps.task_accept(
        actor=world.other_head,
        task=other,
        expected_version=other.version,
        assignees=[],
        at=at(ASSIGNED),
    )
    task_for(world, date(2026, 1, 15), coordinating=(), issued=ASSIGNED, content="Có hạn, quá")
    return missed, updated, other


def test_the_dashboard_counts_missed_updates_and_opens_their_list(world: World, mixed) -> None:
    office = client_for(world.office)
    html = office.get("/tong-quan/?ngay=03/02/2026").content.decode()
    count, url = numbers(html)[TILE]
    assert count == 2  # the two units' tasks that missed January's update
    assert listed(office, url) == 2
    page = office.get(url).content.decode()
    assert "Chưa cập nhật tháng một" in page and "Việc của CNTT" in page
    assert "Đã cập nhật tháng một" not in page and "Có hạn, quá" not in page
    before = office.get("/tong-quan/?ngay=30/01/2026").content.decode()
    assert numbers(before)[TILE][0] == 0  # January's update is due that day
    head = client_for(world.other_head).get("/tong-quan/?ngay=03/02/2026").content.decode()
    assert numbers(head)[TILE][0] == 1  # CNTT's own


def test_the_list_filter_is_on_the_filter_panel(world: World, mixed) -> None:
    office = client_for(world.office)
    url = task_list_url(missing_update=True, as_of=date(2026, 2, 3))
    assert re.search(r"chua_cap_nhat=1", url)
    html = office.get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="chua_cap_nhat"[^>]* checked', html)
    assert "Chưa cập nhật theo kỳ" in html
    missed = mixed[0]
    assert listed(office, url) == 2
    update(world, missed, date(2026, 2, 3))
    assert listed(office, url) == 1


def test_the_count_reads_no_query_per_task(world: World) -> None:
    def count_on(day: date) -> tuple[int, int]:
        DashboardCache.objects.all().delete()  # counted afresh, not read from what was kept
        with CaptureQueriesContext(connection) as queries:
            board = dashboard(world.office, day, View.AGENCY, None)
        return board.missing_update.count, len(queries)

    standing(world, "Một")
    one, queries = count_on(date(2026, 2, 3))
    for n in range(4):
        standing(world, f"Nhiệm vụ {n}")
    assert count_on(date(2026, 2, 3)) == (one + 4, queries)
