"""Every step of the task cycle (Regulation 1142, Art. 5-7) as one typed function.

Each step checks the cycle table (`cycle.TABLE`) for the actor's relation to the task and the
version the actor saw, changes the task, adds its event (`tasks/events.py`: who, when, why) and
keeps the statistics spans (`facts.sync_fact`) in step, all in one transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.core.text import fold
from theodoi.organisation.models import Unit
from theodoi.tasks import attachments, events
from theodoi.tasks.cycle import Act, refusal, rule_for
from theodoi.tasks.events import Entry
from theodoi.tasks.facts import sync_fact
from theodoi.tasks.models import (
    Document,
    ExtensionRequest,
    ExtensionStatus,
    State,
    Task,
    TaskCoordination,
)
from theodoi.tasks.scope import relations
from theodoi.workcalendar.services import get_calendar

Files = Sequence[UploadedFile]
CONFLICT = (
    "Nhiệm vụ vừa được {who} thay đổi trong lúc bạn đang thao tác. Nội dung bạn nhập vẫn còn "
    "trên biểu mẫu; hãy xem lại trạng thái mới của nhiệm vụ rồi gửi lại nếu vẫn cần."
)


def moment_of(at: datetime | None) -> tuple[datetime, date]:
    moment = at or timezone.now()
    return moment, timezone.localdate(moment)


def required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed({field: message}, Code.REQUIRED)
    return value


def search_text_of(task: Task) -> str:
    lead = task.lead_unit
    parts = [task.code, task.content, task.product, task.lead_text, task.document.number]
    if lead is not None:
        parts += [lead.code, lead.short_name, lead.name]
    return fold(" ".join(p for p in parts if p))


def check_deadline(document: Document, deadline: date | None, field: str = "deadline") -> None:
    if deadline is not None and deadline < document.issued_on:
        raise ValidationFailed(
            {
                field: f"Thời hạn {format_date(deadline)} trước ngày ban hành văn bản "
                f"({format_date(document.issued_on)})."
            }
        )


def set_deadline(task: Task, deadline: date | None) -> None:
    """The deadline and the internal one, 1 working day before it (Art. 6.1)."""
    task.deadline = deadline
    task.internal_deadline = get_calendar().add_working_days(deadline, -1) if deadline else None


def set_coordination(task: Task, units: Sequence[Unit]) -> None:
    wanted = {u.pk for u in units if u.pk != task.lead_unit_id}
    current = set(task.coordinations.values_list("unit_id", flat=True))
    task.coordinations.filter(unit_id__in=current - wanted).delete()
    TaskCoordination.objects.bulk_create(
        [TaskCoordination(task=task, unit_id=pk) for pk in sorted(wanted - current)]
    )


@dataclass
class Step:
    """A cycle step under way: the task locked at the version the actor saw."""

    task: Task
    act: Act
    actor: Any
    moment: datetime
    day: date
    from_state: str


def begin_step(
    actor: Any, task: Task, act: Act, expected_version: int, at: datetime | None
) -> Step:
    rule = rule_for(task.state, act)
    rels = relations(actor, task)
    if rule is None:
        raise ValidationFailed({"__all__": refusal(task.state, act, rels)}, Code.WRONG_STATE)
    if not rule.by & rels:
        raise ValidationFailed({"__all__": refusal(task.state, act, rels)}, Code.NOT_PERMITTED)
    bumped = Task.objects.filter(pk=task.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        last = task.events.order_by("-at", "-id").first()
        raise ConflictError(CONFLICT.format(who=last.actor_label if last else "người khác"))
    task.version = expected_version + 1
    moment, day = moment_of(at)
    return Step(task, act, actor, moment, day, task.state)


def finish_step(step: Step, entry: Entry, *, files: Files = (), state: State | None = None) -> Task:
    """The task saved in its new state (the table's, or `state`), with the step's event."""
    if entry.kind != step.act:
        raise ValueError(f"the step {step.act} cannot record a {entry.kind} event")
    task = step.task
    rule = rule_for(step.from_state, step.act)
    if state is not None:
        task.state = state
    elif rule is not None and rule.target is not None:
        task.state = rule.target
    task.updated_at = step.moment
    task.search_text = search_text_of(task)
    task.save()
    events.record(task, step.actor, step.moment, entry, from_state=step.from_state, files=files)
    sync_fact(task, step.day)
    if task.parent_id is not None and task.state in {State.DONE, State.CANCELLED}:
        _settle_parent(task.parent, step)
    return task


def follow(task: Task, state: State, step: Step, entry: Entry) -> None:
    """A change that follows from a step on another task (a parent completing, children
    cancelled with their parent): same event and statistics bookkeeping as a step."""
    previous = task.state
    task.state = state
    task.resume_state = ""
    task.version += 1
    task.updated_at = step.moment
    task.save()
    events.record(task, step.actor, step.moment, entry, from_state=previous)
    sync_fact(task, step.day)


def _settle_parent(parent: Task | None, step: Step) -> None:
    """A fanned-out task is done when every unit's task is done (cancelled ones aside)."""
    if parent is None:
        return
    children = list(parent.children.values_list("state", "agency_done_on"))
    states = {state for state, _ in children}
    if parent.state != State.FANNED_OUT or State.DONE not in states:
        return
    if not states <= {State.DONE, State.CANCELLED}:
        return
    parent.agency_done_on = max(done for state, done in children if state == State.DONE and done)
    parent.progress = 100
    follow(parent, State.DONE, step, events.completed())


# 1-3. Proposal and assignment; the lead unit accepts and distributes, or returns ------


@transaction.atomic
def task_propose(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    leader: Any,
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
    actor: Any,
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
    if not leads:
        raise ValidationFailed({"leads": "Cần chọn đơn vị chủ trì."}, Code.REQUIRED)
    check_deadline(task.document, deadline)
    task.leader = actor
    task.instruction = instruction.strip()
    task.assigned_on = step.day
    set_deadline(task, deadline)
    task.original_deadline = deadline
    task.original_internal_deadline = task.internal_deadline
    entry = events.assigned(
        leads=leads, coordinating=coordinating, deadline=deadline, instruction=task.instruction
    )
    if len(leads) == 1:
        task.lead_unit = leads[0]
        set_coordination(task, coordinating)
        return finish_step(step, entry)
    task.lead_unit = None
    task.fanned_out = True
    task.lead_text = lead_text.strip() or task.lead_text or ", ".join(u.code for u in leads)
    finish_step(step, entry, state=State.FANNED_OUT)
    for unit in leads:
        fan_out_child(task, unit, coordinating, step)
    return task


def fan_out_child(parent: Task, unit: Unit, coordinating: Sequence[Unit], step: Step) -> Task:
    """The unit's own task, made from a task assigned to several units."""
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
        must_submit=parent.must_submit,
        must_report=parent.must_report,
        leader=parent.leader,
        instruction=parent.instruction,
        assigned_on=parent.assigned_on,
        state=State.ASSIGNED,
        created_at=step.moment,
        updated_at=step.moment,
    )
    child.search_text = search_text_of(child)
    child.save()
    set_coordination(child, coordinating)
    events.record(child, step.actor, step.moment, events.fanned_out(parent=parent))
    sync_fact(child, step.day)
    return child


@transaction.atomic
def task_confirm(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    instruction: str,
    at: datetime | None = None,
) -> Task:
    """After a return, the leader keeps the assignment (with an instruction to the unit)."""
    step = begin_step(actor, task, Act.CONFIRM, expected_version, at)
    instruction = required(
        instruction, "instruction", "Cần ghi ý kiến chỉ đạo khi giữ nguyên phân công."
    )
    task.instruction = instruction
    return finish_step(step, events.confirmed(instruction=instruction))


@transaction.atomic
def task_return(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    reason: str,
    proposal: str = "",
    at: datetime | None = None,
) -> Task:
    """The lead unit gives the task back, with its reason and proposal (Art. 5.3.b)."""
    step = begin_step(actor, task, Act.RETURN, expected_version, at)
    reason = required(reason, "reason", "Cần nêu rõ lý do trả lại (Điều 5.3.b).")
    return finish_step(step, events.returned(reason=reason, proposal=proposal.strip()))


def _check_assignees(task: Task, assignees: Sequence[Any]) -> None:
    outsiders = [str(a) for a in assignees if a.unit_id != task.lead_unit_id]
    if outsiders:
        raise ValidationFailed(
            {"assignees": "Chỉ phân công người trong đơn vị chủ trì: " + ", ".join(outsiders) + "."}
        )


@transaction.atomic
def task_accept(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    assignees: Sequence[Any],
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.ACCEPT, expected_version, at)
    _check_assignees(task, assignees)
    task.assignees.set(assignees)
    return finish_step(step, events.accepted(assignees=assignees, note=note))


@transaction.atomic
def task_distribute(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    assignees: Sequence[Any],
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.DISTRIBUTE, expected_version, at)
    _check_assignees(task, assignees)
    task.assignees.set(assignees)
    return finish_step(step, events.distributed(assignees=assignees, note=note))


# 4. Progress and coordinating input --------------------------------------------------------


@transaction.atomic
def task_progress(
    *,
    actor: Any,
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
    actor: Any,
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
    if actor.unit is None:
        raise ValidationFailed({"__all__": "Tài khoản chưa thuộc đơn vị nào."}, Code.NOT_PERMITTED)
    return finish_step(step, events.contributed(unit=actor.unit, note=note), files=files)


# Extensions ---------------------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    reason: str,
    proposed_deadline: date | None,
    at: datetime | None = None,
) -> ExtensionRequest:
    step = begin_step(actor, task, Act.REQUEST_EXTENSION, expected_version, at)
    reason = required(reason, "reason", "Cần nêu lý do đề nghị gia hạn.")
    if proposed_deadline is None:
        raise ValidationFailed({"proposed_deadline": "Cần ghi thời hạn đề nghị."}, Code.REQUIRED)
    if task.deadline is None:
        raise ValidationFailed(
            {"__all__": "Nhiệm vụ không có thời hạn nên không cần gia hạn."}, Code.WRONG_STATE
        )
    if proposed_deadline <= task.deadline:
        raise ValidationFailed(
            {
                "proposed_deadline": "Thời hạn đề nghị phải sau thời hạn hiện tại "
                f"({format_date(task.deadline)})."
            }
        )
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationFailed(
            {"__all__": "Đã có một đề nghị gia hạn đang chờ lãnh đạo quyết định."},
            Code.DUPLICATE,
        )
    request = ExtensionRequest.objects.create(
        task=task,
        requested_by=actor,
        requested_at=step.moment,
        reason=reason,
        proposed_deadline=proposed_deadline,
    )
    finish_step(
        step, events.extension_requested(proposed_deadline=proposed_deadline, reason=reason)
    )
    return request


@transaction.atomic
def extension_decide(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    approve: bool,
    deadline: date | None = None,
    note: str = "",
    at: datetime | None = None,
) -> ExtensionRequest:
    """The leader agrees (the working deadline moves; the original stays for statistics) or not."""
    step = begin_step(actor, task, Act.DECIDE_EXTENSION, expected_version, at)
    request = task.extensions.filter(status=ExtensionStatus.PENDING).first()
    if request is None:
        raise ValidationFailed(
            {"__all__": "Không có đề nghị gia hạn nào đang chờ quyết định."}, Code.WRONG_STATE
        )
    new_deadline = (deadline or request.proposed_deadline) if approve else None
    old_deadline = task.deadline
    if new_deadline is not None and old_deadline is not None and new_deadline <= old_deadline:
        raise ValidationFailed(
            {"deadline": f"Thời hạn mới phải sau thời hạn hiện tại ({format_date(old_deadline)})."}
        )
    if not approve:
        note = required(note, "note", "Cần ghi lý do không đồng ý gia hạn.")
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    request.decided_by = actor
    request.decided_at = step.moment
    request.decided_deadline = new_deadline
    request.decision_note = note.strip()
    request.save()
    if new_deadline is not None:
        set_deadline(task, new_deadline)
    entry = events.extension_decided(
        approved=approve, old_deadline=old_deadline, new_deadline=new_deadline, note=note.strip()
    )
    finish_step(step, entry)
    return request


# 5-6. Result, checking, approval and the report upwards --------------------------------------


@transaction.atomic
def task_submit(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    result: str,
    files: Files = (),
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.SUBMIT, expected_version, at)
    task.result = required(result, "result", "Cần ghi kết quả thực hiện.")
    attachments.check_files(files)
    task.unit_done_on = step.day
    task.progress = 100
    return finish_step(step, events.submitted(result=task.result), files=files)


@transaction.atomic
def task_send_back(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    comment: str,
    at: datetime | None = None,
) -> Task:
    """The Office (Art. 7.3) or the leader (Art. 5.1) sends the result back to the unit."""
    step = begin_step(actor, task, Act.SEND_BACK, expected_version, at)
    comment = required(comment, "comment", "Cần ghi nội dung cần hoàn thiện.")
    task.unit_done_on = None
    return finish_step(step, events.sent_back(comment=comment))


@transaction.atomic
def task_forward(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.FORWARD, expected_version, at)
    return finish_step(step, events.forwarded(note=note))


@transaction.atomic
def task_approve(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    note: str = "",
    at: datetime | None = None,
) -> Task:
    """For tasks from above the Office still reports; for the agency's own plans it is done."""
    step = begin_step(actor, task, Act.APPROVE, expected_version, at)
    if not task.document.reports_upwards:
        task.agency_done_on = step.day
        return finish_step(step, events.approved(note=note), state=State.DONE)
    return finish_step(step, events.approved(note=note))


@transaction.atomic
def task_report(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    reported_on: date | None,
    number: str,
    channel: str,
    note: str = "",
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.REPORT, expected_version, at)
    number, channel = number.strip(), channel.strip()
    missing = {}
    if reported_on is None:
        missing["reported_on"] = "Cần ghi ngày gửi báo cáo."
    if not number:
        missing["number"] = "Cần ghi số văn bản báo cáo."
    if not channel:
        missing["channel"] = "Cần ghi hình thức gửi (Hệ thống theo dõi của VPCP, văn bản giấy…)."
    if missing or reported_on is None:  # (the second test only tells the type checker)
        raise ValidationFailed(missing, Code.REQUIRED)
    if reported_on > step.day:
        raise ValidationFailed({"reported_on": "Ngày gửi báo cáo không thể sau hôm nay."})
    task.agency_done_on = reported_on
    task.report_number, task.report_channel = number, channel
    entry = events.reported(reported_on=reported_on, number=number, channel=channel, note=note)
    return finish_step(step, entry)


# Decisions ----------------------------------------------------------------------------------


@transaction.atomic
def task_suspend(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    reason: str,
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.SUSPEND, expected_version, at)
    reason = required(reason, "reason", "Cần ghi lý do (quyết định) tạm dừng.")
    task.resume_state = task.state
    return finish_step(step, events.suspended(reason=reason))


@transaction.atomic
def task_resume(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    reason: str,
    at: datetime | None = None,
) -> Task:
    """Back to the state the task was suspended in."""
    step = begin_step(actor, task, Act.RESUME, expected_version, at)
    reason = required(reason, "reason", "Cần ghi lý do tiếp tục thực hiện.")
    back_to = State(task.resume_state or State.ASSIGNED)
    task.resume_state = ""
    return finish_step(step, events.resumed(reason=reason), state=back_to)


@transaction.atomic
def task_cancel(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    reason: str,
    at: datetime | None = None,
) -> Task:
    """Cancelled with its units' own tasks, if it was assigned to several."""
    step = begin_step(actor, task, Act.CANCEL, expected_version, at)
    reason = required(reason, "reason", "Cần ghi lý do (quyết định) hủy nhiệm vụ.")
    if task.is_parent:
        for child in task.children.exclude(state__in=[State.DONE, State.CANCELLED]):
            follow(child, State.CANCELLED, step, events.cancelled(reason=reason))
    return finish_step(step, events.cancelled(reason=reason))
