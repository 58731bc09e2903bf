"""The API's task list answers, from plain values, exactly what pydantic `TaskItem`s of the
tasks answered (docs/adr/0016-api-list-as-values.md): the same bytes, in the declared
schema, without building a task, document or coordination object."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from django.db.models import Model, Prefetch
from django.db.models.signals import post_init
from django.utils import timezone
from ninja.renderers import JSONRenderer

from theodoi.api.schemas import Page
from theodoi.api.tests.conftest import api_client_for
from theodoi.tasks import selectors, services, steps
from theodoi.tasks.api_reads import item_of, list_filters
from theodoi.tasks.api_schemas import TaskItem, TaskListQuery
from theodoi.tasks.models import Document, Task, TaskCoordination
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db
LIST = "/api/v1/tasks/"


def soon(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def shapes(world: World) -> None:
    """Tasks of every shape an item shows: coordinated by two units (listed by code), by
    none, without a deadline, given to two units (no lead unit: the lead text), a draft."""
    document = world.document(issued=soon(-30))
    units = world.units
    for n, (leads, coordinating) in enumerate(
        [
            (["TST"], ["CSXH", "CNTT"]),
            (["TST"], []),
            (["TST", "CNTT"], ["CSXH"]),
            (["CSXH"], ["TST"]),
        ]
        * 3
    ):
        task = services.task_create(
            actor=world.office,
            document=document,
            content=f"Nhiệm vụ «{n}» & <các> đơn vị",
            code=f"NV-{n}",
            lead_units=[units["TST"]],
            deadline=soon(n * 7 + 1) if n % 4 != 1 else None,
        )
        if n % 5 == 4:
            continue  # left a draft
        steps.task_assign(
            actor=world.leader,
            task=task,
            expected_version=task.version,
            leads=[units[code] for code in leads],
            coordinating=[units[code] for code in coordinating],
            deadline=task.deadline,
            instruction="Thực hiện",
        )


def former_answer(world: World, params: dict[str, Any]) -> bytes:
    """The list as it was answered before ADR 0016: model instances with their coordinating
    units prefetched, each made a `TaskItem`, the page a `Page[TaskItem]`, written by ninja."""
    query = TaskListQuery(**params)
    today = timezone.localdate()
    tasks = selectors.search_tasks(world.office, list_filters(query, today), today).tasks
    units = TaskCoordination.objects.select_related("unit").order_by("unit__code")
    listed = selectors.list_queryset(tasks).prefetch_related(
        Prefetch("coordinations", queryset=units)
    )
    start = (query.page - 1) * query.page_size
    page = list(listed[start : start + query.page_size])
    items = [TaskItem(**item_of(t, [c.unit for c in t.coordinations.all()])) for t in page]  # type: ignore[arg-type]
    answer = Page[TaskItem](
        count=tasks.count(), page=query.page, page_size=query.page_size, results=items
    )
    return written(answer)


def written(answer: Page[TaskItem]) -> bytes:
    """As ninja writes a validated answer."""
    return JSONRenderer().render(None, answer.model_dump(), response_status=200).encode()  # type: ignore[arg-type]


QUERIES: list[dict[str, Any]] = [
    {},
    {"page_size": 5, "page": 2},
    {"page_size": 4, "page": 9},  # past the end: no item, every result counted
    {"unit": "CSXH"},
    {"unit": "TST", "role": "coord"},
    {"state": ["draft", "assigned"], "deadline_from": soon(10).isoformat()},
    {"q": "don vi"},
]


@pytest.mark.usefixtures("shapes")
def test_the_list_answers_the_bytes_task_items_answered(world: World) -> None:
    client = api_client_for(world.office)
    shown = client.get(LIST).json()["results"]
    assert any(i["lead"] is None and i["lead_text"] for i in shown)  # given to two units
    assert any(i["deadline"] is None for i in shown)
    assert ["CNTT", "CSXH"] in [[u["code"] for u in i["coordinating"]] for i in shown]
    for params in QUERIES:
        response = client.get(LIST, params)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.content == former_answer(world, params), params
        # in the declared schema (the OpenAPI document's): validated, it writes the same
        assert written(Page[TaskItem].model_validate_json(response.content)) == response.content


@contextmanager
def built(*models: type[Model]) -> Iterator[list[Model]]:
    made: list[Model] = []

    def note(sender: type[Model], instance: Model, **kwargs: Any) -> None:
        made.append(instance)

    for model in models:
        post_init.connect(note, sender=model, weak=False)
    try:
        yield made
    finally:
        for model in models:
            post_init.disconnect(note, sender=model)


@pytest.mark.usefixtures("shapes")
def test_the_list_reads_values_not_objects(world: World) -> None:
    client = api_client_for(world.office)
    client.get("/api/v1/me/")  # the token's first use is noted once
    with built(Task, Document, TaskCoordination) as made:
        body = client.get(LIST, {"page_size": 200}).json()
    assert body["count"] == Task.objects.count() == len(body["results"])
    assert sum(len(i["coordinating"]) for i in body["results"]) > 0
    assert made == []
