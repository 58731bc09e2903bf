"""/api/v1/documents/: the register as each person's page shows it (registering a document:
`test_api_document_writes.py`)."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from theodoi.api.tests.conftest import api_client_for
from theodoi.conftest import Rows, copy_registry, undone_after_module
from theodoi.tasks import services
from theodoi.tasks.models import Attachment, Document, Origin
from theodoi.tasks.selectors import document_list
from theodoi.tasks.tests.conftest import World, client_for, make_world

pytestmark = pytest.mark.django_db
DOCS = "/api/v1/documents/"


@pytest.fixture(scope="module")
def registered(
    django_db_setup: None, django_db_blocker: Any, sample_registry: Rows
) -> Iterator[tuple[World, dict[str, Document]]]:
    """The world and its register, made once for the module (about 0.4 s of each test on
    PostgreSQL before), undone after its last test; each test's writes are undone after it."""
    with undone_after_module(django_db_blocker):
        world = make_world(copy_registry(sample_registry))
        yield world, three_documents(world)


@pytest.fixture
def world(registered: tuple[World, dict[str, Document]]) -> World:
    return registered[0]


@pytest.fixture
def register(registered: tuple[World, dict[str, Document]]) -> dict[str, Document]:
    return registered[1]


def three_documents(world: World) -> dict[str, Document]:
    """A: tasks led by TST and by CNTT, with a file; B: a task of CNTT only; C: no task."""
    a = world.document()
    b = world.document(origin=Origin.INTERNAL, issued=date(2024, 3, 1))
    c = world.document(origin=Origin.MINISTRY, issued=date(2024, 6, 1))
    Attachment.objects.create(name="qd.pdf", size=3, document=a, file="tep/qd.pdf")
    for document, lead, content in [
        (a, "TST", "Rà soát thủ tục"),
        (a, "CNTT", "Nâng cấp phần mềm"),
        (b, "CNTT", "Sao lưu dữ liệu"),
    ]:
        services.task_create(
            actor=world.office,
            document=document,
            content=content,
            lead_units=[world.units[lead]],
        )
    return {"A": a, "B": b, "C": c}


def ids(body: dict[str, Any]) -> list[int]:
    return [row["id"] for row in body["results"]]


@pytest.mark.parametrize("who", ["office", "staff", "other_head", "leader"])
def test_each_person_lists_what_their_page_lists(world: World, register, who: str) -> None:
    person = getattr(world, who)
    body = api_client_for(person).get(DOCS).json()
    expected = [(d.pk, vars(d)["task_count"]) for d in document_list(person)]
    assert [(row["id"], row["task_count"]) for row in body["results"]] == expected
    assert body["count"] == len(expected)


def test_a_units_staff_cannot_see_another_units_document(world: World, register) -> None:
    client = api_client_for(world.staff)  # TST
    hidden = register["B"]
    assert hidden.pk not in ids(client.get(DOCS).json())
    response = client.get(f"{DOCS}{hidden.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"{DOCS}{register['A'].pk}/").status_code == 200
    for not_an_id in ["abc", str(2**63), "0"]:
        refused = client.get(f"{DOCS}{not_an_id}/")
        assert refused.status_code == 400 and list(refused.json()["errors"]) == ["pk"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "qđ ttg"},
        {"q": "không có"},
        {"origin": "internal"},
        {"issued_from": "2024-02-01"},
        {"issued_from": "2024-02-01", "issued_to": "2024-05-31"},
        {"page": 2, "page_size": 2},
    ],
)
def test_filters_and_pages(world: World, register, params: dict[str, Any]) -> None:
    body = api_client_for(world.office).get(DOCS, params).json()
    documents = document_list(world.office, params.get("q", ""))
    if "origin" in params:
        documents = documents.filter(origin=params["origin"])
    if "issued_from" in params:
        documents = documents.filter(issued_on__gte=params["issued_from"])
    if "issued_to" in params:
        documents = documents.filter(issued_on__lte=params["issued_to"])
    size = params.get("page_size", 50)
    first = (params.get("page", 1) - 1) * size
    assert ids(body) == [d.pk for d in documents][first : first + size]
    assert body["count"] == documents.count()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"origin": "khac"}, "origin"),
        ({"issued_from": "01/02/2024"}, "issued_from"),
        ({"issued_to": "1850-01-01"}, "issued_to"),
    ],
)
def test_bad_filters_name_the_field(world: World, params: dict[str, str], field: str) -> None:
    response = api_client_for(world.office).get(DOCS, params)
    assert response.status_code == 400 and list(response.json()["errors"]) == [field]


def test_the_list_takes_a_fixed_number_of_queries(
    world: World, register, django_assert_max_num_queries
) -> None:
    client = api_client_for(world.staff)
    for n in range(8):
        services.task_create(
            actor=world.office,
            document=world.document(issued=date(2024, 7, n + 1)),
            content=f"Việc {n}",
            lead_units=[world.units["TST"]],
        )
    with django_assert_max_num_queries(7):
        body = client.get(DOCS).json()
    assert body["count"] == 9


def test_the_detail_has_the_pages_files_and_tasks(
    world: World, register, django_assert_max_num_queries
) -> None:
    document = register["A"]
    for who in [world.office, world.staff]:
        client = api_client_for(who)
        # the token and its owner (4), the unit's subtree, the document, its files, its tasks
        with django_assert_max_num_queries(8):
            body = client.get(f"{DOCS}{document.pk}/").json()
        page = client_for(who).get(reverse("tasks:document", args=[document.pk])).context
        assert [t["id"] for t in body["tasks"]] == [row.task.pk for row in page["rows"]]
        assert [t["state"] for t in body["tasks"]] == [row.task.state for row in page["rows"]]
        attached = page["files"]
        assert [(f["name"], f["size"]) for f in body["files"]] == [
            (f.name, f.size) for f in attached
        ]
        url = reverse("tasks:attachment", args=[attached[0].pk])
        assert body["files"][0]["url"] == f"http://testserver{url}"
    assert [t["content"] for t in body["tasks"]] == ["Rà soát thủ tục"]  # the staff of TST
    assert body["title"] == document.title and body["issued_on"] == "2024-01-05"
