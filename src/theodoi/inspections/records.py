"""Records requests (Regulation 1142 Art. 16.3; docs/inspections.md, "Hồ sơ, báo cáo, thông
báo và kiến nghị").

The team asks an inspected unit for records by a date. The request is a task in the normal
cycle hanging from the inspection's decision: drafted by `tasks.services.task_create` and
assigned by `tasks.steps.task_record_assignment` (the Office records the assignment the leader
gave by signing the decision, whose file is the scan), the unit leading it and the due date
its deadline. The unit uploads the records as the task's result with its files; reminders and
urging treat it as any task. The decision's signer is not a person of the system: the leader
named is the one the Office records as having assigned it (the leader who signed, or the one
in charge of inspection work).

Who may ask: the Office or a serving member of the team (`scope.may_manage`); recording an
assignment in the task cycle is the Office's step, so a team member who is not of the Office
is refused by the cycle itself and the request is made through the Office.
"""

from datetime import date, datetime

from django.core.files import File
from django.db import transaction

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change
from theodoi.core.dates import format_date, in_range, range_message
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.text import collapse_spaces
from theodoi.inspections import scope
from theodoi.inspections.models import Inspection, RecordsRequest
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.tasks import steps
from theodoi.tasks.models import Attachment, Document, Task
from theodoi.tasks.services import task_create


def check_manager(actor: User, inspection: Inspection) -> None:
    """Refuse anyone but the Office and the serving team (and an undecided inspection)."""
    if not scope.may_manage(actor, inspection):
        raise ValidationFailed(
            {"__all__": "Chỉ Văn phòng và thành viên Đoàn kiểm tra được thực hiện việc này."},
            Code.NOT_PERMITTED,
        )
    if inspection.decision_id is None:
        raise ValidationFailed(
            {"decision": "Cuộc kiểm tra chưa có quyết định kiểm tra được ban hành."},
            Code.WRONG_STATE,
        )


def check_unit(inspection: Inspection, unit: Unit | None, field: str = "unit") -> Unit:
    if unit is None:
        raise ValidationFailed({field: "Cần chọn đơn vị được kiểm tra."}, Code.REQUIRED)
    if not inspection.units.filter(pk=unit.pk).exists():
        raise ValidationFailed(
            {field: f"«{unit_label(unit)}» không phải đơn vị được kiểm tra của cuộc kiểm tra."},
            Code.INVALID,
        )
    return unit


def check_day(value: date | None, field: str, label: str, floor: date, floor_label: str) -> date:
    """A date given, in range, not before `floor`."""
    if value is None:
        raise ValidationFailed({field: f"Cần nhập {label} (dd/mm/yyyy)."}, Code.REQUIRED)
    if not in_range(value):
        raise ValidationFailed({field: range_message(label.capitalize(), value)})
    if value < floor:
        raise ValidationFailed(
            {
                field: f"{label.capitalize()} {format_date(value)} trước {floor_label} "
                f"({format_date(floor)})."
            }
        )
    return value


def scan_of(attachment: Attachment | None, field: str, missing: str) -> File:
    if attachment is None:
        raise ValidationFailed({field: missing}, Code.REQUIRED)
    return File(attachment.file.open("rb"), name=attachment.name)


def assigned_task(
    *,
    actor: User,
    document: Document,
    scan: File,
    unit: Unit,
    content: str,
    code: str,
    deadline: date,
    leader: User | None,
    instruction: str,
    at: datetime | None,
) -> Task:
    """A task under `document` led by `unit` by `deadline`: drafted, and recorded as assigned
    by `leader` on the document's day with `scan` (the signed paper) in the normal cycle."""
    task = task_create(
        actor=actor,
        document=document,
        content=content,
        code=code,
        lead_units=[unit],
        deadline=deadline,
        at=at,
    )
    with scan:
        return steps.task_record_assignment(
            actor=actor,
            task=task,
            expected_version=task.version,
            leader=leader,
            decided_on=document.issued_on,
            leads=[unit],
            deadline=deadline,
            instruction=instruction,
            scan=[scan],  # type: ignore[list-item]  # a stored file read like an upload
            at=at,
        )


@transaction.atomic
def records_request(
    *,
    actor: User,
    inspection: Inspection,
    unit: Unit | None,
    content: str,
    due: date | None,
    leader: User | None,
    at: datetime | None = None,
) -> RecordsRequest:
    """Ask `unit` for the records `content` names by `due`: a task assigned to the unit."""
    check_manager(actor, inspection)
    content = collapse_spaces(content)
    if not content:
        raise ValidationFailed(
            {"content": "Cần ghi hồ sơ, tài liệu yêu cầu cung cấp."}, Code.REQUIRED
        )
    unit = check_unit(inspection, unit)
    decision = inspection.decision
    assert decision is not None  # check_manager refused an undecided inspection
    due = check_day(due, "due", "hạn cung cấp", decision.issued_on, "ngày quyết định kiểm tra")
    decision_file = inspection.decision_file
    scan = scan_of(
        decision_file, "decision_file", "Cần có tệp quyết định kiểm tra trước khi yêu cầu hồ sơ."
    )
    number = inspection.records_requests.count() + 1
    task = assigned_task(
        actor=actor,
        document=decision,
        scan=scan,
        unit=unit,
        content=f"Cung cấp hồ sơ, tài liệu cho Đoàn kiểm tra: {content}",
        code=f"HS{number}",
        deadline=due,
        leader=leader,
        instruction=f"Đoàn kiểm tra «{inspection.title}» yêu cầu cung cấp hồ sơ (Điều 16.3).",
        at=at,
    )
    request = RecordsRequest.objects.create(inspection=inspection, unit=unit, task=task)
    after = {"inspection": inspection.pk, "unit": unit.pk, "task": task.pk, "due": due.isoformat()}
    record_change(actor=actor, action=ChangeKind.CREATE, obj=request, before=None, after=after)
    return request
