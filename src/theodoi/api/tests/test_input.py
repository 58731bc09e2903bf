"""What a careless or hostile client may send: each is a 400 (or 404) in JSON naming what is
wrong, on PostgreSQL as on SQLite."""

import pytest

from theodoi.accounts.models import Role
from theodoi.api.tests.conftest import api_client_for
from theodoi.core.errors import Code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/tasks/", {"unit": "TST\x00"}, "unit"),
        ("/api/v1/tasks/", {"q": "thu\x00"}, "q"),
        ("/api/v1/reports/", {"unit": "\x00"}, "unit"),
        ("/api/v1/reports/", {"type": "\x00"}, "type"),
        ("/api/v1/stats/", {"unit": "VP\x00"}, "unit"),
        ("/api/v1/units/resolve/", {"text": "Ban Thu\x00"}, "text"),
    ],
)
def test_a_nul_in_a_query_is_refused_naming_it(
    path: str, params: dict[str, str], field: str, make_user
) -> None:
    client = api_client_for(make_user(Role.TRACKER, unit="VP"))
    response = client.get(path, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.INVALID
    assert "NUL" in body["errors"][field] and f"«{field}»" in body["message"]


def test_a_nul_in_a_path_names_nothing(make_user) -> None:
    client = api_client_for(make_user(Role.TRACKER, unit="VP"))
    response = client.get("/api/v1/units/TST\x00/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
