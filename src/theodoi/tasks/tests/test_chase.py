"""Coordination (Art. 9.2): each coordinating unit's input state on the task page, and the
lead unit chasing one coordinating unit that has not sent its input."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.conftest import with_token
from theodoi.core.errors import Code, ValidationFailed
from theodoi.notifications.models import Notification
from theodoi.tasks import steps
from theodoi.tasks.models import EventKind, Task, TaskCoordination
from theodoi.tasks.selectors.task_page import task_page
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.test_notices import head_of
from theodoi.tasks.tests.test_steps import in_progress

pytestmark = pytest.mark.django_db
DAY = at(date(2024, 2, 1))


def two_coordinators(world: World) -> Task:
    """A task under way that CSXH and CNTT coordinate; its internal deadline is 29/03/2024."""
    task = in_progress(world)
    TaskCoordination.objects.create(task=task, unit=world.units["CNTT"])
    return Task.objects.get(pk=task.pk)


def states(world: World, task: Task, today: date) -> dict[str, str]:
    page = task_page(world.office, Task.objects.get(pk=task.pk), today)
    return {i.unit.code: i.label for i in page.inputs}


def test_each_coordinating_units_input_is_none_sent_or_late(world: World) -> None:
    task = two_coordinators(world)
    before = date(2024, 2, 1)
    assert states(world, task, before) == {"CSXH": "Chưa gửi", "CNTT": "Chưa gửi"}
    steps.task_contribute(
        actor=world.coord, task=task, expected_version=task.version, note="Ý kiến", at=DAY
    )
    assert states(world, task, before) == {"CSXH": "Đã gửi ý kiến 01/02/2024", "CNTT": "Chưa gửi"}
    after = date(2024, 3, 30)  # past the internal deadline (29/03/2024)
    assert states(world, task, after) == {"CSXH": "Đã gửi ý kiến 01/02/2024", "CNTT": "Chậm gửi"}


def test_the_task_page_shows_the_states_and_a_chase_button_only_for_units_to_chase(
    world: World,
) -> None:
    task = two_coordinators(world)
    steps.task_contribute(
        actor=world.coord, task=task, expected_version=task.version, note="Ý kiến", at=DAY
    )
    page = client_for(world.head).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Đã gửi ý kiến 01/02/2024" in page and "Chậm gửi" in page  # today is past 2024
    assert page.count("Đôn đốc đơn vị phối hợp</button>") == 1
    assert f'aria-label="Đôn đốc {world.units["CNTT"]}"' in page
    coord_page = client_for(world.coord).get(reverse("tasks:detail", args=[task.pk]))
    assert "Đôn đốc đơn vị phối hợp</button>" not in coord_page.content.decode()


def test_chasing_tells_the_units_heads_and_is_on_the_timeline(world: World) -> None:
    task = two_coordinators(world)
    cntt_deputy = head_of(world, "CNTT", "cntt.photruongban")
    csxh_head = head_of(world, "CSXH", "csxh.truongban")
    Notification.objects.all().delete()
    client = client_for(world.staff)
    url = reverse("tasks:act", args=[task.pk, "chase"])
    data = {"version": task.version, "unit": world.units["CNTT"].pk}
    response = client.post(url, with_token(client, data))
    assert response.status_code == 302
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {world.other_head.username, cntt_deputy.username}  # not CSXH, not the actor
    assert csxh_head.username not in told
    note = Notification.objects.filter(user=world.other_head).get()
    assert note.title.startswith(f"{world.units['TST']} đôn đốc {world.units['CNTT']}")
    assert '1.1 "Rà soát quy trình thu BHXH"' in note.title and note.task_id == task.pk
    event = task.events.get(action=EventKind.CHASE)
    assert event.actor == world.staff and event.data == {"unit_id": world.units["CNTT"].pk}
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Đôn đốc đơn vị phối hợp</strong>" in page
    assert f"Đôn đốc {world.units['CNTT']} gửi ý kiến phối hợp." in page


def test_chasing_is_refused_for_a_unit_that_sent_and_for_people_outside_the_lead_unit(
    world: World,
) -> None:
    task = two_coordinators(world)
    task = steps.task_contribute(
        actor=world.coord, task=task, expected_version=task.version, note="Ý kiến", at=DAY
    )
    with pytest.raises(ValidationFailed) as refused:
        steps.task_chase(
            actor=world.head, task=task, expected_version=task.version, unit=world.units["CSXH"]
        )
    assert refused.value.code == Code.WRONG_STATE
    for person in (world.coord, world.other_head, world.leader):
        with pytest.raises(ValidationFailed) as refused:
            steps.task_chase(
                actor=person, task=task, expected_version=task.version, unit=world.units["CNTT"]
            )
        assert refused.value.code == Code.NOT_PERMITTED
    client = client_for(world.coord)
    url = reverse("tasks:act", args=[task.pk, "chase"])
    data = {"version": task.version, "unit": world.units["CNTT"].pk}
    assert client.post(url, with_token(client, data)).status_code == 403
    assert not task.events.filter(action=EventKind.CHASE).exists()
    assert not Notification.objects.filter(title__contains="đôn đốc").exists()


def test_the_office_may_chase_and_the_page_queries_do_not_grow(world: World) -> None:
    task = two_coordinators(world)
    client = client_for(world.office)
    url = reverse("tasks:detail", args=[task.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    task = steps.task_chase(
        actor=world.office, task=task, expected_version=task.version, unit=world.units["CNTT"]
    )
    task = steps.task_contribute(
        actor=world.coord, task=task, expected_version=task.version, note="Ý kiến"
    )
    TaskCoordination.objects.create(task=task, unit=world.units["VP"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_chase_form_offers_only_the_tasks_coordinating_units(world: World) -> None:
    task = two_coordinators(world)
    client = client_for(world.head)
    url = reverse("tasks:act", args=[task.pk, "chase"])
    form = client.get(url).content.decode()
    assert str(world.units["CNTT"]) in form and str(world.units["VP"]) not in form
    data = {"version": task.version, "unit": world.units["VP"].pk}
    response = client.post(url, with_token(client, data))
    assert "Đơn vị này không phối hợp thực hiện nhiệm vụ." in response.content.decode()
    assert not task.events.filter(action=EventKind.CHASE).exists()
