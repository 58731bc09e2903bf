"""A meeting's conclusions, and each one turned into a follow-up task in the normal cycle
(docs/partners.md, "Họp, kết luận và nhiệm vụ sau họp").

A conclusion names its lead: a unit of ours (a unit that may lead a task, in force on the
meeting's day) or of the partner (its top unit or an outside unit below it), and a deadline
not before the meeting.

Turning it into a task ("Giao thành nhiệm vụ") is the Office's: the task hangs from the
meeting's conclusion notice, registered as a document (partners.meetings), and is drafted by
`tasks.services.task_create` and assigned by `tasks.steps.task_record_assignment`, the step
by which the Office records an assignment a leader gave on paper: here the notice the leaders
concluded, whose file is the scan. Who leads the follow-up:
- a conclusion our unit leads: that unit;
- a conclusion the partner leads: our unit at the meeting follows its carrying out (Art. 6.4:
  the host's Office; Art. 19.4: the province), so the Office for a central meeting and the
  province for a provincial one.
The partner's unit coordinates every follow-up: the conclusion's lead when the partner leads,
else the partner's unit at the meeting. A conclusion becomes a task once: a second attempt is
refused (`Code.DUPLICATE`) and creates nothing.
"""

from datetime import date, datetime

from django.core.files import File
from django.db import transaction

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.dates import format_date, in_range, range_message
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.partners.models import Conclusion, Meeting, Side
from theodoi.partners.scope import partner_units
from theodoi.tasks import steps
from theodoi.tasks.models import Task
from theodoi.tasks.services import task_create

CONCLUSION_FIELDS = ["meeting", "text", "lead_side", "lead_unit", "deadline"]


def _check_lead(meeting: Meeting, lead_side: str, lead_unit: Unit | None) -> None:
    if lead_side not in Side.values:
        raise ValidationFailed({"lead_side": "Cần chọn bên chủ trì thực hiện."}, Code.REQUIRED)
    if lead_unit is None:
        raise ValidationFailed({"lead_unit": "Cần chọn đơn vị chủ trì thực hiện."}, Code.REQUIRED)
    if lead_side == Side.OURS:
        if not lead_unit.can_lead or not lead_unit.is_active_on(meeting.held_on):
            raise ValidationFailed(
                {
                    "lead_unit": f"«{unit_label(lead_unit)}» không phải đơn vị của BHXH Việt "
                    f"Nam có thể chủ trì nhiệm vụ ngày {format_date(meeting.held_on)}."
                },
                Code.INVALID,
            )
    elif lead_unit not in partner_units(meeting.agreement):
        raise ValidationFailed(
            {"lead_unit": f"«{unit_label(lead_unit)}» không phải đơn vị của đối tác."},
            Code.INVALID,
        )


def _check_deadline(meeting: Meeting, deadline: date | None) -> date:
    if deadline is None:
        raise ValidationFailed(
            {"deadline": "Cần nhập thời hạn thực hiện kết luận (dd/mm/yyyy)."}, Code.REQUIRED
        )
    if not in_range(deadline):
        raise ValidationFailed({"deadline": range_message("Thời hạn", deadline)})
    if deadline < meeting.held_on:
        raise ValidationFailed(
            {
                "deadline": f"Thời hạn {format_date(deadline)} trước ngày họp "
                f"({format_date(meeting.held_on)})."
            }
        )
    return deadline


@transaction.atomic
def conclusion_add(
    *,
    actor: Actor,
    meeting: Meeting,
    text: str,
    lead_side: str,
    lead_unit: Unit | None,
    deadline: date | None,
) -> Conclusion:
    """One conclusion of the meeting, with who leads it and by when."""
    text = " ".join(text.split())
    if not text:
        raise ValidationFailed({"text": "Cần ghi nội dung kết luận."}, Code.REQUIRED)
    _check_lead(meeting, lead_side, lead_unit)
    deadline = _check_deadline(meeting, deadline)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    conclusion = Conclusion.objects.create(
        meeting=locked,
        text=text,
        lead_side=lead_side,
        lead_unit=lead_unit,
        deadline=deadline,
        order=locked.conclusions.count() + 1,
    )
    after = snapshot(conclusion, CONCLUSION_FIELDS)
    record_change(actor=actor, action=ChangeKind.CREATE, obj=conclusion, before=None, after=after)
    return conclusion


def follow_up_units(conclusion: Conclusion) -> tuple[Unit, Unit]:
    """Who leads the follow-up task and which partner unit coordinates it (module docstring)."""
    meeting = conclusion.meeting
    if meeting.unit is None or meeting.partner_unit is None or conclusion.lead_unit is None:
        raise ValidationFailed(
            {"lead_unit": "Cuộc họp chưa ghi đơn vị dự họp của hai bên."}, Code.REQUIRED
        )
    if conclusion.lead_side == Side.OURS:
        return conclusion.lead_unit, meeting.partner_unit
    return meeting.unit, conclusion.lead_unit


@transaction.atomic
def conclusion_assign(
    *, actor: User, conclusion: Conclusion, leader: User | None, at: datetime | None = None
) -> Task:
    """Turn the conclusion into a task assigned under the meeting's conclusion notice, once."""
    locked = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    if locked.task_id is not None:
        raise ValidationFailed(
            {"conclusion": "Kết luận này đã được giao thành nhiệm vụ."}, Code.DUPLICATE
        )
    meeting = Meeting.objects.select_related("notice__document", "unit", "partner_unit").get(
        pk=locked.meeting_id
    )
    notice = meeting.notice
    if notice is None or notice.document is None:
        raise ValidationFailed(
            {"notice": "Cần vào sổ thông báo kết luận của cuộc họp trước khi giao nhiệm vụ."},
            Code.REQUIRED,
        )
    locked.meeting = meeting
    lead, partner = follow_up_units(locked)
    document = notice.document
    instruction = f"Thực hiện kết luận tại {document.title}."
    if locked.lead_side == Side.PARTNER:
        instruction += (
            f" {unit_label(partner)} chủ trì; {unit_label(lead)} theo dõi việc tổ chức thực hiện."
        )
    task = task_create(
        actor=actor,
        document=document,
        content=locked.text,
        code=f"KL{locked.order}",
        lead_units=[lead],
        coordinating=[partner],
        deadline=locked.deadline,
        at=at,
    )
    with notice.file.open("rb") as handle:
        scan = File(handle, name=notice.name)
        task = steps.task_record_assignment(
            actor=actor,
            task=task,
            expected_version=task.version,
            leader=leader,
            decided_on=document.issued_on,
            leads=[lead],
            coordinating=[partner],
            deadline=locked.deadline,
            instruction=instruction,
            scan=[scan],  # type: ignore[list-item]  # a stored file read like an upload
            at=at,
        )
    locked.task = task
    locked.save(update_fields=["task"])
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=locked,
        before={"task": None},
        after={"task": task.pk},
    )
    return task
