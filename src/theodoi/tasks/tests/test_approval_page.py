"""The leader's approval page: approving is the primary action, the result sent is shown with
its files where it is decided on, and suspending or cancelling sit apart."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.tasks import steps
from theodoi.tasks.models import EventKind, Task
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.test_steps import in_progress

pytestmark = pytest.mark.django_db


def checked(world: World, settings, tmp_path) -> Task:
    """A task whose result, with a file, the Office forwarded to the leader."""
    settings.MEDIA_ROOT = tmp_path
    task = in_progress(world)
    task = steps.task_submit(
        actor=world.head,
        task=task,
        expected_version=task.version,
        result="Đã ban hành quy trình thu mới",
        files=[SimpleUploadedFile("ket-qua-ky-so.pdf", b"%PDF-1.4 ket qua")],
        at=at(date(2024, 3, 25)),
    )
    return steps.task_forward(
        actor=world.office, task=task, expected_version=task.version, at=at(date(2024, 3, 26))
    )


def buttons(html: str, nav_label: str) -> list[str]:
    """The words of the buttons of one group of the page, in order, primary marked with *."""
    group = re.search(rf'<nav class="[^"]+" aria-label="{nav_label}">(.*?)</nav>', html, re.S)
    assert group is not None, nav_label
    return [
        ("*" if "primary" in cls else "") + words.strip()
        for cls, words in re.findall(r'<a class="button([^"]*)"[^>]*>([^<]+)</a>', group[1])
    ]


def test_the_leader_approves_first_and_cancels_apart(world: World, settings, tmp_path) -> None:
    task = checked(world, settings, tmp_path)
    html = client_for(world.leader).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert buttons(html, "Thao tác") == ["*Phê duyệt kết quả", "Trả lại để hoàn thiện"]
    assert buttons(html, "Tạm dừng, hủy nhiệm vụ") == ["Tạm dừng", "Hủy nhiệm vụ"]


def test_the_office_forwards_first(world: World) -> None:
    task = in_progress(world)
    task = steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="Xong"
    )
    html = client_for(world.office).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert buttons(html, "Thao tác")[0] == "*Trình lãnh đạo duyệt"


def test_the_result_is_shown_with_its_file_where_it_is_decided(
    world: World, settings, tmp_path
) -> None:
    task = checked(world, settings, tmp_path)
    file = task.events.get(action=EventKind.SUBMIT).attachments.get()
    link = reverse("tasks:attachment", args=[file.pk])
    leader = client_for(world.leader)
    page = reverse("tasks:detail", args=[task.pk])
    for url in [
        page,
        reverse("tasks:act", args=[task.pk, "approve"]),
        reverse("tasks:act", args=[task.pk, "send_back"]),
    ]:
        html = leader.get(url).content.decode()
        section = re.search(r'<section class="submission".*?</section>', html, re.S)
        assert section is not None, url
        assert "Đã ban hành quy trình thu mới" in section[0]
        assert "Gửi ngày 25/03/2024 — tst.truongban" in section[0]
        assert f'href="{link}">ket-qua-ky-so.pdf</a>' in section[0]
        if url == page:  # the task page: the result comes before the buttons
            assert html.index('class="submission"') < html.index('aria-label="Thao tác"')


def test_a_task_under_way_shows_no_submission(world: World) -> None:
    task = in_progress(world)
    html = client_for(world.leader).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert 'class="submission"' not in html
