"""The dashboard: the four classes by unit, document and leader; each number's list shows
exactly those tasks; a unit head sees their unit; a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from theodoi.monitoring import counts
from theodoi.monitoring.counts import board_counts
from theodoi.monitoring.models import DashboardCache
from theodoi.monitoring.tests.conftest import task_for
from theodoi.organisation.selectors import subtree_ids
from theodoi.tasks import steps
from theodoi.tasks.facts import COUNTED
from theodoi.tasks.models import OPEN_STATES, Origin, State
from theodoi.tasks.stats import (
    CLASSES,
    FACT_COLUMNS,
    KEYS,
    View,
    class_of,
    facts_on,
    statistics,
)
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.workcalendar.services import WorkingDayIndex, get_calendar

pytestmark = pytest.mark.django_db

LATER = date(2026, 3, 20)  # when the task due on 02/03/2026 below was done


@pytest.fixture
def spread(world: World):
    today = timezone.localdate()
    late = [task_for(world, today - timedelta(days=d), content=f"Quá hạn {d}") for d in (3, 40)]
    soon = task_for(world, today + timedelta(days=2), content="Sắp đến hạn")
    later = task_for(
        world, today + timedelta(days=60), unit="CNTT", accept=False, content="Còn lâu"
    )
    done = task_for(world, today + timedelta(days=30), content="Đã xong sớm")
    done = steps.task_submit(
        actor=world.head, task=done, expected_version=done.version, result="Đã xong", at=at(today)
    )
    return late, soon, later, done


def numbers(html: str) -> dict[str, tuple[int, str]]:
    """Each linked number on the page, by the text around it: {label: (count, url)}."""
    found = {}
    for url, count, label in re.findall(
        r'<a href="([^"]+)"><strong>(\d+)</strong> ([^<]+)</a>', html
    ):
        found[label.strip()] = (int(count), url.replace("&amp;", "&"))
    return found


def listed(client, url: str) -> int:
    """How many tasks the task list at `url` says it shows."""
    response = client.get(url)
    assert response.status_code == 200
    return int(re.search(r"<strong>(\d+)</strong> nhiệm vụ", response.content.decode())[1])


def test_every_number_opens_the_list_of_those_tasks(world: World, spread) -> None:
    office = client_for(world.office)
    html = office.get("/tong-quan/").content.decode()
    tiles = numbers(html)
    assert tiles["nhiệm vụ có thời hạn"][0] == 5
    assert tiles["Chưa hoàn thành, quá hạn"][0] == 2
    assert tiles["Chưa hoàn thành, trong hạn"][0] == 3  # submitted is not reported upwards yet
    assert tiles["quá hạn 1–5 ngày làm việc"][0] == 1
    assert tiles["quá hạn 21–60 ngày làm việc"][0] == 1
    [due_soon] = [count for label, (count, _) in tiles.items() if label.startswith("đến hạn")]
    assert due_soon == 1
    for label, (count, url) in tiles.items():
        assert listed(office, url) == count, (label, url)
    for cell in re.findall(r'<td class="k-open_overdue"><a href="([^"]+)">(\d+)</a>', html):
        assert listed(office, cell[0].replace("&amp;", "&")) == int(cell[1])
    assert "<svg" in html and "Diễn biến theo tháng" in html


def test_a_unit_head_sees_their_own_unit(world: World, spread) -> None:
    html = client_for(world.other_head).get("/tong-quan/").content.decode()
    assert numbers(html)["nhiệm vụ có thời hạn"][0] == 1  # CNTT's only task
    assert "Tổng quan: " in html


def test_the_dashboard_reads_a_fixed_number_of_queries(world: World, spread) -> None:
    office = client_for(world.office)
    office.get("/tong-quan/")  # the counts are kept for a few minutes, as in use
    with CaptureQueriesContext(connection) as queries:
        assert office.get("/tong-quan/").status_code == 200
    assert len(queries) <= 15


@pytest.mark.parametrize("view", ["agency", "unit"])
def test_a_task_done_after_the_day_shown_is_overdue_on_it(world: World, view: str) -> None:
    """The overdue bands of a past day count a task that was late then and is done now:
    the open tasks and the done ones are counted apart (docs/adr/0033)."""
    own_plan = world.document(origin=Origin.INTERNAL, issued=date(2026, 1, 5))
    task = task_for(world, date(2026, 3, 2), document=own_plan)  # due Monday 02/03
    task = steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="Xong", at=at(LATER)
    )
    task = steps.task_forward(
        actor=world.office, task=task, expected_version=task.version, at=at(LATER)
    )
    task = steps.task_approve(
        actor=world.leader, task=task, expected_version=task.version, at=at(LATER)
    )
    assert task.state == State.DONE
    office = client_for(world.office)
    tiles = numbers(office.get(f"/tong-quan/?ngay=13/03/2026&goc_nhin={view}").content.decode())
    assert tiles["quá hạn 6–20 ngày làm việc"][0] == 1  # 9 or 10 working days late
    assert listed(office, tiles["quá hạn 6–20 ngày làm việc"][1]) == 1
    tiles = numbers(office.get(f"/tong-quan/?goc_nhin={view}").content.decode())
    assert not any(label.startswith("quá hạn ") and n for label, (n, _) in tiles.items())


def test_the_counted_states_are_the_open_ones_and_done() -> None:
    # what `counts._attention` splits its counts by
    assert OPEN_STATES | {State.DONE} == COUNTED


def test_a_bad_date_is_named_and_today_shown(world: World) -> None:
    html = client_for(world.office).get("/tong-quan/?ngay=32/13/2026").content.decode()
    assert "«32/13/2026» không phải là ngày hợp lệ" in html


def test_a_past_date_counts_from_history(world: World) -> None:
    task_for(world, date(2026, 3, 2), content="Hạn tháng ba")
    tiles = numbers(client_for(world.office).get("/tong-quan/?ngay=27/02/2026").content.decode())
    assert tiles["Chưa hoàn thành, trong hạn"][0] == 1
    assert tiles["Chưa hoàn thành, quá hạn"][0] == 0


def test_a_recount_reads_a_fixed_number_of_queries(
    world: World, spread, django_assert_num_queries
) -> None:
    """When the kept counts are stale: the counts (by leader and unit 2, by document 2,
    due soon, overdue and missing updates 2: the open tasks, those done after the day) and
    the kept counts written, never one per row;
    a unit's counts by state are one query (`tasks.stats.state_counts`)."""
    office = client_for(world.office)
    office.get("/tong-quan/")  # the month ends of the trend are kept for good
    DashboardCache.objects.filter(key__startswith="board:").delete()
    with django_assert_num_queries(24):
        assert office.get("/tong-quan/").status_code == 200


