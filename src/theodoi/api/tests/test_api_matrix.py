"""The permission matrix through the API: every role × every endpoint answers as the written
grid (`core/tests/test_access_matrix.EXPECTED`) says, and as the page doing the same does."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.api.tests.conftest import api_client_for
from theodoi.core.access import Action
from theodoi.core.tests.test_access_matrix import EXPECTED
from theodoi.tasks import services
from theodoi.tasks.models import Document
from theodoi.tasks.tests import conftest as task_world
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
world = task_world.world  # the tasks' small world, as a fixture here


@dataclass(frozen=True)
class Row:
    """One endpoint: how to call it, the action it needs, the page that needs the same."""

    method: str
    path: Callable[["Given"], str]
    action: Action
    ok: int = 200
    body: Callable[["Given"], dict[str, Any]] | None = None
    page: Callable[["Given"], str] | None = None  # a page GET answering 200 or 403 alike


@dataclass
class Given:
    world: World
    document: Document  # a task of TST, the unit of every person below
    person: User


def new_document(given: Given) -> dict[str, Any]:
    number = f"{Document.objects.count() + 1}/KH-API"
    return {
        "kind": "ke_hoach",
        "number": number,
        "issued_on": "2024-02-20",
        "issuer": "BHXH Việt Nam",
        "summary": "Kế hoạch",
    }


V1 = "/api/v1"
RANGE = "from=2026-01-01&to=2026-01-31"
ROWS: list[Row] = [
    Row(
        "get",
        lambda g: f"{V1}/units/",
        Action.VIEW_UNITS,
        page=lambda g: reverse("organisation:tree"),
    ),
    Row(
        "get",
        lambda g: f"{V1}/units/TST/",
        Action.VIEW_UNITS,
        page=lambda g: reverse("organisation:detail", args=[g.world.units["TST"].pk]),
    ),
    Row("get", lambda g: f"{V1}/units/resolve/?text=Văn phòng", Action.VIEW_UNITS),
    Row(
        "get",
        lambda g: f"{V1}/calendar/?{RANGE}",
        Action.VIEW_CALENDAR,
        page=lambda g: reverse("workcalendar:year", args=[2026]),
    ),
    Row("get", lambda g: f"{V1}/calendar/add/?date=2026-01-05&days=3", Action.VIEW_CALENDAR),
    Row("get", lambda g: f"{V1}/calendar/between/?{RANGE}", Action.VIEW_CALENDAR),
    Row("get", lambda g: f"{V1}/stats/", Action.VIEW_STATS, page=lambda g: reverse("tasks:stats")),
    Row(
        "get",
        lambda g: f"{V1}/documents/",
        Action.VIEW_TASKS,
        page=lambda g: reverse("tasks:documents"),
    ),
    Row(
        "get",
        lambda g: f"{V1}/documents/{g.document.pk}/",
        Action.VIEW_TASKS,
        page=lambda g: reverse("tasks:document", args=[g.document.pk]),
    ),
    Row(
        "post",
        lambda g: f"{V1}/documents/",
        Action.REGISTER_DOCUMENTS,
        ok=201,
        body=new_document,
        page=lambda g: reverse("tasks:document_create"),
    ),
    Row(
        "get",
        lambda g: f"{V1}/notifications/",
        Action.VIEW_NOTIFICATIONS,
        page=lambda g: reverse("notifications:list"),
    ),
    Row("post", lambda g: f"{V1}/notifications/read-all/", Action.VIEW_NOTIFICATIONS),
]


@pytest.mark.parametrize("role", Role.values)
def test_each_role_is_answered_as_the_grid_and_the_pages_say(world: World, role: str) -> None:
    person = UserFactory.create(username=f"api.{role}", roles=[role], unit=world.units["TST"])
    document = world.document(issued=date(2024, 1, 5))
    services.task_create(
        actor=world.office, document=document, content="Việc", lead_units=[world.units["TST"]]
    )
    given = Given(world, document, person)
    client = api_client_for(person)
    page_client = client_for(person)
    wrong = []
    for row in ROWS:
        path = row.path(given)
        if row.method == "get":
            answer = client.get(path).status_code
        else:
            answer = client.post(path, row.body(given) if row.body else {}).status_code
        allowed = role in EXPECTED[row.action]
        if answer != (row.ok if allowed else 403):
            wrong.append(f"{row.method.upper()} {path}: {answer}")
        if row.page is not None:
            shown = page_client.get(row.page(given)).status_code
            if (shown == 200) != (answer == row.ok):
                wrong.append(f"{row.method.upper()} {path}: {answer}, page {shown}")
    assert wrong == []
