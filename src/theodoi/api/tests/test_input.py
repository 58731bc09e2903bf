"""What a careless or hostile client may send: each is a 400 (or 404) in JSON naming what is
wrong, on PostgreSQL as on SQLite."""

import pytest

from theodoi.accounts.models import Role
from theodoi.api.tests.conftest import api_client_for
from theodoi.core.errors import Code
from theodoi.tasks.models import Document

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


@pytest.mark.parametrize(
    ("content_type", "raw", "where"),
    [
        ("application/x-www-form-urlencoded", b"number=12&issuer=BHXH", "dòng 1, cột 1"),
        ("application/json", b'{"number": "12",}', "dòng 1, cột 17"),
        ("application/json", b'{"summary": "\xff"}', "byte thứ 14 không phải UTF-8"),
        ("application/json", b"[" * 100_000 + b"]" * 100_000, "lồng nhau quá sâu"),
        ("application/json", b'{"number": 1' + b"0" * 5000 + b"}", "số quá dài"),
    ],
)
def test_a_body_that_is_not_json_is_refused_in_vietnamese(
    content_type: str, raw: bytes, where: str, make_user
) -> None:
    client = api_client_for(make_user(Role.TRACKER, unit="VP"))
    response = client.client.post(
        "/api/v1/documents/", raw, content_type=content_type, headers=client._headers({})
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.INVALID
    assert "không phải JSON hợp lệ" in body["errors"]["__all__"] and where in body["message"]
    assert not Document.objects.exists()


def test_a_missing_body_is_named_as_such(make_user) -> None:
    client = api_client_for(make_user(Role.TRACKER, unit="VP"))
    response = client.client.post(
        "/api/v1/documents/", b"", content_type="application/json", headers=client._headers({})
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("Thiếu nội dung JSON của yêu cầu")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("delete", "/api/v1/me/", "GET"), ("get", "/api/v1/notifications/read-all/", "POST")],
)
def test_a_method_an_address_does_not_take_is_answered_in_json(
    method: str, path: str, allowed: str, make_user
) -> None:
    client = api_client_for(make_user(Role.TRACKER, unit="VP"))
    response = getattr(client.client, method)(path, headers=client._headers({}))
    assert response.status_code == 405 and response["Allow"] == allowed
    body = response.json()
    assert body["code"] == "method_not_allowed"
    assert body["message"] == (
        f"Địa chỉ này không nhận phương thức {method.upper()}: chỉ nhận {allowed}."
    )


def test_too_many_parameters_are_refused_in_json(make_user, settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    client = api_client_for(make_user(Role.TRACKER, unit="VP"))
    response = client.get("/api/v1/tasks/", {"state": ["draft"] * 1001})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.INVALID
    assert body["message"].startswith("Yêu cầu có quá nhiều tham số hoặc trường (tối đa 1.000)")
