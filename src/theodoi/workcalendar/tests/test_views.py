"""The calendar pages: the year with its overrides; an administrator records an announcement."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.conftest import with_token
from theodoi.workcalendar.models import CalendarOverride
from theodoi.workcalendar.services import is_working_day


@pytest.fixture
def admin_client(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.ADMIN))
    return client


def test_admin_records_an_announcement_and_the_year_page_shows_it(admin_client) -> None:
    response = admin_client.post(
        reverse("workcalendar:override_create"),
        with_token(
            admin_client, {"day": "02/01/2026", "kind": "day_off", "document": "12729/VPCP-KGVX"}
        ),
    )
    assert response.status_code == 302
    assert not is_working_day(date(2026, 1, 2))
    html = admin_client.get(reverse("workcalendar:year", args=[2026])).content.decode()
    assert "02/01/2026 — Ngày nghỉ thêm (12729/VPCP-KGVX)" in html
    assert "17/02/2026 — Tết Nguyên Đán" in html


def test_an_override_that_changes_nothing_is_refused_on_the_form(admin_client) -> None:
    response = admin_client.post(
        reverse("workcalendar:override_create"),
        with_token(admin_client, {"day": "03/01/2026", "kind": "day_off", "document": "x"}),
    )
    assert response.status_code == 200
    assert "Ngày 03/01/2026 vốn đã là ngày nghỉ." in response.content.decode()
    assert not CalendarOverride.objects.exists()


def test_the_year_page_names_the_law_not_the_software_library(admin_client) -> None:
    html = admin_client.get(reverse("workcalendar:year", args=[2026])).content.decode()
    assert "Bộ luật Lao động (Điều 112)" in html
    assert "holidays" not in html
