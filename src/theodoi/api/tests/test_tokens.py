"""A token's life: made and shown once, used, expired, revoked, refused for a locked account."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.api.models import ApiToken
from theodoi.api.tests.conftest import api_client_for
from theodoi.api.tokens import digest_of, token_create, token_revoke
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ValidationFailed

ME = "/api/v1/me/"


def test_a_token_acts_as_its_owner(make_user) -> None:
    person = make_user(Role.TRACKER, unit="VP", username="vanthu", full_name="Lê Thị Văn")
    client = api_client_for(person, name="Văn thư điện tử")
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json() == {
        "username": "vanthu",
        "full_name": "Lê Thị Văn",
        "unit": "VP",
        "roles": ["tracker"],
        "token": "Văn thư điện tử",
        "token_expires": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }


def test_each_token_is_read_with_its_owner_unit_and_roles_in_one_statement(make_user) -> None:
    """The read is compiled once per process (docs/adr/0027): each token still finds its own
    owner, and the owner's unit and roles come in the statement that finds the token."""
    people = [
        (make_user(Role.TRACKER, unit="VP", username="vanthu"), "VP", ["tracker"]),
        (make_user(Role.UNIT_HEAD, unit="CNTT", username="truongphong"), "CNTT", ["unit_head"]),
    ]
    clients = [(api_client_for(person), person, unit, roles) for person, unit, roles in people]
    for client, person, unit, roles in clients * 2:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(ME).json()
        assert (body["username"], body["unit"], body["roles"]) == (person.username, unit, roles)
        reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
        [token_read] = [sql for sql in reads if '"api_apitoken"' in sql]
        assert '"organisation_unit"' in token_read and "accounts_userrole" in token_read
        assert not [sql for sql in reads if 'FROM "accounts_user' in sql], reads


def test_only_the_digest_is_kept(make_user) -> None:
    person = make_user(Role.UNIT_STAFF)
    made = token_create(actor=person, user=person, name="Kịch bản")
    stored = ApiToken.objects.get()
    assert made.secret.startswith("td_") and len(made.secret) > 40
    assert made.secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert stored.digest == digest_of(made.secret) and stored.prefix == made.secret[:10]
    change = ChangeRecord.objects.get(action=ChangeKind.TOKEN_CREATE)
    assert made.secret not in json.dumps(change.after) and change.after["name"] == "Kịch bản"


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer td_notatoken", "Token td_x", "Basic dmFudGh1OnNhaQ=="],
)
def test_no_token_or_a_bad_one_is_401(header: str, make_user) -> None:
    headers = {"Authorization": header} if header else {}
    response = Client().get(ME, headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["code"] == "unauthenticated" and "Authorization: Bearer" in body["message"]


def test_an_expired_token_stops_after_its_last_day(make_user) -> None:
    person = make_user(Role.TRACKER)
    client = api_client_for(person, days=1)
    assert client.get(ME).status_code == 200
    ApiToken.objects.update(expires_on=timezone.localdate() - timedelta(days=1))
    assert client.get(ME).status_code == 401


def test_a_revoked_token_stops_and_is_kept(make_user) -> None:
    person = make_user(Role.TRACKER)
    admin = make_user(Role.ADMIN, username="quantri")
    client = api_client_for(person)
    token_revoke(actor=admin, token=ApiToken.objects.get())
    assert client.get(ME).status_code == 401
    kept = ApiToken.objects.get()
    assert kept.revoked_by == admin and kept.revoked_at is not None
    with pytest.raises(ValidationFailed) as again:
        token_revoke(actor=admin, token=kept)
    assert again.value.code == Code.WRONG_STATE
    revoked = ChangeRecord.objects.get(action=ChangeKind.TOKEN_REVOKE)
    assert revoked.actor == admin and revoked.after["revoked_at"]


def test_an_inactive_account_s_tokens_stop(make_user) -> None:
    person = make_user(Role.TRACKER)
    client = api_client_for(person)
    person.is_active = False
    person.save()
    assert client.get(ME).status_code == 401


def test_a_locked_out_account_s_tokens_stop_until_the_lock_ends(make_user) -> None:
    person = make_user(Role.TRACKER, username="bikhoa")
    client = api_client_for(person)
    browser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser.post(reverse("login"), {"username": "bikhoa", "password": "sai-mat-khau"})
    assert client.get(ME).status_code == 401
    call_command("axes_reset_username", "bikhoa")
    assert client.get(ME).status_code == 200


def test_names_days_and_owners_are_checked(make_user) -> None:
    person = make_user(Role.TRACKER)
    token_create(actor=person, user=person, name="Kịch bản")
    cases = [
        ({"name": "  "}, "name", Code.REQUIRED),
        ({"name": "Kịch  bản"}, "name", Code.DUPLICATE),  # the same name once spaces are folded
        ({"name": "Khác", "days": 0}, "days", Code.INVALID),
        ({"name": "Khác", "days": 367}, "days", Code.INVALID),
    ]
    for given, field, code in cases:
        with pytest.raises(ValidationFailed) as refused:
            token_create(actor=person, user=person, **given)  # type: ignore[arg-type]
        assert field in refused.value.errors and refused.value.code == code
    assert ApiToken.objects.count() == 1


def test_the_command_prints_the_token_once_as_json(make_user, capsys) -> None:
    make_user(Role.UNIT_STAFF, username="tinh.hanoi")
    call_command(
        "api_token", "create", "tinh.hanoi", "--name", "Phần mềm tỉnh", "--days", "10", "--json"
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed["expires"] == (timezone.localdate() + timedelta(days=10)).isoformat()
    token = ApiToken.objects.get()
    assert token.name == "Phần mềm tỉnh" and token.digest == digest_of(printed["token"])
    response = Client().get(ME, headers={"Authorization": f"Bearer {printed['token']}"})
    assert response.json()["username"] == "tinh.hanoi"


def test_the_command_names_a_missing_account(db) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có tài khoản «khongco»"):
        call_command("api_token", "create", "khongco", "--json")


def test_an_address_no_endpoint_serves_answers_in_json(make_user) -> None:
    client = api_client_for(make_user(Role.TRACKER))
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_token_over_its_rate_is_told_to_wait(make_user, settings) -> None:
    settings.THEODOI_API_PER_MINUTE = 3
    person = make_user(Role.TRACKER)
    client, other = api_client_for(person, name="Một"), api_client_for(person, name="Hai")
    assert [client.get(ME).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(ME)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert other.get(ME).status_code == 200  # each token counts on its own


def test_a_body_over_the_limit_is_refused_in_json(make_user, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = api_client_for(make_user(Role.TRACKER))
    response = client.post("/api/v1/documents/", {"summary": "x" * 2048})
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "too_large" and "lớn quá 1 KB" in body["message"]
