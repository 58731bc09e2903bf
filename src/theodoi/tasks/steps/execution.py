"""Work under way: the lead unit's progress and the coordinating units' input (Art. 9.2)."""

from datetime import datetime

from django.db import transaction

from theodoi.accounts.models import User
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.models import Unit
from theodoi.tasks import attachments, events, notices
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import EventKind, Task, TaskCoordination
from theodoi.tasks.steps.base import Files, begin_step, finish_step, required


@transaction.atomic
def task_progress(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    note: str,
    progress: int,
    files: Files = (),
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.PROGRESS, expected_version, at)
    note = required(note, "note", "Cần ghi nội dung cập nhật.")
    if not 0 <= progress <= 100:
        raise ValidationFailed({"progress": "Tiến độ phải từ 0 đến 100%."})
    attachments.check_files(files)
    task.progress = progress
    task.last_update_on = step.day
    return finish_step(step, events.progressed(progress=progress, note=note), files=files)


@transaction.atomic
def task_contribute(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    note: str,
    files: Files = (),
    at: datetime | None = None,
) -> Task:
    """A coordinating unit's input, given by one of its people for the unit."""
    step = begin_step(actor, task, Act.CONTRIBUTE, expected_version, at)
    note = required(note, "note", "Cần ghi nội dung ý kiến phối hợp.")
    attachments.check_files(files)
    if actor.unit_id is None:  # (the table lets only a coordinating unit's people contribute)
        raise ValidationFailed({"__all__": "Tài khoản chưa thuộc đơn vị nào."}, Code.NOT_PERMITTED)
    entry = events.contributed(unit_id=actor.unit_id, note=note)
    finish_step(step, entry, files=files)
    notices.tell(step, entry)
    return task


@transaction.atomic
def task_chase(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    unit: Unit,
    at: datetime | None = None,
) -> Task:
    """The lead unit (or the Office) chases one coordinating unit that has not sent its
    input: the unit's heads are told, the task's timeline records who chased whom."""
    step = begin_step(actor, task, Act.CHASE, expected_version, at)
    if not TaskCoordination.objects.filter(task=task, unit=unit).exists():
        raise ValidationFailed(
            {"unit": f"{unit} không phối hợp thực hiện nhiệm vụ này."}, Code.NOT_FOUND
        )
    inputs = task.events.filter(action=EventKind.CONTRIBUTE).values_list("data", flat=True)
    if any(events.contributing_unit_id(data or {}) == unit.pk for data in inputs):
        raise ValidationFailed(
            {"unit": f"{unit} đã gửi ý kiến phối hợp, không cần đôn đốc."}, Code.WRONG_STATE
        )
    entry = events.chased(unit=unit)
    finish_step(step, entry)
    notices.tell_unit(step, unit, notices.lead_words(task, "Đơn vị chủ trì"))
    return task
