"""A unit's search for common words, in the list's order: one statement finds the page's ids
and counts the matches, on PostgreSQL by intersecting the text index with the units' tasks
(docs/adr/0031-unit-search-index-and-units.md) instead of walking every task in the list's
order, on SQLite by asking the text index for the words and the units' own words
(docs/adr/0036-unit-words-in-the-text-index.md); on either database it lists the same tasks,
page by page, and a page past the end shows the last one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import User
from theodoi.tasks import search
from theodoi.tasks.links import task_list_url
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.tasks.tests.test_unit_list_page import in_order, listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def common_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Words "common" at this size: more matches than the cap, and a page of them at the
    head of the list, so that the list's order is walked (search.py)."""
    monkeypatch.setattr(search, "COUNT_CAP", 20)
    monkeypatch.setattr(search, "FRONT_HITS", 5)


def walked_matches(user: User, q: str) -> list[int]:
    """The tasks `user` sees that hold the words of `q`, in the list's order, worked out from
    the words' own condition; the words must be common enough to walk the list."""
    match = search.task_match(q)
    assert match is not None and match.walk
    matching = set(Task.objects.filter(match.condition).values_list("pk", flat=True))
    return [pk for pk in in_order(user) if pk in matching]


def shows_count(user: User, q: str, count: int) -> bool:
    body = client_for(user).get(task_list_url(q=q)).content.decode()
    return f"<strong>{count}</strong> nhiệm vụ" in body


@pytest.mark.parametrize("units_in_match", [True, False], ids=["units", "many-units"])
@pytest.mark.parametrize("who", ["head", "coord"])
def test_a_unit_search_lists_its_matching_tasks_in_order(
    world_of_tasks: World,
    common_words: None,
    who: str,
    units_in_match: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Also as for a person of more units than SQLite's match names (ADR 0036): the words
    alone are asked for there, and the units tested on each task found."""
    if not units_in_match:
        monkeypatch.setattr(search, "UNIT_WORDS_MAX", 0)
    user = getattr(world_of_tasks, who)
    # every eighth task of the list without the word: "Nhiệm vụ số n" becomes "Việc khác"
    Task.objects.filter(pk__in=in_order(user)[::8]).update(search_text="viec khac")
    expected = walked_matches(user, "so")
    assert 50 < len(expected) < len(in_order(user))
    assert listed(user, 1, q="so") == expected[:50]
    assert listed(user, 2, q="so") == expected[50:100]
    last = (len(expected) - 1) // 50 * 50
    assert listed(user, 99, q="so") == expected[last:]
    assert shows_count(user, "so", len(expected))


@pytest.mark.parametrize("who", ["head", "coord"])
def test_a_unit_search_for_a_quoted_phrase_keeps_only_the_words_side_by_side(
    world_of_tasks: World, common_words: None, who: str
) -> None:
    """The text index finds the tasks holding both words anywhere; on PostgreSQL each one the
    units also hold is read to check that they stand side by side (ADR 0031)."""
    user = getattr(world_of_tasks, who)
    # every fifth task of the list holds both words, apart and in the other order
    Task.objects.filter(pk__in=in_order(user)[::5]).update(search_text="vu so nhiem")
    expected = walked_matches(user, '"nhiem vu"')
    assert 0 < len(expected) < len(in_order(user))
    pages = range(1, -(-len(expected) // 50) + 1)
    with CaptureQueriesContext(connection) as queries:
        assert [pk for n in pages for pk in listed(user, n, q='"nhiem vu"')] == expected
    if connection.vendor == "postgresql":
        # the words through the index, their order tested once a task: not in the index's
        # recheck, which would compare each task with the units' ids again
        counted = next(q["sql"] for q in queries.captured_queries if "OVER ()" in q["sql"])
        indexed, tested = counted.split("ts_match_vq")
        assert "@@ (SELECT " in indexed and "<->" not in indexed and "<->" in tested
    assert shows_count(user, '"nhiem vu"', len(expected))


def test_each_database_finds_the_page_its_own_way(
    world_of_tasks: World, common_words: None
) -> None:
    with CaptureQueriesContext(connection) as queries:
        client_for(world_of_tasks.head).get(task_list_url(), {"q": "so", "trang": "2"})
    statements = [q["sql"] for q in queries.captured_queries]
    [counted] = [sql for sql in statements if "OVER ()" in sql]
    assert "LIMIT 50 OFFSET 50" in counted
    assert not [sql for sql in statements if "AS capped" in sql]  # no count of its own
    if connection.vendor == "postgresql":
        # the index of the words and the units' lexemes (their value hidden from the
        # planner's estimate), each task found then tested against the units (ADR 0038)
        unit = world_of_tasks.head.unit_id
        assert '("tasks_task"."search_vector" || "tasks_task"."unit_words") @@ (SELECT ' in counted
        assert f"'#u{unit}'" in counted and "ts_match_vq" not in counted
        assert "EXISTS" in counted and "ANY(ARRAY(SELECT" not in counted
        assert "UNION" not in counted
        assert not [sql for sql in statements if "AS head" in sql]  # no probe of the list
    else:
        # the index finds the tasks holding the words and one of the units' words, each then
        # tested against the units; the matches are read by the count of `task_match` and by
        # that statement, not by the statement reading the page's rows as well (ADR 0036)
        unit = world_of_tasks.head.unit_id
        assert f"unit_words : (u{unit}" in counted or f" OR u{unit}" in counted
        assert "EXISTS" in counted and "UNION" not in counted
        assert sum("MATCH" in sql for sql in statements) == 2


@pytest.mark.parametrize("who", ["head", "coord"])
def test_a_unit_search_for_rarer_words_tests_each_match_against_the_units_ids(
    world_of_tasks: World, who: str
) -> None:
    """Words the text index finds (not common enough to walk): each match is tested against
    the ids the person sees. On PostgreSQL the units' lead is tested on the row and the
    coordinated ids are read once into a hash ("hashed SubPlan"), not compared id by id as
    `= ANY(ARRAY(…))` is, nor joined with every id the units lead and coordinate, which
    the planner misjudged (ADR 0007, "Since" and "Later")."""
    user = getattr(world_of_tasks, who)
    match = search.task_match("so")
    assert match is not None and not match.walk
    matching = set(Task.objects.filter(match.condition).values_list("pk", flat=True))
    expected = {pk for pk in in_order(user) if pk in matching}
    assert expected and len(expected) < len(matching)  # other units' tasks match as well
    pages = range(1, len(expected) // 50 + 2)
    with CaptureQueriesContext(connection) as queries:
        shown = [pk for n in pages for pk in listed(user, n, q="so")]
    assert sorted(shown) == sorted(expected)
    if connection.vendor == "postgresql":
        statements = [q["sql"] for q in queries.captured_queries]
        [page, *_] = [sql for sql in statements if "@@" in sql and '"tasks_task"."code"' in sql]
        assert "UNION" not in page and "= ANY(ARRAY(" not in page, page
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {page}")
            plan = "\n".join(row for (row,) in cursor.fetchall())
        assert "hashed SubPlan" in plan, plan
