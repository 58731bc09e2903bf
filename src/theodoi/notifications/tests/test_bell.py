"""The bell in the top bar: its count, and the fragment the page asks for to refresh it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.backends import UserWithUnitBackend
from theodoi.accounts.models import Role
from theodoi.notifications.selectors import unread_count
from theodoi.notifications.services import Draft, mark_read, notify

pytestmark = pytest.mark.django_db
BELL = reverse("notifications:bell")


def _news(user, count: int, start: int = 0) -> None:
    notify([Draft(user.pk, f"tin:{n}", f"Thông báo số {n}") for n in range(start, start + count)])


def test_the_bell_counts_what_is_unread_and_stops_at_99_plus(
    make_user, django_assert_max_num_queries
) -> None:
    user = make_user(Role.TRACKER)
    client = Client()
    client.force_login(user)
    assert 'aria-label="Thông báo"' in client.get(BELL).content.decode()  # nothing unread
    _news(user, 3)
    with django_assert_max_num_queries(4):
        bell = client.get(BELL).content.decode()
    assert 'aria-label="Thông báo: 3 chưa đọc"' in bell
    assert '<span class="badge">3</span>' in bell
    _news(user, 97, start=3)
    assert '<span class="badge">99+</span>' in client.get(BELL).content.decode()
    mark_read(user)
    assert 'class="badge"' not in client.get(BELL).content.decode()


def test_the_bell_refreshes_itself_except_on_the_notifications_page(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.TRACKER))
    home = client.get(reverse("home")).content.decode()
    assert f'hx-get="{BELL}" hx-trigger="every 60s, focus from:window"' in home
    listing = client.get(reverse("notifications:list")).content.decode()
    assert f'hx-get="{BELL}"' not in listing
    assert 'id="bell" href="/thong-bao/" aria-current="page"' in listing


def test_the_bell_is_only_for_people_signed_in(make_user) -> None:
    response = Client().get(BELL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    nobody = Client()
    nobody.force_login(make_user())  # no role
    assert nobody.get(BELL).status_code == 403


def test_a_page_counts_the_bell_in_the_person_s_own_statement(make_user) -> None:
    # every page draws the bell: its count comes with the signed-in person's row
    # (docs/adr/0013, "The bell"), right at 3 and at "99+", and no statement of its own
    user = make_user(Role.TRACKER)
    client = Client()
    client.force_login(user)
    _news(user, 3)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert '<span class="badge">3</span>' in page
    alone = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(BELL_ALONE)]
    assert alone == []
    _news(user, 120, start=3)
    assert '<span class="badge">99+</span>' in client.get(reverse("home")).content.decode()


def test_marking_read_drops_the_count_read_with_the_person(make_user) -> None:
    user = make_user(Role.TRACKER)
    _news(user, 2)
    person = UserWithUnitBackend().get_user(user.pk)
    assert person is not None and unread_count(person) == 2
    mark_read(person)
    assert unread_count(person) == 0


BELL_ALONE = 'SELECT "notifications_notification"'
