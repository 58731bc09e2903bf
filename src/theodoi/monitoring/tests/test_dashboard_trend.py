"""The dashboard's trend (monitoring/trend.py): at every month end, exactly the numbers of the
statistics page for that day, counted in one statement for all the month ends not yet kept;
those past are kept for good; a cold dashboard reads a fixed number of statements, whatever
the number of months (docs/adr/0015-trend-in-one-count.md)."""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import Rows, copy_registry, undone_after_module
from theodoi.monitoring import trend
from theodoi.monitoring.models import DashboardCache
from theodoi.monitoring.tests.conftest import task_for
from theodoi.organisation.selectors import subtree_ids
from theodoi.tasks import steps
from theodoi.tasks.models import Task, TaskFact
from theodoi.tasks.stats import KEYS, View, statistics
from theodoi.tasks.tests.conftest import World, at, client_for, make_world
from theodoi.tasks.tests.test_count_indexes import _plan, _reads_no_rows

pytestmark = pytest.mark.django_db

D = date
ENDS = trend.month_ends(D(2026, 2, 10), 14)  # 31/12/2024 … 31/01/2026


def _do(task: Task, step, actor, day: date, **kw) -> Task:
    """`step` on `day`; the task as it is after it (a request's step gives the request)."""
    done = step(actor=actor, task=task, expected_version=task.version, at=at(day), **kw)
    return done if isinstance(done, Task) else Task.objects.get(pk=task.pk)


def _assigned(world: World, day: date, deadline: date | None, unit: str = "TST") -> Task:
    task = task_for(world, deadline, accept=False, unit=unit, issued=day)
    head = world.head if unit == "TST" else world.other_head
    return _do(task, steps.task_accept, head, day, assignees=[])


def _closed(world: World, task: Task, submitted: date, reported: date) -> Task:
    task = _do(task, steps.task_submit, world.head, submitted, result="Kết quả")
    task = _do(task, steps.task_forward, world.office, submitted)
    task = _do(task, steps.task_approve, world.leader, reported)
    return _do(
        task,
        steps.task_report,
        world.office,
        reported,
        reported_on=reported,
        number="1/BC",
        channel="VPCP",
    )


@pytest.fixture(scope="module")
def months(django_db_setup: None, django_db_blocker: Any, sample_registry: Rows) -> Iterator[World]:
    """The year below, made once for the module (0.8 s of each test on PostgreSQL before);
    each test's writes are undone after it, the year after the module's last test."""
    with undone_after_module(django_db_blocker):
        yield tell_the_year(make_world(copy_registry(sample_registry)))


def tell_the_year(w: World) -> World:
    """Tasks through the cycle's steps over 2025: done on the deadline (a month end) and
    reported after it, never done (overdue from a month on), without a deadline, returned,
    given to another leader and then to another unit on a month end, sent back and done late,
    cancelled on a month end, extended; then spans written directly whose dates fall on, just
    before and just after month ends, for every boundary."""
    _closed(w, _assigned(w, D(2025, 1, 10), D(2025, 3, 31)), D(2025, 3, 31), D(2025, 4, 3))
    _assigned(w, D(2025, 2, 3), D(2025, 4, 15))  # overdue from 16/04
    _assigned(w, D(2025, 1, 20), None)
    moved = task_for(w, D(2025, 6, 30), accept=False, issued=D(2025, 3, 5))
    moved = _do(moved, steps.task_return, w.head, D(2025, 3, 10), reason="Không đúng chức năng")
    other = UserFactory.create(roles=[Role.LEADER], unit=w.units["LD"], username="lanhdao.khac")
    moved = _do(moved, steps.task_refer, w.office, D(2025, 3, 12), leader=other, note="Xin ý kiến")
    moved = _do(
        moved,
        steps.task_assign,
        other,
        D(2025, 4, 30),
        leads=[w.units["CNTT"]],
        deadline=D(2025, 5, 31),
    )
    moved = _do(moved, steps.task_accept, w.other_head, D(2025, 4, 30), assignees=[])
    _do(moved, steps.task_submit, w.other_head, D(2025, 6, 2), result="Kết quả")
    back = _assigned(w, D(2025, 5, 2), D(2025, 7, 31))
    back = _do(back, steps.task_submit, w.head, D(2025, 7, 20), result="Kết quả")
    back = _do(back, steps.task_send_back, w.office, D(2025, 7, 25), comment="Sai số liệu")
    _closed(w, back, D(2025, 8, 5), D(2025, 8, 29))
    cancelled = _assigned(w, D(2025, 6, 1), D(2025, 12, 31), unit="CNTT")
    _do(cancelled, steps.task_cancel, w.leader, D(2025, 9, 30), reason="QĐ hủy")
    extended = _assigned(w, D(2025, 8, 1), D(2025, 8, 29))
    extended = _do(
        extended,
        steps.extension_request,
        w.head,
        D(2025, 8, 20),
        reason="Chờ số liệu",
        proposed_deadline=D(2025, 10, 31),
    )
    extended = _do(extended, steps.extension_decide, w.leader, D(2025, 8, 25), approve=True)
    _closed(w, extended, D(2025, 10, 15), D(2025, 10, 31))
    _edges(w, Task.objects.earliest("id"))
    return w


