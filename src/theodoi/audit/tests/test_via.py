"""A change made through the API reads, wherever the person who acted is shown, with the name
of the token it went through: "Nguyễn Văn A · qua API (khóa «Văn thư điện tử»)"."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.audit.origin import acting_through
from theodoi.audit.tests.test_reading import log_text
from theodoi.tasks import steps
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.conftest import world as world  # the fixture
from theodoi.tasks.tests.test_steps import in_progress

pytestmark = pytest.mark.django_db
# `acting_through` is what the API's authentication does for the rest of a request
THROUGH = "qua API (khóa «Văn thư điện tử»)"


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_timeline_names_the_token_a_step_went_through(world: World) -> None:
    world.staff.full_name = "Nguyễn Văn A"
    world.staff.save()
    task = in_progress(world)
    with acting_through("api:Văn thư điện tử"):
        steps.task_progress(
            actor=world.staff,
            task=task,
            expected_version=task.version,
            note="Đã rà soát qua hệ thống văn thư",
            progress=40,
            at=at(date(2024, 2, 1)),
        )
    page = client_for(world.head).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    timeline = words(page[page.index('<ol class="timeline">') :])
    assert f"Nguyễn Văn A · {THROUGH}" in timeline
    assert timeline.count("qua API") == 1  # the steps taken on the pages say nothing more


def test_the_change_log_names_the_token_a_change_went_through(world: World, make_user) -> None:
    world.office.full_name = "Lê Thị Văn"
    world.office.save()
    with acting_through("api:Văn thư điện tử"):
        world.document()
    world.document()  # and one on the pages
    client = Client()
    client.force_login(make_user(Role.AUDITOR))
    _, text = log_text(client)
    assert text.count(f"Lê Thị Văn · {THROUGH}") == 1
    assert text.count("Vào sổ văn bản") == 2
