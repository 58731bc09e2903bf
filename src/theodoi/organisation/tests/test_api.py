"""/api/v1/units/: the same tree, history and resolver readings as the unit pages."""

from datetime import date

import pytest
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.api.tests.conftest import api_client_for
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.models import Unit
from theodoi.organisation.resolver import build_resolver
from theodoi.organisation.selectors import TreeNode, unit_history, unit_tree

pytestmark = pytest.mark.django_db
UNITS = "/api/v1/units/"


def walk(nodes: list[TreeNode], depth: int = 0) -> list[tuple[str, str, int]]:
    rows = []
    for node in nodes:
        rows.append((node.unit.code, node.name, depth))
        rows.extend(walk(node.children, depth + 1))
    return rows


@pytest.fixture
def client(sample_units, make_user):
    return api_client_for(make_user(Role.UNIT_STAFF, unit="TST"))


@pytest.mark.parametrize("day", [date(2025, 6, 30), date(2025, 8, 1), date(2020, 6, 1)])
def test_the_tree_on_a_date_is_the_pages_tree(client, day: date) -> None:
    body = client.get(UNITS, {"date": day.isoformat()}).json()
    expected = walk(unit_tree(day))
    assert body["date"] == day.isoformat() and body["count"] == len(expected)
    assert [(u["code"], u["name"], u["depth"]) for u in body["results"]] == expected
    ids = {u["id"]: u for u in body["results"]}
    for row in body["results"]:  # a parent comes before its children, by id
        if row["parent"] is not None:
            parent = ids[row["parent"]]
            assert body["results"].index(parent) < body["results"].index(row)
            assert Unit.objects.get(pk=row["id"]).parent_id == parent["id"]
    provinces = [u for u in body["results"] if u["kind"] == "province"]
    assert provinces and all(u["groups"] == ["@PROVINCES"] for u in provinces)
    assert len(provinces) == group_members(Group.PROVINCES, day).count()


def test_the_tree_defaults_to_today_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(8):
        body = client.get(UNITS).json()
    assert body["date"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("given", ["30/06/2025", "2025-13-01", "1800-01-01", "0", "1751241600"])
def test_a_bad_date_is_refused_naming_the_field(client, given: str) -> None:
    response = client.get(UNITS, {"date": given})
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["date"] and "date" in body["message"]


def test_a_unit_with_its_past_names_and_successions(client) -> None:
    for code in ["HAIDUONG", "HAIPHONG", "PC"]:
        body = client.get(f"{UNITS}{code.lower()}/").json()
        unit = Unit.objects.get(code=code)
        history = unit_history(unit)
        assert body["code"] == code and body["name"] == unit.name
        assert [n["name"] for n in body["names"]] == [n.name for n in history.names]
        assert body["names"][-1]["valid_to"] == (
            unit.valid_to.isoformat() if unit.valid_to else None
        )
        assert [s["unit"]["code"] for s in body["successors"]] == [
            link.successor.code for link in history.successors
        ]
        assert [s["unit"]["code"] for s in body["predecessors"]] == [
            link.predecessor.code for link in history.predecessors
        ]
    assert client.get(f"{UNITS}HAIDUONG/").json()["successors"][0]["unit"]["code"] == "HAIPHONG"


def test_an_unknown_code_is_404(client) -> None:
    response = client.get(f"{UNITS}KHONGCO/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Vụ Pháp chế", "2020-06-01"),
        ("BHXH Hải Dương", "2025-08-01"),
        ("BHXH Hải Dương", "2025-06-01"),
        ("BHXH các tỉnh, thành phố", "2025-08-01"),
        ("Ban Không Có Thật", "2025-08-01"),
    ],
)
def test_the_resolver_reads_as_the_import_does(client, text: str, day: str) -> None:
    on = date.fromisoformat(day)
    found = build_resolver().resolve(text, on)
    body = client.get(f"{UNITS}resolve/", {"text": text, "date": day}).json()
    assert body["resolved"] == found.resolved and body["note"] == found.note
    assert body["certain"] == found.certain
    if found.unit is not None:
        assert body["unit"]["code"] == found.unit.code
        assert [u["code"] for u in body["units"]] == [found.unit.code]
    elif found.group is not None:
        assert body["group"]["token"] == found.group.value and body["unit"] is None
        members = group_members(found.group, on).order_by("code")
        assert [u["code"] for u in body["units"]] == [u.code for u in members]
    else:
        assert body["unit"] is None and body["units"] == [] and body["note"]


def test_the_resolver_needs_a_text(client) -> None:
    response = client.get(f"{UNITS}resolve/")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["text"]
