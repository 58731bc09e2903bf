"""The task page's reads, compiled once (ADR 0027, "Later"), give what the ORM gives for a
task with files, coordinating units, assignees, a history and an extension request, and
each event and request knows its task without asking for it."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.collation import person_key
from theodoi.organisation.models import Unit
from theodoi.tasks import services, steps
from theodoi.tasks.models import Attachment, Task
from theodoi.tasks.selectors import get_visible_task, task_page
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db


def by_name(user: User) -> tuple[object, ...]:
    return person_key(str(user))


def _worked_task(world: World) -> Task:
    units, today = world.units, timezone.localdate()
    task = services.task_create(
        actor=world.office,
        document=world.document(),
        content="Việc có hồ sơ",
        lead_units=[units["TST"]],
        files=[SimpleUploadedFile("giao.pdf", b"%PDF-1.4 a")],
    )
    task = steps.task_assign(
        actor=world.leader, task=task, expected_version=task.version, leads=[units["TST"]],
        coordinating=[units["CSXH"], units["CNTT"]], deadline=today + timedelta(days=30),
        instruction="Thực hiện",
    )  # fmt: skip
    task = steps.task_accept(
        actor=world.head, task=task, expected_version=task.version,
        assignees=[world.staff, world.head],
    )  # fmt: skip
    task = steps.task_progress(
        actor=world.staff, task=task, expected_version=task.version, note="Đã làm một phần",
        progress=40, files=[SimpleUploadedFile("tien-do.pdf", b"%PDF-1.4 b")],
    )  # fmt: skip
    steps.extension_request(
        actor=world.head, task=task, expected_version=task.version, reason="Cần thêm thời gian",
        proposed_deadline=today + timedelta(days=60),
    )  # fmt: skip
    return Task.objects.get(pk=task.pk)


def test_the_page_reads_what_the_orm_reads(world: World, settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    _worked_task(world)  # another task with the same kinds of rows: none of its may show
    orm = _worked_task(world)
    task = get_visible_task(world.head, orm.pk)
    assert task is not None
    page = task_page(world.head, task, timezone.localdate())
    assert page.pending_extension is not None
    with CaptureQueriesContext(connection) as queries:  # joined, or as the managers give them
        assert all(item.event.task is task for item in page.timeline)
        assert all(request.task is task for request in page.extensions)
        assert {item.event.actor for item in page.timeline} >= {world.office, world.staff}
        assert page.pending_extension.requested_by == world.head
    assert len(queries) == 0
    coordinating = Unit.objects.filter(pk__in=orm.coordinations.values("unit_id"))
    assert page.coordinating == list(coordinating.order_by("code")) and len(page.coordinating) == 2
    assert page.assignees == sorted(orm.assignees.all(), key=by_name)
    assert page.assignees == sorted([world.staff, world.head], key=by_name)
    history = list(orm.events.select_related("actor"))
    assert [item.event for item in page.timeline] == history and len(history) >= 4
    assert [item.event.actor for item in page.timeline] == [e.actor for e in history]
    files = Attachment.objects.filter(Q(task=orm) | Q(event__task=orm))
    shown = page.task_files + [f for item in page.timeline for f in item.files]
    assert sorted(f.pk for f in shown) == sorted(files.values_list("pk", flat=True))
    assert [f.name for f in page.task_files] == ["giao.pdf"]
    assert page.extensions == list(orm.extensions.all())
