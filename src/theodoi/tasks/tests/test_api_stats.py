"""/api/v1/stats/: the JSON of `theodoi stats --json`, scoped as the statistics page."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from theodoi.api.tests.conftest import api_client_for
from theodoi.tasks.tests import test_stats
from theodoi.tasks.tests.test_stats import StoryWorld

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
history = test_stats.history  # the statistics tests' stories, as a fixture here


def command(*args: str) -> dict:
    out = StringIO()
    call_command("stats", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("params", "args"),
    [
        ({"as_of": "2024-05-01", "view": "unit"}, ["--as-of", "2024-05-01", "--view", "unit"]),
        ({"as_of": "2024-04-03"}, ["--as-of", "2024-04-03"]),
        ({"as_of": "2024-01-10", "unit": "csxh"}, ["--as-of", "2024-01-10", "--unit", "CSXH"]),
        ({}, []),
    ],
)
def test_the_same_json_as_the_command(history: StoryWorld, params: dict, args: list) -> None:
    response = api_client_for(history.leader).get(STATS, params)
    assert response.status_code == 200
    assert response.json() == command(*args)


def test_a_unit_head_reads_what_the_page_shows(history: StoryWorld) -> None:
    client = api_client_for(history.head)  # head of TST
    mine = client.get(STATS, {"as_of": "2024-01-10"}).json()
    assert mine == command("--as-of", "2024-01-10", "--unit", "TST")
    assert list(mine["by_unit"]) == ["TST"]
    page = Client()
    page.force_login(history.head)
    shown = page.get(reverse("tasks:stats"), {"ngay": "10/01/2024"}).context["result"]
    assert shown == mine
    refused = client.get(STATS, {"as_of": "2024-01-10", "unit": "CSXH"})
    assert refused.status_code == 403
    assert list(refused.json()["errors"]) == ["unit"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "31/02/2024"}, "as_of"),
        ({"as_of": "1800-01-01"}, "as_of"),
        ({"unit": "XYZ"}, "unit"),
        ({"view": "both"}, "view"),
    ],
)
def test_bad_options_are_refused_naming_the_field(history, params: dict, field: str) -> None:
    response = api_client_for(history.leader).get(STATS, params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field] and field in response.json()["message"]


def test_staff_without_the_statistics_are_refused(history: StoryWorld) -> None:
    assert api_client_for(history.staff).get(STATS).status_code == 403


def test_fixed_queries(history: StoryWorld, django_assert_max_num_queries) -> None:
    client = api_client_for(history.leader)
    with django_assert_max_num_queries(6):
        client.get(STATS, {"as_of": "2024-05-01"})