def classes_by(
    key: str, as_of: date, view: View, lead_ids: frozenset[int] | None = None
) -> dict[int | None, dict[str, int]]:
    """Each value of the spans' `key`: how many of its spans of `as_of` fall in each class,
    worked out span by span (`class_of`); "no_deadline" too when there are such spans."""
    cols = FACT_COLUMNS[view]
    found: dict[int | None, dict[str, int]] = {}
    for fact in facts_on(as_of):
        if lead_ids is None or fact.lead_unit_id in lead_ids:
            klass = class_of(getattr(fact, cols.deadline), getattr(fact, cols.done), as_of)
            counts = found.setdefault(getattr(fact, key), dict.fromkeys(CLASSES, 0))
            counts[klass] = counts.get(klass, 0) + 1
    return found


@pytest.mark.parametrize("days_back", [0, 1, 45])
def test_the_recount_gives_the_statistics_numbers(world: World, spread, days_back: int) -> None:
    """The counts by unit and by leader summed from one count of the spans are those of the
    statistics page and of each span's own class, on both views, for the agency and a unit,
    today and on past days (spans closed since then)."""
    task_for(world, None, content="Không có thời hạn")
    task_for(world, timezone.localdate() - timedelta(days=5), unit="CNTT", accept=False)
    today = timezone.localdate()
    task_for(world, today, content="Hạn hôm nay")  # the agency's view: in time on its last day
    # done without a deadline; done late; done on the day of its internal deadline (on time)
    for deadline in (None, today - timedelta(days=10), today):
        task = task_for(world, deadline, content="Đã xong")
        on = task.internal_deadline if deadline == today else None
        steps.task_submit(
            actor=world.head,
            task=task,
            expected_version=task.version,
            result="Xong",
            at=at(on or today),
        )
    as_of = timezone.localdate() - timedelta(days=days_back)
    calendar = get_calendar()
    days = WorkingDayIndex(calendar, as_of - timedelta(days=200), as_of + timedelta(days=60))
    for view in View:
        for unit in (None, world.units["TST"]):
            lead_ids = subtree_ids({unit.pk}) if unit else None
            counted = board_counts(as_of, view, unit, lead_ids, days, calendar)
            expected = statistics(as_of, view, unit)
            assert counted["totals"] == {k: expected[k] for k in KEYS}
            assert counted["by_unit"] == expected["by_unit"]
            leaders = classes_by("leader_id", as_of, view, lead_ids)
            assert {r["leader_id"]: {k: r[k] for k in CLASSES} for r in counted["by_leader"]} == {
                pk: {k: c[k] for k in CLASSES}
                for pk, c in leaders.items()
                if pk is not None and any(c[k] for k in CLASSES)
            }
            assert sum(r["open_overdue"] for r in counted["by_document"]) == sum(
                c["open_overdue"] for c in leaders.values()
            )


def test_the_top_documents_are_ranked_over_every_document(world: World, monkeypatch) -> None:
    """The documents with the most open overdue tasks, then the most tasks with a deadline,
    each with its four classes: ranked from two numbers counted for every document, the
    classes then counted for the top ones alone."""
    monkeypatch.setattr(counts, "TOP", 2)
    today = timezone.localdate()
    late, later = today - timedelta(days=3), today + timedelta(days=10)
    left_out = task_for(world, late).document  # one overdue, as the second, fewer dated
    for _ in range(2):  # more tasks than the second, but without a deadline: not counted
        task_for(world, None, document=left_out)
    task_for(world, later)
    first = task_for(world, late).document
    task_for(world, late, document=first)
    second = task_for(world, late).document
    task_for(world, later, document=second)
    calendar = get_calendar()
    days = WorkingDayIndex(calendar, today - timedelta(days=200), today + timedelta(days=60))
    for view in View:
        expected = classes_by("document_id", today, view)
        counted = board_counts(today, view, None, None, days, calendar)["by_document"]
        assert [row["document_id"] for row in counted] == [first.pk, second.pk]
        for row in counted:
            classes = expected[row["document_id"]]
            assert {k: row[k] for k in CLASSES} == {k: classes[k] for k in CLASSES}
        assert counted[1]["open_in_time"] == 1 and counted[1]["open_overdue"] == 1
