"""The Office's list narrowed by states and a deadline window finds its page's ids first, then
reads fifty rows (docs/adr/0023-window-ids-first.md); it lists the same tasks, page by page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import User
from theodoi.tasks.links import task_list_url, task_url
from theodoi.tasks.models import NO_DEADLINE, State, Task
from theodoi.tasks.tests.conftest import World, client_for, soon

pytestmark = pytest.mark.django_db

STATES = [State.ASSIGNED, State.IN_PROGRESS]


def window_url(page: int) -> str:
    return task_list_url(states=STATES, due_from=soon(3), due_to=soon(50)) + f"&trang={page}"


def shown(user: User, url: str) -> list[int]:
    body = client_for(user).get(url).content.decode()
    prefix = re.escape(task_url(0)[:-2])
    return list(dict.fromkeys(int(pk) for pk in re.findall(f'href="{prefix}(\\d+)/"', body)))


def test_each_page_of_the_window_holds_the_next_tasks_in_order(world_of_tasks: World) -> None:
    tasks = Task.objects.filter(state__in=STATES, deadline__gte=soon(3), deadline__lte=soon(50))
    expected = [
        t.pk for t in sorted(tasks, key=lambda t: (t.internal_deadline or NO_DEADLINE, t.pk))
    ]
    assert len(expected) > 50
    office = world_of_tasks.office
    assert shown(office, window_url(1)) == expected[:50]
    assert shown(office, window_url(2)) == expected[50:100]
    with CaptureQueriesContext(connection) as queries:
        client_for(office).get(window_url(2))
    [page] = [q["sql"] for q in queries.captured_queries if "AS capped" in q["sql"]]
    assert re.search(r"IN \(SELECT .* LIMIT 50 OFFSET 50\)", page), page  # ids first
