"""A deadline already past, typed into a form, is answered with a warning naming the date and
today, and goes through only with "Xác nhận thời hạn đã qua" ticked. The services (imports,
the demo) still take past deadlines as they are."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from theodoi.conftest import with_token
from theodoi.core.dates import format_date
from theodoi.tasks import services
from theodoi.tasks.models import State, Task
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.tasks.tests.test_event_tasks import waiting
from theodoi.tasks.tests.test_steps import draft

pytestmark = pytest.mark.django_db
BOX = 'type="checkbox" name="confirm_past_deadline"'


def days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


def warned(html: str, deadline: date) -> bool:
    """The page names the past deadline and today, and shows the confirmation box."""
    today = format_date(timezone.localdate())
    said = f"Thời hạn {format_date(deadline)} đã qua (hôm nay là {today})." in html
    return said and BOX in html and "Xác nhận thời hạn đã qua" in html


def test_creating_a_task_with_a_past_deadline_asks_for_a_confirmation(world: World) -> None:
    document = world.document()
    client = client_for(world.office)
    url = reverse("tasks:task_create", args=[document.pk])
    assert BOX not in client.get(url).content.decode()  # shown only when needed
    data = {"content": "Việc đã quá hạn", "leads": "TST", "deadline": format_date(days(-1))}
    response = client.post(url, with_token(client, data))
    assert warned(response.content.decode(), days(-1))
    assert not Task.objects.exists()
    response = client.post(url, with_token(client, data | {"confirm_past_deadline": "on"}))
    assert response.status_code == 302
    assert Task.objects.get().deadline == days(-1)


def test_a_deadline_of_today_or_later_needs_no_confirmation(world: World) -> None:
    document = world.document()
    client = client_for(world.office)
    url = reverse("tasks:task_create", args=[document.pk])
    for n in (0, 1):
        data = {"content": f"Việc {n}", "deadline": format_date(days(n))}
        assert client.post(url, with_token(client, data)).status_code == 302
    assert Task.objects.count() == 2


def test_editing_asks_only_when_the_deadline_is_changed_to_a_past_day(world: World) -> None:
    task = draft(world, deadline=days(-10))  # a service takes a past deadline as it is
    client = client_for(world.office)
    url = reverse("tasks:act", args=[task.pk, "edit"])
    data = {"version": task.version, "content": "Nội dung sửa", "leads": "TST"}
    data |= {"deadline": format_date(days(-10)), "reason": "Sửa lỗi chính tả"}
    assert client.post(url, with_token(client, data)).status_code == 302
    data |= {"version": task.version + 1, "deadline": format_date(days(-3))}
    response = client.post(url, with_token(client, data))
    assert warned(response.content.decode(), days(-3))
    assert Task.objects.get(pk=task.pk).deadline == days(-10)
    data["confirm_past_deadline"] = "on"
    assert client.post(url, with_token(client, data)).status_code == 302
    assert Task.objects.get(pk=task.pk).deadline == days(-3)


def test_assigning_with_a_past_deadline_asks_the_leader(world: World) -> None:
    task = draft(world, deadline=days(-2))  # already past in the draft: the leader is asked
    client = client_for(world.leader)
    url = reverse("tasks:act", args=[task.pk, "assign"])
    assert BOX not in client.get(url).content.decode()
    data = {"version": task.version, "leads": "TST", "deadline": format_date(days(-2))}
    response = client.post(url, with_token(client, data))
    assert warned(response.content.decode(), days(-2))
    assert Task.objects.get(pk=task.pk).state == State.DRAFT
    response = client.post(url, with_token(client, data | {"confirm_past_deadline": "1"}))
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).state == State.ASSIGNED


def test_recording_a_paper_assignment_with_a_past_deadline_asks_the_office(
    world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    task = draft(world)
    client = client_for(world.office)
    url = reverse("tasks:act", args=[task.pk, "record_assignment"])
    data = {
        "version": task.version,
        "leader": world.leader.pk,
        "decided_on": "08/01/2024",
        "leads": "TST",
        "deadline": format_date(days(-5)),
    }
    scan = SimpleUploadedFile("but-phe.pdf", b"%PDF-1.4 but phe")
    response = client.post(url, with_token(client, data | {"scan": scan}))
    assert warned(response.content.decode(), days(-5))
    assert Task.objects.get(pk=task.pk).state == State.DRAFT
    scan = SimpleUploadedFile("but-phe.pdf", b"%PDF-1.4 but phe")
    data |= {"scan": scan, "confirm_past_deadline": "on"}
    assert client.post(url, with_token(client, data)).status_code == 302
    assert Task.objects.get(pk=task.pk).deadline == days(-5)


def test_the_deadline_entered_for_an_event_asks_when_past(world: World) -> None:
    task = waiting(world, days=None)  # the text gives no number of days: a deadline is typed
    client = client_for(world.office)
    url = reverse("tasks:act", args=[task.pk, "record_event"])
    data = {"version": task.version, "happened_on": "01/03/2024", "deadline": "15/03/2024"}
    response = client.post(url, with_token(client, data))
    assert warned(response.content.decode(), date(2024, 3, 15))
    assert Task.objects.get(pk=task.pk).deadline is None
    data["confirm_past_deadline"] = "on"
    assert client.post(url, with_token(client, data)).status_code == 302
    assert Task.objects.get(pk=task.pk).deadline == date(2024, 3, 15)


def test_the_services_take_a_past_deadline_as_imports_and_the_demo_give_it(
    world: World,
) -> None:
    task = services.task_create(
        actor=world.office, document=world.document(), content="Việc cũ", deadline=days(-30)
    )
    assert task.deadline == days(-30)
