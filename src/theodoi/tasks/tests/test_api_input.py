"""A step's body with text the database cannot keep: refused naming the field, nothing taken."""

from typing import Any

import pytest

from theodoi.api.tests.conftest import api_client_for
from theodoi.core.errors import Code
from theodoi.tasks.models import Document, DocumentKind, State, Task, TaskEvent
from theodoi.tasks.tests.conftest import World
from theodoi.tasks.tests.test_api_steps import task_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"leader": "lanhdao\x00", "note": "Đề xuất"}, "leader"),
        ({"leader": "lanhdao", "note": "Đề xuất\x00"}, "note"),
    ],
)
def test_a_nul_in_a_body_is_refused_and_nothing_changes(
    body: dict[str, Any], field: str, world: World
) -> None:
    task = task_in(world, State.DRAFT)
    client = api_client_for(world.office)
    response = client.post(f"/api/v1/tasks/{task.pk}/propose/", {"version": task.version, **body})
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == Code.INVALID and "NUL" in answer["errors"][field]
    assert Task.objects.get(pk=task.pk).state == State.DRAFT
    assert not TaskEvent.objects.filter(task=task).exists()


@pytest.mark.parametrize("name", ["", "..", "dir/"])
def test_a_file_without_a_name_is_refused_in_json(name: str, world: World) -> None:
    task = task_in(world, State.IN_PROGRESS)
    client = api_client_for(world.head)
    body = {"version": task.version, "note": "Tiến độ", "progress": 30}
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress/",
        {**body, "files": [{"name": name, "content": "aGVsbG8="}]},
    )
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == Code.FILE_REFUSED and "tên tệp" in answer["errors"]["files"]
    assert not TaskEvent.objects.filter(task=task).exists()


def test_a_document_s_file_without_a_name_is_refused_in_json(world: World) -> None:
    client = api_client_for(world.office)
    response = client.post(
        "/api/v1/documents/",
        {
            "kind": DocumentKind.PLAN,
            "number": "12/KH-BHXH",
            "issued_on": "2026-01-05",
            "issuer": "BHXH Việt Nam",
            "summary": "Kế hoạch",
            "files": [{"name": "..", "content": "aGVsbG8="}],
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == Code.FILE_REFUSED
    assert not Document.objects.filter(number="12/KH-BHXH").exists()
