"""Proposal and assignment (Art. 5.1-5.3): the Office proposes, a leader assigns, the lead
unit accepts and distributes or returns, the leader re-assigns or confirms."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from theodoi.accounts.models import User
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.models import Unit
from theodoi.tasks import attachments, events, notices
from theodoi.tasks.cycle import Act
from theodoi.tasks.facts import sync_fact
from theodoi.tasks.models import EventKind, State, Task
from theodoi.tasks.steps.base import (
    Files,
    Step,
    a_leader,
    begin_step,
    check_deadline,
    finish_step,
    required,
    search_text_of,
    set_coordination,
    set_deadline,
)
from theodoi.tasks.unitlist import check_parts


@transaction.atomic
def task_propose(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    leader: User | None,
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.PROPOSE, expected_version, at)
    if leader is None:
        raise ValidationFailed({"leader": "Cần chọn lãnh đạo để trình phân công."}, Code.REQUIRED)
    task.leader = leader
    return finish_step(step, events.proposed(leader=leader, note=note))


@transaction.atomic
def task_assign(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    leads: Sequence[Unit],
    coordinating: Sequence[Unit] = (),
    deadline: date | None,
    instruction: str = "",
    lead_text: str = "",
    at: datetime | None = None,
) -> Task:
    """A leader assigns lead (one unit, or several: one task each), coordinating units, deadline
    and instruction; the internal deadline is 1 working day before the deadline (Art. 6.1)."""
    step = begin_step(actor, task, Act.ASSIGN, expected_version, at)
    assignment = Assignment(leads, coordinating, deadline, instruction.strip(), lead_text)
    instruction = assignment.instruction
    entry = events.assigned(
        leads=leads, coordinating=coordinating, deadline=deadline, instruction=instruction
    )
    return assign(step, assignment, actor, step.day, entry)


@dataclass(frozen=True)
class Assignment:
    """What a leader's assignment gives, as the assignment form takes it."""

    leads: Sequence[Unit]
    coordinating: Sequence[Unit]
    deadline: date | None
    instruction: str
    lead_text: str = ""


def assign(
    step: Step,
    assignment: Assignment,
    leader: User,
    assigned_on: date,
    entry: events.Entry,
    files: Files = (),
) -> Task:
    """The effect of an assignment by `leader` on `assigned_on`, whoever records it: the lead
    (several units: one task each), coordination, deadlines, the event and the notices."""
    task = step.task
    leads = assignment.leads
    if not leads:
        raise ValidationFailed({"leads": "Cần chọn đơn vị chủ trì."}, Code.REQUIRED)
    check_parts(leads, assignment.coordinating, step.day)
    check_deadline(task.document, assignment.deadline)
    if [u.pk for u in leads] != [task.lead_unit_id]:
        # a task that was under way, given to another unit: its people and figure stay behind
        task.assignees.clear()
        task.progress = 0
    task.leader = leader
    task.instruction = assignment.instruction
    task.assigned_on = assigned_on
    set_deadline(task, assignment.deadline)
    task.original_deadline = assignment.deadline
    task.original_internal_deadline = task.internal_deadline
    if len(leads) == 1:
        task.lead_unit = leads[0]
        set_coordination(task, assignment.coordinating)
        finish_step(step, entry, files=files)
        notices.tell(step, entry)
        return task
    task.lead_unit = None
    task.fanned_out = True
    lead_text = assignment.lead_text.strip()
    task.lead_text = lead_text or task.lead_text or ", ".join(u.code for u in leads)
    finish_step(step, entry, files=files, state=State.FANNED_OUT)
    children = [fan_out_child(task, unit, assignment.coordinating, step) for unit in leads]
    notices.tell(step, entry, children)
    return task


def fan_out_child(parent: Task, unit: Unit, coordinating: Sequence[Unit], step: Step) -> Task:
    """The unit's own task, made from a task assigned to several units."""
    child = unsaved_child(parent, unit, step.moment)
    child.save()
    set_coordination(child, coordinating)
    events.record(child, step.actor, step.moment, events.fanned_out(parent=parent))
    sync_fact(child, step.day)
    return child


def unsaved_child(parent: Task, unit: Unit, moment: datetime) -> Task:
    """The unit's own task of a task assigned to several units, not yet saved (for
    `bulk_create` when many are made at once), with its search text."""
    child = Task(
        document=parent.document,
        parent=parent,
        item=parent.item,
        code=parent.code,
        content=parent.content,
        product=parent.product,
        lead_unit=unit,
        deadline=parent.deadline,
        original_deadline=parent.original_deadline,
        internal_deadline=parent.internal_deadline,
        original_internal_deadline=parent.original_internal_deadline,
        update_period=parent.update_period,
        event_schedule=parent.event_schedule,
        must_submit=parent.must_submit,
        must_report=parent.must_report,
        leader=parent.leader,
        instruction=parent.instruction,
        assigned_on=parent.assigned_on,
        state=State.ASSIGNED,
        created_at=moment,
        updated_at=moment,
    )
    child.search_text = search_text_of(child)
    return child


