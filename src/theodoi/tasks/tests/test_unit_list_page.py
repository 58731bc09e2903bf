"""A unit's whole list shows its page of the tasks its people see, in the list's order, found
in two indexes through the copy of each task's due order in its coordination rows
(docs/adr/0021-unit-list-page.md): before, every task of the unit was read and sorted. It
counts them each once (docs/adr/0018-unit-list-count.md, test_unit_list_count.py).

Every test here starts from `world_of_tasks`, made once for the module (conftest.py)."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.organisation.selectors import subtree_ids
from theodoi.tasks.links import task_list_url, task_url
from theodoi.tasks.models import NO_DEADLINE, State, Task
from theodoi.tasks.tests.conftest import World, client_for, soon
from theodoi.tasks.tests.test_unit_list_count import seen

pytestmark = pytest.mark.django_db


def in_order(user: User) -> list[int]:
    """The ids of the tasks `user` sees in the list's order, worked out in Python."""
    order = sorted(seen(user), key=lambda t: (t.internal_deadline or NO_DEADLINE, t.pk))
    return [t.pk for t in order]


def listed(user: User, page: int | str = 1, **params: str) -> list[int]:
    """The ids of the tasks a list page shows, top to bottom."""
    body = client_for(user).get(task_list_url(), {"trang": page, **params}).content.decode()
    prefix = re.escape(task_url(0)[:-2])
    return list(dict.fromkeys(int(pk) for pk in re.findall(f'href="{prefix}(\\d+)/"', body)))


def seen_by(user: User, states: list[str], due_to: date | None) -> int:
    """How many tasks `user` sees, narrowed as the list is."""
    return sum(
        1
        for task in seen(user)
        if (not states or task.state in states)
        and (due_to is None or (task.deadline is not None and task.deadline <= due_to))
    )


@pytest.mark.parametrize(
    ("who", "states", "due_to"),
    [
        ("head", [], None),
        ("head", [State.ASSIGNED, State.IN_PROGRESS], None),
        ("head", [State.ASSIGNED], 40),
        ("coord", [], None),
        ("coord", [State.ASSIGNED], 58),
    ],
)
def test_a_unit_list_counts_each_task_its_people_see_once(
    world_of_tasks: World, who: str, states: list[str], due_to: int | None
) -> None:
    user = getattr(world_of_tasks, who)
    until = soon(due_to) if due_to is not None else None
    expected = seen_by(user, states, until)
    assert expected > 50  # more than one page: the count is read, not the page's length
    url = task_list_url(states=states, due_to=until)
    for page in ("1", "2"):
        query = "&" if "?" in url else "?"
        body = client_for(user).get(f"{url}{query}trang={page}").content.decode()
        assert f"<strong>{expected}</strong> nhiệm vụ" in body, (page, url)


@pytest.mark.parametrize("who", ["head", "coord", "staff"])
def test_each_page_of_a_unit_list_holds_the_next_tasks_in_order(
    world_of_tasks: World, who: str
) -> None:
    user = getattr(world_of_tasks, who)
    expected = in_order(user)
    assert len(expected) > 50
    pages = [expected[start : start + 50] for start in range(0, len(expected), 50)]
    for number, page in enumerate(pages, start=1):
        assert listed(user, number) == page, number
    assert listed(user, 99) == pages[-1]  # past the end: the last page


def test_a_task_takes_its_new_place_when_its_internal_deadline_moves(
    world_of_tasks: World,
) -> None:
    user = world_of_tasks.coord  # sees the tasks its unit coordinates
    first, *_, last = in_order(user)
    # written in SQL, as a data fix would: the coordination rows follow by trigger
    Task.objects.filter(pk=last).update(internal_deadline=soon(-3))
    Task.objects.filter(pk=first).update(internal_deadline=None)
    assert listed(user)[0] == last
    expected = in_order(user)
    assert expected[-1] == first
    assert listed(user, (len(expected) + 49) // 50)[-1] == first


def test_a_sorted_or_narrowed_unit_list_is_read_as_before(world_of_tasks: World) -> None:
    user = world_of_tasks.head
    newest = listed(user, 1, sap_xep="moi")
    by_update = Task.objects.filter(pk__in=in_order(user)).order_by("-updated_at", "-id")
    assert newest == list(by_update.values_list("pk", flat=True)[:50])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's plans follow statistics")
def test_the_page_takes_its_ids_from_the_two_indexes(world_of_tasks: World) -> None:
    others = world_of_tasks.units["CNTT"]  # a register where TST's tasks are few, as on a site
    document = world_of_tasks.document(issued=soon(-30))
    Task.objects.bulk_create(
        Task(document=document, content=f"Việc khác {n}", state="in_progress", lead_unit=others)
        for n in range(3000)
    )
    with CaptureQueriesContext(connection) as queries:
        client_for(world_of_tasks.head).get(task_list_url(), {"trang": 2})
    [page] = [q["sql"] for q in queries.captured_queries if "AS capped" in q["sql"]]
    assert "LIMIT 50 OFFSET 50" in page  # the page is chosen among the ids, not the rows
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as on a site's database (docs/operations.md)
        cursor.execute(f"EXPLAIN QUERY PLAN {page}")
        plan = [row[-1] for row in cursor.fetchall()]
    # the page's fifty rows read by id; the coordinated ids in order from their index
    assert plan[0] == "SEARCH tasks_task USING INTEGER PRIMARY KEY (rowid=?)", plan
    assert any("COVERING INDEX coordination_due_idx" in step for step in plan), plan


def test_a_unit_of_several_units_walks_each_unit_in_its_own_order(world_of_tasks: World) -> None:
    """An index on (unit, due order) gives one unit's tasks in order, not several units':
    PostgreSQL walked every task in due order for a province of three units (ADR 0021)."""
    head = world_of_tasks.head
    assert head.unit_id is not None
    units = sorted(subtree_ids({head.unit_id}))  # TST and the team below it
    with CaptureQueriesContext(connection) as queries:
        client_for(head).get(task_list_url(), {"trang": 2})
    [page] = [q["sql"] for q in queries.captured_queries if "LIMIT 50 OFFSET 50" in q["sql"]]
    led = re.findall(r'"lead_unit_id" = (\d+) ORDER BY', page)
    linked = re.findall(r'"unit_id" = (\d+) ORDER BY', page)
    assert len(units) == 2, units
    assert sorted(map(int, led)) == sorted(map(int, linked)) == units, page


def test_a_unit_person_without_a_unit_sees_an_empty_list(world_of_tasks: World) -> None:
    lost = UserFactory.create(username="chua.co.don.vi", roles=[Role.UNIT_STAFF], unit=None)
    response = client_for(lost).get(task_list_url())
    assert response.status_code == 200 and listed(lost) == []
