"""Signing in and out, password rules, lock-out, sessions, production settings."""

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.backends import UserWithUnitBackend
from theodoi.accounts.models import Role, UserRole
from theodoi.accounts.services import user_create, user_update
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.sessions import KEY, RENEW_AFTER


def test_login_and_logout(make_user) -> None:
    user = make_user(Role.UNIT_STAFF, username="cntt.cv1")  # no second factor
    client = Client()
    response = client.post(
        reverse("login"), {"username": "cntt.cv1", "password": TEST_PASSWORD}, follow=True
    )
    assert response.context["user"] == user
    assert "Xin chào" in response.content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_is_told_in_vietnamese(make_user) -> None:
    make_user(Role.TRACKER, username="vanphong2")
    response = Client().post(reverse("login"), {"username": "vanphong2", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_lockout_after_repeated_failures(make_user) -> None:
    make_user(Role.TRACKER, username="bikhoa")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "bikhoa", "password": "sai-mat-khau"})
    # now even the right password is refused
    response = client.post(reverse("login"), {"username": "bikhoa", "password": TEST_PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "tạm khóa trong 15 phút" in page and "0:15:00" not in page  # a duration in words
    # another account from the same address is not locked
    make_user(Role.TRACKER, username="khongkhoa")
    ok = client.post(reverse("login"), {"username": "khongkhoa", "password": TEST_PASSWORD})
    assert ok.status_code == 302


def _stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _set_expiry(client: Client, when: datetime) -> None:
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=when)


def test_activity_renews_the_session_at_most_once_a_minute(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.TRACKER))
    assert client.get(reverse("home")).status_code == 200
    soon = timezone.now() + timedelta(minutes=5)
    _set_expiry(client, soon)
    # renewed a moment ago: a page does not write the session again
    assert client.get(reverse("home")).status_code == 200
    assert _stored_session(client).expire_date == soon
    # the last renewal is older than a minute: the next page pushes the end a full age away
    session = client.session
    session[KEY] = int(time.time()) - RENEW_AFTER
    session.save()
    _set_expiry(client, soon)
    assert client.get(reverse("home")).status_code == 200
    renewed = _stored_session(client).expire_date
    assert renewed >= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_the_bell_asking_by_itself_does_not_keep_an_idle_session_alive(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.TRACKER))
    session = client.session
    session[KEY] = int(time.time()) - RENEW_AFTER
    session.save()
    soon = timezone.now() + timedelta(minutes=5)
    _set_expiry(client, soon)
    assert client.get(reverse("notifications:bell")).status_code == 200
    assert _stored_session(client).expire_date == soon  # the tab left open still signs out
    assert client.get(reverse("home")).status_code == 200  # a page the person opens does renew
    assert _stored_session(client).expire_date > soon


