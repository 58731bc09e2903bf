"""Extensions: the lead unit asks, the leader decides; the original deadline stays for the
statistics (Art. 6.3)."""

from datetime import date, datetime

from django.db import transaction

from theodoi.accounts.models import User
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.tasks import events, notices
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import ExtensionRequest, ExtensionStatus, Task
from theodoi.tasks.steps.base import begin_step, finish_step, required, set_deadline


@transaction.atomic
def extension_request(
    *,
    actor: User,
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
    _check_ahead(proposed_deadline, step.day, "proposed_deadline")
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
    actor: User,
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
    if new_deadline is not None:
        _check_ahead(new_deadline, step.day, "deadline")
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
    notices.tell(step, entry)
    return request


def _check_ahead(deadline: date, day: date, field: str) -> None:
    """An extension gives time ahead: a new deadline already past on the day of the request
    (or decision) extends nothing, and is most often a mistyped year."""
    if deadline <= day:
        raise ValidationFailed(
            {
                field: f"Thời hạn gia hạn {format_date(deadline)} không sau ngày "
                f"{format_date(day)}: hãy chọn một ngày sau hôm nay."
            }
        )
