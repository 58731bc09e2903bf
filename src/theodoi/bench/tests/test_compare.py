"""`python -m theodoi.bench --compare` compares like with like: each plain Django way finds
the same tasks as ours, each way of taking a database object away really takes it away (and
gives it back), and both ways of writing the job's rows write them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.bench import plain, rows
from theodoi.bench.generate import Volume, generate
from theodoi.bench.measure import Bench
from theodoi.monitoring.models import Reminder
from theodoi.notifications.models import Notification
from theodoi.tasks.checks import COPIES, EXPECTED, RESTORE, SEARCH, missing_objects
from theodoi.tasks.models import State, Task, TaskEvent
from theodoi.tasks.selectors import TaskFilters, search_tasks

pytestmark = pytest.mark.django_db(transaction=True)  # the generator commits


def _ids(user: User, filters: TaskFilters) -> list[int]:
    found = search_tasks(user, filters, timezone.localdate()).tasks
    return list(found.values_list("id", flat=True))


def _sql(user: User, filters: TaskFilters) -> str:
    return str(search_tasks(user, filters, timezone.localdate()).tasks.query)


def test_each_plain_way_is_the_same_question_and_really_plain() -> None:
    today = timezone.localdate()
    generate(Volume(tasks=400, users=300, today=today), password="bench-mat-khau-0001")
    office = User.objects.filter(username__startswith="bench.theodoi.").earliest("pk")
    heads = list(User.objects.filter(username__startswith="bench.truong.", unit__kind="province"))
    # in the list's order: the plain way has no relevance to sort by (search.py)
    searches = [TaskFilters(q=term, sort="han") for term in Bench.TERMS]
    narrowed = TaskFilters(
        states=[State.IN_PROGRESS, State.ASSIGNED],
        due_from=today - timedelta(days=400),
        due_to=today + timedelta(days=90),
    )
    cases = [(office, f) for f in searches] + [(h, narrowed) for h in heads]
    cases += [(h, TaskFilters()) for h in heads]
    ours = [_ids(u, f) for u, f in cases]
    assert sum(map(len, ours)) > 0
    pg = connection.vendor == "postgresql"
    marks = {  # what ours says in SQL that the plain way does not
        plain.with_like_search: (office, searches[0], "fts" if not pg else "search_vector"),
        plain.without_narrowing: (heads[0], narrowed, "task_state"),
        plain.with_plain_in: (heads[0], narrowed, "ANY(ARRAY(" if pg else None),
    }
    for way, (user, filters, mark) in marks.items():
        ours_sql = _sql(user, filters)
        with way():
            assert [_ids(u, f) for u, f in cases] == ours, way.__name__
            plain_sql = _sql(user, filters)
        if mark:
            assert mark in ours_sql and mark not in plain_sql, way.__name__
        else:  # on SQLite `__among` is `IN` already
            assert ours_sql == plain_sql
    assert any(plain.plain_match(f.q).hits for f in searches)

    expected = EXPECTED[connection.vendor]
    # PostgreSQL's index of the words and the units' lexemes is built on the words' column
    # (ADR 0038): it goes with them
    on_words = {o for o in expected if o.name == "task_search_units_idx"}
    for without, keeps, also in (
        (plain.without_copy_triggers, {COPIES, RESTORE}, set()),  # the trigger functions too
        (plain.without_text_index, {SEARCH}, on_words),
    ):
        with without():
            gone = {o for o, _why in missing_objects()}
        assert gone == {o for o in expected if o.keeps in keeps and o.kind != "table"} | also
    assert missing_objects() == []  # given back: each was rolled back

    written = rows.job_rows(50, 120)
    for way in (plain.rolled_back, rows.with_bulk_create):
        before = Task.objects.count(), TaskEvent.objects.count()
        told = Notification.objects.count()  # the demo's steps and reports told people
        with way():
            bulk = way is rows.with_bulk_create
            assert (rows.write_model is rows.bulk_create_model) is bulk
            rows.write_rows(written)
            assert (
                Reminder.objects.count(),
                Notification.objects.count() - told,
            ) == (50, 120)
            assert TaskEvent.objects.count() == before[1] + 50
        assert Reminder.objects.count() == 0 and Task.objects.count() == before[0]
