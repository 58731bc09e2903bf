"""A task the lead unit gives back (Art. 5.2.b, 5.3.b): the Office takes it to a leader, and a
unit that finds after accepting it that it is outside its remit asks for re-assignment. The
leader then re-assigns (`task_assign`, or the Office records a paper decision) or confirms
(`task_confirm`)."""

from datetime import datetime

from django.db import transaction

from theodoi.accounts.models import User
from theodoi.core.errors import ValidationFailed
from theodoi.organisation.models import Unit
from theodoi.tasks import events, notices
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import Task
from theodoi.tasks.steps.base import a_leader, begin_step, finish_step, required
from theodoi.tasks.unitlist import check_parts


@transaction.atomic
def task_refer(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    leader: User | None,
    note: str,
    at: datetime | None = None,
) -> Task:
    """The Office takes a returned task to `leader` with its own note. The task stays returned;
    `leader` becomes the task's leader (their "Việc của tôi" lists it) and is told."""
    step = begin_step(actor, task, Act.REFER, expected_version, at)
    leader = a_leader(leader, "Cần chọn lãnh đạo để trình.")
    note = required(note, "note", "Cần ghi nội dung trình lãnh đạo xem xét, điều chỉnh.")
    task.leader = leader
    entry = events.referred(leader=leader, note=note)
    finish_step(step, entry)
    notices.tell(step, entry)
    return task


@transaction.atomic
def task_request_reassignment(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    reason: str,
    unit: Unit | None = None,
    proposal: str = "",
    at: datetime | None = None,
) -> Task:
    """The lead unit's head, after accepting the task, finds it outside the unit's remit and
    asks for it to be given to another unit (`unit`, if proposed). It goes the way of a return:
    the task is returned, the Office and the leader are told; its people stay on it until the
    leader decides."""
    step = begin_step(actor, task, Act.REQUEST_REASSIGNMENT, expected_version, at)
    reason = required(reason, "reason", "Cần nêu rõ lý do đề nghị giao lại (Điều 5.3.b).")
    if unit is not None and unit.pk == task.lead_unit_id:
        raise ValidationFailed(
            {"unit": f"{unit} đang chủ trì nhiệm vụ: hãy đề xuất đơn vị khác hoặc để trống."}
        )
    if unit is not None:  # a unit in force that can lead a task
        check_parts([unit], [], step.day, lead_field="unit")
    entry = events.reassignment_requested(reason=reason, unit=unit, proposal=proposal.strip())
    finish_step(step, entry)
    notices.tell(step, entry)
    return task
