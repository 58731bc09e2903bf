"""/api/v1/notifications/: one's own notifications as the bell lists them, and marking read."""

import pytest
from django.utils import timezone

from theodoi.api.tests.conftest import api_client_for
from theodoi.notifications.models import Notification
from theodoi.notifications.selectors import notifications_of
from theodoi.notifications.services import Draft, notify
from theodoi.tasks import services as task_services

pytestmark = pytest.mark.django_db
NOTES = "/api/v1/notifications/"


@pytest.fixture
def people(world):
    task = task_services.task_create(
        actor=world.office, document=world.document(), content="Báo cáo quý"
    )
    drafts = [
        Draft(world.staff.pk, f"tin:{n}", f"Thông báo số {n}", body="Nội dung") for n in range(5)
    ]
    drafts.append(
        Draft(world.staff.pk, "viec", "Có việc mới", url=f"/nhiem-vu/{task.pk}/", task_id=task.pk)
    )
    drafts.append(Draft(world.coord.pk, "khac", "Của người khác"))
    notify(drafts)
    Notification.objects.filter(user=world.staff, key="tin:0").update(read_at=timezone.now())
    return world


def test_the_list_is_the_bells_with_the_task_id(people, django_assert_max_num_queries) -> None:
    client = api_client_for(people.staff)
    with django_assert_max_num_queries(6):
        body = client.get(NOTES).json()
    expected = list(notifications_of(people.staff))
    assert body["count"] == len(expected) == 6
    assert [n["id"] for n in body["results"]] == [n.pk for n in expected]
    assert "Của người khác" not in {n["title"] for n in body["results"]}
    by_key = {n.key: n.pk for n in Notification.objects.filter(user=people.staff)}
    rows = {n["id"]: n for n in body["results"]}
    about_task = rows[by_key["viec"]]
    assert about_task["task"] == Notification.objects.get(key="viec").task_id is not None
    assert rows[by_key["tin:1"]]["task"] is None and rows[by_key["tin:1"]]["body"] == "Nội dung"
    assert rows[by_key["tin:0"]]["read"] and not rows[by_key["tin:1"]]["read"]
    assert about_task["created_at"].endswith("+07:00")


def test_unread_only_and_pages(people) -> None:
    client = api_client_for(people.staff)
    unread = client.get(NOTES, {"unread": "true"}).json()
    assert unread["count"] == 5 and all(not n["read"] for n in unread["results"])
    second = client.get(NOTES, {"page": 2, "page_size": 4}).json()
    ids = [n.pk for n in notifications_of(people.staff)]
    assert [n["id"] for n in second["results"]] == ids[4:] and second["count"] == 6
    bad = client.get(NOTES, {"page_size": 500})
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["page_size"]


def test_marking_one_read_is_only_for_ones_own(people) -> None:
    client = api_client_for(people.staff)
    mine = Notification.objects.get(user=people.staff, key="tin:2")
    theirs = Notification.objects.get(user=people.coord)
    assert client.post(f"{NOTES}{mine.pk}/read/").json() == {"marked": 1}
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(f"{NOTES}{mine.pk}/read/").json() == {"marked": 0}
    not_an_id = client.post(f"{NOTES}ba/read/")
    assert not_an_id.status_code == 400 and list(not_an_id.json()["errors"]) == ["pk"]
    refused = client.post(f"{NOTES}{theirs.pk}/read/")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_marks_only_ones_own(people) -> None:
    client = api_client_for(people.staff)
    assert client.post(f"{NOTES}read-all/").json() == {"marked": 5}
    assert not notifications_of(people.staff).filter(read_at__isnull=True).exists()
    assert notifications_of(people.coord).get().read_at is None
    assert client.get(NOTES, {"unread": "true"}).json()["count"] == 0


def test_someone_without_a_role_is_refused(make_user) -> None:
    client = api_client_for(make_user())
    assert client.get(NOTES).status_code == 403
    assert client.post(f"{NOTES}read-all/").status_code == 403