def _edges(world: World, task: Task) -> None:
    """Spans (of one task: statistics count spans) with every date on, the day before or the
    day after a month end, or empty; chains of spans like a task's, moving between units."""
    rng = random.Random(26)
    near = [end + timedelta(days=k) for end in ENDS[2:-2] for k in (-1, 0, 1)]
    units = [world.units[code] for code in ("TST", "CNTT", "CSXH")]
    spans = []
    for _ in range(40):
        start = rng.choice(near[:-6])
        for _link in range(rng.randint(1, 3)):
            later = [d for d in near if d > start]
            end = rng.choice([*later, None]) if later else None
            deadline = rng.choice([*near, None])
            done = [rng.choice([d for d in near if d > start] or [None]), None]
            spans.append(
                TaskFact(
                    task=task,
                    valid_from=start,
                    valid_to=end,
                    lead_unit=rng.choice(units),
                    deadline=deadline,
                    internal_deadline=deadline and deadline - timedelta(days=rng.choice([0, 1])),
                    unit_done_on=rng.choice(done),
                    agency_done_on=rng.choice(done),
                )
            )
            if end is None:
                break
            start = end
    TaskFact.objects.bulk_create(spans)


@pytest.mark.parametrize("view", list(View))
@pytest.mark.parametrize("unit", [None, "BHXHVN", "TST", "CNTT"])
def test_each_month_end_has_the_statistics_of_that_day(
    months: World, view: View, unit: str | None
) -> None:
    """For the agency, the head of the whole agency (a unit above every other), and two
    units; on both views."""
    scope = months.units[unit] if unit else None
    lead_ids = subtree_ids({scope.pk}) if scope else None
    counted = trend.counts_on(ENDS, view, lead_ids)
    expected = {day: {k: statistics(day, view, scope)[k] for k in KEYS} for day in ENDS}
    assert counted == expected
    assert any(c["open_overdue"] and c["done_late"] for c in counted.values())  # not all zeros
    # a few month ends at a time (the others kept already) give the same numbers
    assert trend.counts_on(ENDS[3:5] + ENDS[9:10], view, lead_ids) == {
        day: expected[day] for day in ENDS[3:5] + ENDS[9:10]
    }


@pytest.mark.parametrize("unit", [None, "TST"])
def test_the_count_reads_indexes_only(months: World, unit: str | None) -> None:
    """Both parts of the count (the open spans, those closed after the first day) read an
    index that holds every column they need, never the spans' rows (as ADR 0014's counts)."""
    lead_ids = subtree_ids({months.units[unit].pk}) if unit else None
    with CaptureQueriesContext(connection) as queries:
        trend.counts_on(ENDS, View.UNIT, lead_ids)
    [query] = queries.captured_queries
    assert _reads_no_rows(query["sql"]), _plan(query["sql"])
    assert "tasks_task" not in query["sql"].replace("tasks_taskfact", "")  # no join


def test_past_month_ends_are_kept_for_good(months: World) -> None:
    as_of = timezone.localdate()
    first = trend.trend(as_of, View.AGENCY, None, "all")
    assert len(first) == trend.TREND_MONTHS
    assert DashboardCache.objects.filter(key__startswith="trend:").count() == trend.TREND_MONTHS
    with CaptureQueriesContext(connection) as queries:
        assert trend.trend(as_of, View.AGENCY, None, "all") == first
    assert len(queries) == 1  # what is kept, nothing counted
    # a date ahead: the month ends not yet past are counted, never kept
    ahead = as_of + timedelta(days=70)
    trend.trend(ahead, View.AGENCY, None, "all")
    kept = DashboardCache.objects.filter(key__startswith="trend:").values_list("key", flat=True)
    assert all(D.fromisoformat(key.split(":")[1]) < as_of for key in kept)


@pytest.mark.parametrize("months_shown", [12, 36])
def test_a_cold_dashboard_reads_a_fixed_number_of_statements(
    months: World, monkeypatch, months_shown: int, django_assert_max_num_queries
) -> None:
    """Nothing kept (a new database, or a unit's first look): the month ends of the trend are
    one count, whatever their number, not one count each; the rest is the page's recount
    (`test_dashboard.py`) and the writing of what is kept."""
    monkeypatch.setattr(trend, "TREND_MONTHS", months_shown)
    for user in (months.office, months.head):
        DashboardCache.objects.all().delete()
        client = client_for(user)
        with django_assert_max_num_queries(26):  # 168 with a count per month end and class
            response = client.get("/tong-quan/")
        assert response.status_code == 200
        assert len(response.context["board"].trend) == months_shown + 1