def test_an_htmx_request_after_the_session_ended_opens_the_sign_in_page(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.TRACKER))
    _set_expiry(client, timezone.now() - timedelta(seconds=1))
    response = client.get(
        reverse("tasks:list"),
        {"q": "bao cao"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/nhiem-vu/?q=bao+cao"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login") + "?next=/nhiem-vu/%3Fq%3Dbao%2Bcao"
    assert not response.content  # no sign-in form put inside the page


def test_idle_session_ends(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.TRACKER))
    assert client.get(reverse("home")).status_code == 200
    _set_expiry(client, timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("password", "message"),
    [("ngan", "quá ngắn"), ("1234567890123", "hoàn toàn là số"), ("password123", "quá phổ biến")],
)
def test_password_rules(sample_units, password: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        user_create(
            actor=None,
            username="moi",
            password=password,
            roles=[Role.UNIT_STAFF],
            unit=sample_units["VP"],
        )
    assert message in excinfo.value.errors["password"]


@pytest.mark.parametrize(
    ("password", "named"),
    [
        ("Nguyễn-Thị-Lan@2026", "họ và tên của bạn («Nguyễn Thị Lan»)"),
        ("nguyenthilan2026!", "họ và tên của bạn («Nguyễn Thị Lan»)"),
        ("Kho-NGUYEN THI LAN-9", "họ và tên của bạn («Nguyễn Thị Lan»)"),
        ("Mat-khau-Lan.NT-2026", "tên đăng nhập của bạn («lan.nt»)"),
    ],
)
def test_a_password_holding_the_persons_name_is_refused(
    sample_units, password: str, named: str
) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        user_create(
            actor=None,
            username="lan.nt",
            password=password,
            roles=[Role.LEADER],
            full_name="Nguyễn Thị Lan",
            unit=sample_units["LD"],
        )
    assert f"Mật khẩu không được chứa {named}" in excinfo.value.errors["password"]


def test_a_password_with_other_words_is_accepted(sample_units) -> None:
    user = user_create(
        actor=None,
        username="lan.nt",
        password="Bao-hiem-xa-hoi-2026",
        roles=[Role.LEADER],
        full_name="Nguyễn Thị Lan",
        unit=sample_units["LD"],
    )
    assert user.check_password("Bao-hiem-xa-hoi-2026")


def test_user_changes_are_recorded_and_stale_edits_refused(make_user, admin_user) -> None:
    staff = make_user(Role.UNIT_STAFF, unit="CNTT")
    fields = {
        "full_name": staff.full_name,
        "position": "Trưởng phòng",
        "email": "",
        "unit": staff.unit,
        "is_active": True,
    }
    user_update(
        actor=admin_user,
        user=staff,
        expected_version=1,
        roles=[Role.UNIT_HEAD],
        reason="Bổ nhiệm",
        **fields,
    )
    record = ChangeRecord.objects.get(object_type="accounts.user", action=ChangeKind.UPDATE)
    assert record.before["roles"] == ["unit_staff"] and record.after["roles"] == ["unit_head"]
    assert record.reason == "Bổ nhiệm"
    with pytest.raises(ConflictError):
        user_update(actor=admin_user, user=staff, expected_version=1, roles=[], **fields)


def _run_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=clean | {"DJANGO_SETTINGS_MODULE": "theodoi.settings"} | env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.sqlite_process
def test_production_refuses_to_start_without_secrets() -> None:
    result = _run_settings({"THEODOI_ENV": "production"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.sqlite_process
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("THEODOI_SMTP_CONNECTIONS", "bốn"),
        ("THEODOI_SMTP_CONNECTIONS", "0"),
        ("EMAIL_PORT", "70000"),
    ],
)
def test_a_number_setting_that_is_not_one_stops_the_site_naming_it(name: str, value: str) -> None:
    result = _run_settings({name: value})
    assert result.returncode != 0
    assert f"{name} phải là số nguyên từ" in result.stderr
    assert f"«{value}»" in result.stderr


@pytest.mark.sqlite_process
def test_demo_users_need_a_password_in_production(migrated_database_url: str) -> None:
    env = {
        "THEODOI_ENV": "production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "x.vn",
        "DATABASE_URL": migrated_database_url,  # a migrated copy: a `migrate` here took 10 s
    }
    clean = {k: v for k, v in os.environ.items() if k != "THEODOI_DEMO_PASSWORD"}
    base = [sys.executable, "-m", "theodoi.manage"]
    result = subprocess.run(
        [*base, "load_demo"], env=clean | env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "THEODOI_DEMO_PASSWORD" in result.stderr


def test_admin_resets_a_password_under_the_same_rules(make_user) -> None:
    staff = make_user(Role.UNIT_STAFF)
    client = Client()
    client.force_login(make_user(Role.ADMIN))
    url = reverse("accounts:password", args=[staff.pk])
    refused = client.post(url, {"password": "ngan"})
    assert "Mật khẩu quá ngắn" in refused.content.decode()
    assert client.post(url, {"password": "Mot-mat-khau-dai-2026"}).status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("Mot-mat-khau-dai-2026")
    assert ChangeRecord.objects.filter(
        object_id=str(staff.pk), action=ChangeKind.SET_PASSWORD
    ).exists()


def test_a_page_reads_the_signed_in_person_with_their_unit(make_user) -> None:
    # every page shows the person's unit by their name: read with the person, not again
    # (docs/adr/0011-user-with-unit.md)
    user = make_user(Role.UNIT_STAFF, username="cntt.cv2", unit="CNTT")
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("notifications:list")).content.decode()
    assert str(user.unit) in html
    units_read = [
        q["sql"] for q in queries.captured_queries if 'FROM "organisation_unit"' in q["sql"]
    ]
    assert units_read == []
    assert "organisation_unit" in queries.captured_queries[1]["sql"]  # the person's own query


def test_a_page_reads_the_signed_in_person_s_roles_with_the_person(make_user) -> None:
    # every page asks the person's roles: read in the person's own query, not after it
    # (docs/adr/0013-list-page-reads.md); a role taken away counts at the next page
    user = make_user(Role.UNIT_HEAD, username="cntt.tp2", unit="CNTT")
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("tasks:list")).status_code == 200
    alone = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(ROLES_ALONE)]
    assert alone == []
    UserRole.objects.filter(user=user).delete()
    assert client.get(reverse("tasks:list")).status_code == 403


def test_the_person_read_for_a_page_holds_every_role_granted_and_only_theirs(
    make_user,
) -> None:
    # the roles come from the subquery in the person's own query: each of several roles,
    # none of another person's, none for an account switched off
    user = make_user(Role.UNIT_HEAD, username="cntt.tp3", unit="CNTT")
    UserRole.objects.create(user=user, role=Role.INSPECTOR)
    make_user(Role.ADMIN, username="quantri2")
    bare = make_user(Role.UNIT_STAFF, username="cntt.cv3", unit="CNTT")
    UserRole.objects.filter(user=bare).delete()
    backend = UserWithUnitBackend()
    assert backend.get_user(user.pk).roles == {Role.UNIT_HEAD, Role.INSPECTOR}
    assert backend.get_user(bare.pk).roles == frozenset()
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert backend.get_user(user.pk) is None


ROLES_ALONE = 'SELECT "accounts_userrole"'