@transaction.atomic
def task_record_assignment(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    leader: User | None,
    decided_on: date | None,
    leads: Sequence[Unit],
    coordinating: Sequence[Unit] = (),
    deadline: date | None,
    instruction: str = "",
    lead_text: str = "",
    scan: Files = (),
    at: datetime | None = None,
) -> Task:
    """The Office records an assignment `leader` gave on paper on `decided_on` (Art. 5.2.a),
    with the scan of the handwritten instruction: the effect is the leader's assignment; the
    timeline names both the Office person who recorded it and the leader who decided."""
    step = begin_step(actor, task, Act.RECORD_ASSIGNMENT, expected_version, at)
    leader = a_leader(leader, "Cần chọn lãnh đạo đã phân công.")
    decided_on = _decision_day(task, decided_on, step.day)
    if not scan:
        raise ValidationFailed(
            {"scan": "Cần đính kèm bản chụp ý kiến chỉ đạo (bút phê) của lãnh đạo."},
            Code.REQUIRED,
        )
    attachments.check_files(scan, "scan")
    assignment = Assignment(leads, coordinating, deadline, instruction.strip(), lead_text)
    entry = events.assignment_recorded(
        leader=leader,
        decided_on=decided_on,
        leads=leads,
        coordinating=coordinating,
        deadline=deadline,
        instruction=assignment.instruction,
    )
    return assign(step, assignment, leader, decided_on, entry, scan)


def _decision_day(task: Task, decided_on: date | None, today: date) -> date:
    """The date of the leader's decision: given, not in the future, not before the document."""
    if decided_on is None:
        raise ValidationFailed(
            {"decided_on": "Cần nhập ngày lãnh đạo phân công (dd/mm/yyyy)."}, Code.REQUIRED
        )
    if decided_on > today:
        raise ValidationFailed(
            {
                "decided_on": f"Ngày lãnh đạo phân công {format_date(decided_on)} ở tương lai "
                f"(hôm nay là {format_date(today)})."
            }
        )
    issued_on = task.document.issued_on
    if decided_on < issued_on:
        raise ValidationFailed(
            {
                "decided_on": f"Ngày lãnh đạo phân công {format_date(decided_on)} trước ngày "
                f"ban hành văn bản ({format_date(issued_on)})."
            }
        )
    return decided_on


@transaction.atomic
def task_confirm(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    instruction: str,
    at: datetime | None = None,
) -> Task:
    """After a return, the leader keeps the assignment (with an instruction to the unit). A
    task the unit asked to give to another unit after accepting it goes back under way with
    its people; one returned at once waits again for the unit to accept it."""
    step = begin_step(actor, task, Act.CONFIRM, expected_version, at)
    instruction = required(
        instruction, "instruction", "Cần ghi ý kiến chỉ đạo khi giữ nguyên phân công."
    )
    task.instruction = instruction
    last = task.events.filter(action__in=events.RETURNS).order_by("-at", "-id").first()
    under_way = last is not None and last.action == EventKind.REQUEST_REASSIGNMENT
    entry = events.confirmed(instruction=instruction)
    finish_step(step, entry, state=State.IN_PROGRESS if under_way else None)
    notices.tell(step, entry)
    return task


@transaction.atomic
def task_return(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    reason: str,
    proposal: str = "",
    at: datetime | None = None,
) -> Task:
    """The lead unit gives the task back, with its reason and proposal (Art. 5.3.b)."""
    step = begin_step(actor, task, Act.RETURN, expected_version, at)
    reason = required(reason, "reason", "Cần nêu rõ lý do trả lại (Điều 5.3.b).")
    entry = events.returned(reason=reason, proposal=proposal.strip())
    finish_step(step, entry)
    notices.tell(step, entry)
    return task


def _set_assignees(step: Step, assignees: Sequence[User], entry: events.Entry) -> Task:
    """The people of the lead unit who do the task (accepting it, or distributing it again)."""
    task = step.task
    outsiders = [str(a) for a in assignees if a.unit_id != task.lead_unit_id]
    if outsiders:
        raise ValidationFailed(
            {"assignees": "Chỉ phân công người trong đơn vị chủ trì: " + ", ".join(outsiders) + "."}
        )
    task.assignees.set(assignees)
    return finish_step(step, entry)


@transaction.atomic
def task_accept(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    assignees: Sequence[User],
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.ACCEPT, expected_version, at)
    return _set_assignees(step, assignees, events.accepted(assignees=assignees, note=note))


@transaction.atomic
def task_distribute(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    assignees: Sequence[User],
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.DISTRIBUTE, expected_version, at)
    return _set_assignees(step, assignees, events.distributed(assignees=assignees, note=note))
