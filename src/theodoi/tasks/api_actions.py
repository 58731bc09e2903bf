"""Each step of the cycle through the API: its body read into what the step's page form gives
(`action_views.STEP_PAGES`), then the same `steps.*` service with the same refusals.

What a page's form checks before its service, the API checks too, with the same words where
a person reads them: units named by code and in force today, leaders and assignees among the
people the page offers, a deadline already past only when confirmed, files through the form's
file field and then the service's checks (`attachments.check_files`). There is no form token
here (`core.once`): the task's version, required in every step, keeps a step sent twice from
being taken twice (the second is refused as stale).
"""

import base64
import binascii
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.forms import MultipleFileField
from theodoi.organisation.groups import Group
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import units_active_on
from theodoi.tasks import services, steps
from theodoi.tasks.api_schemas import (
    AssigneesIn,
    AssignIn,
    ChaseIn,
    CommentIn,
    EditIn,
    ExtensionDecideIn,
    ExtensionRequestIn,
    FileIn,
    InstructionIn,
    LeaderNoteIn,
    NoteFilesIn,
    NoteIn,
    ProgressIn,
    ReasonIn,
    ReassignIn,
    RecordAssignmentIn,
    RecordEventIn,
    ReportIn,
    ReturnIn,
    StepIn,
    SubmitIn,
)
from theodoi.tasks.attachments import MAX_BYTES
from theodoi.tasks.cycle import Act
from theodoi.tasks.forms import DRAFT_FIELDS, leaders
from theodoi.tasks.models import Task
from theodoi.tasks.unitlist import UnitList, expand

# a service's field name → the API's (the page's unit field is "leads", the body's "lead")
FIELDS = {"leads": "lead"}
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,18})"?$')


def version_of(given: int | None, if_match: str | None) -> int:
    """The version the client read: the body's `version`, or the If-Match header's."""
    header = None
    if if_match is not None and if_match.strip():
        found = _ETAG.match(if_match.strip())
        if found is None or int(found[1]) < 1:
            raise ValidationFailed(
                {"version": 'Tiêu đề If-Match phải là phiên bản của nhiệm vụ, ví dụ "3".'}
            )
        header = int(found[1])
    if given is not None and header is not None and given != header:
        raise ValidationFailed(
            {"version": f"«version» ({given}) khác phiên bản trong If-Match ({header})."}
        )
    version = given if given is not None else header
    if version is None:
        raise ValidationFailed(
            {
                "version": "Cần gửi phiên bản nhiệm vụ đã đọc: trường «version» hoặc tiêu đề "
                'If-Match: "<version>".'
            },
            Code.REQUIRED,
        )
    return version


def upload_named(name: str, data: bytes, field: str) -> SimpleUploadedFile:
    """A decoded file under its given name; a name that names no file ("", ".", "..", "a/")
    is refused here, where Django would answer its own HTML page (SuspiciousFileOperation)."""
    try:
        return SimpleUploadedFile(name, data)
    except SuspiciousFileOperation:
        message = f"Tệp «{name}»: tên tệp không dùng được; hãy ghi tên có đuôi, ví dụ ket-qua.pdf."
        raise ValidationFailed({field: message}, Code.FILE_REFUSED) from None


def uploads(files: Sequence[FileIn], field: str = "files") -> list[SimpleUploadedFile]:
    """The files of a body, decoded, through the page form's file field (an empty file is
    refused there); the service then checks their size, type and content."""
    page_field = MultipleFileField(max_bytes=MAX_BYTES, label="Tệp")
    decoded = []
    for one in files:
        try:
            data = base64.b64decode(one.content, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                {field: f"Nội dung tệp «{one.name}» không phải base64 hợp lệ."}, Code.FILE_REFUSED
            ) from None
        upload = upload_named(one.name, data, field)
        try:
            page_field.clean(upload)
        except forms.ValidationError as exc:
            message = f"Tệp «{one.name}»: " + " ".join(exc.messages)
            raise ValidationFailed({field: message}, Code.FILE_REFUSED) from None
        decoded.append(upload)
    return decoded


def unit_list(codes: Sequence[str], today: date, field: str) -> UnitList:
    """Units named by code (in force `today`) and groups (`@PROVINCES`), as the page's unit
    field reads names; a code not in force is refused by name."""
    groups = {g.value: g for g in Group}
    wanted = [c.strip() for c in codes if c.strip()]
    found = {u.code: u for u in units_active_on(today).filter(code__in=wanted)}
    result = UnitList()
    for code in wanted:
        if code.upper() in groups:
            result.groups.append(groups[code.upper()])
        elif code in found:
            if found[code] not in result.units:
                result.units.append(found[code])
        else:
            result.unknown.append(code)
    if result.unknown:
        names = ", ".join(f"«{c}»" for c in result.unknown)
        raise ValidationFailed(
            {field: f"Không có đơn vị mã {names} đang hoạt động ngày {format_date(today)}."},
            Code.NOT_FOUND,
        )
    return result


def one_unit(code: str, today: date, field: str) -> Unit | None:
    listed = unit_list([code], today, field).units if code.strip() else []
    return listed[0] if listed else None


def leader_named(username: str) -> User | None:
    """A leader the page's choice offers (active, with the leader role), by username."""
    if not username.strip():
        return None
    found = leaders().filter(username=username.strip()).first()
    if found is None:
        raise ValidationFailed(
            {"leader": f"«{username}» không phải lãnh đạo Ngành đang làm việc."}, Code.INVALID
        )
    return found


def assignees_named(task: Task, usernames: Sequence[str]) -> list[User]:
    """People of the lead unit the page offers (active), by username, in the order given."""
    wanted = list(dict.fromkeys(u.strip() for u in usernames if u.strip()))
    people = User.objects.filter(unit__led_tasks=task, is_active=True, username__in=wanted)
    found = {p.get_username(): p for p in people} if wanted else {}
    missing = [u for u in wanted if u not in found]
    if missing:
        names = ", ".join(f"«{u}»" for u in missing)
        raise ValidationFailed(
            {"assignees": f"{names} không phải người đang làm việc ở đơn vị chủ trì."}
        )
    return [found[u] for u in wanted]


def past_deadline(body: Any, deadline: date | None, today: date, unchanged: object = None) -> None:
    """A deadline before today needs `confirm_past_deadline` (the page's confirmation box)."""
    if deadline is None or deadline >= today or deadline == unchanged:
        return
    if not body.confirm_past_deadline:
        raise ValidationFailed(
            {
                "deadline": f"Thời hạn {format_date(deadline)} đã qua (hôm nay là "
                f"{format_date(today)}). Nếu đúng là thời hạn này, hãy gửi thêm "
                "«confirm_past_deadline»: true."
            }
        )


Runner = Callable[[User, Task, Any, int], object]


def _c(user: User, task: Task, version: int) -> dict[str, Any]:
    return {"actor": user, "task": task, "expected_version": version}


def _edit(user: User, task: Task, b: EditIn, v: int) -> object:
    today, given = timezone.localdate(), b.model_fields_set
    kept = {
        name: getattr(b, name) if name in given else getattr(task, name)
        for name in [*DRAFT_FIELDS, "must_submit", "must_report"]
    }
    past_deadline(b, kept["deadline"], today, unchanged=task.deadline)
    if "lead" in given:
        leads = unit_list(b.lead or [], today, "lead")
        kept |= {"lead_units": leads.proposed_leads, "lead_text": leads.text}
    else:
        lead_units = [task.lead_unit] if task.lead_unit is not None else []
        kept |= {"lead_units": lead_units, "lead_text": task.lead_text}
    if "coordinating" in given:
        kept["coordinating"] = unit_list(b.coordinating or [], today, "coordinating").units
    else:
        kept["coordinating"] = [c.unit for c in task.coordinations.select_related("unit")]
    for name in ("content", "code", "item", "product", "update_period", "event_text"):
        kept[name] = kept[name] or ""
    kept["event_working_days"] = bool(kept["event_working_days"])
    kept["must_submit"], kept["must_report"] = bool(kept["must_submit"]), bool(kept["must_report"])
    return services.task_edit(**_c(user, task, v), reason=b.reason, **kept)


def _assignment(b: AssignIn, today: date) -> dict[str, Any]:
    past_deadline(b, b.deadline, today)
    leads = unit_list(b.lead, today, "lead")
    return {
        "leads": expand(leads, today, "lead"),
        "coordinating": expand(
            unit_list(b.coordinating, today, "coordinating"), today, "coordinating"
        ),
        "deadline": b.deadline,
        "instruction": b.instruction,
        "lead_text": leads.text,
    }


def _assign(user: User, task: Task, b: AssignIn, v: int) -> object:
    return steps.task_assign(**_c(user, task, v), **_assignment(b, timezone.localdate()))


def _record_assignment(user: User, task: Task, b: RecordAssignmentIn, v: int) -> object:
    return steps.task_record_assignment(
        **_c(user, task, v),
        **_assignment(b, timezone.localdate()),
        leader=leader_named(b.leader),
        decided_on=b.decided_on,
        scan=uploads(b.scan, "scan"),
    )


def _record_event(user: User, task: Task, b: RecordEventIn, v: int) -> object:
    past_deadline(b, b.deadline, timezone.localdate())
    return steps.task_record_event(
        **_c(user, task, v), happened_on=b.happened_on, deadline=b.deadline, note=b.note
    )


def _reassign(user: User, task: Task, b: ReassignIn, v: int) -> object:
    unit = one_unit(b.unit, timezone.localdate(), "unit")
    return steps.task_request_reassignment(
        **_c(user, task, v), reason=b.reason, unit=unit, proposal=b.proposal
    )


def _chase(user: User, task: Task, b: ChaseIn, v: int) -> object:
    unit = Unit.objects.filter(code=b.unit.strip()).first()
    if unit is None:
        raise ValidationFailed({"unit": f"Không có đơn vị mã «{b.unit}»."}, Code.NOT_FOUND)
    return steps.task_chase(**_c(user, task, v), unit=unit)


@dataclass(frozen=True)
class ApiStep:
    body: type[StepIn]
    run: Runner


STEPS: dict[Act, ApiStep] = {
    Act.EDIT: ApiStep(EditIn, _edit),
    Act.PROPOSE: ApiStep(
        LeaderNoteIn,
        lambda u, t, b, v: steps.task_propose(
            **_c(u, t, v), leader=leader_named(b.leader), note=b.note
        ),
    ),
    Act.ASSIGN: ApiStep(AssignIn, _assign),
    Act.RECORD_ASSIGNMENT: ApiStep(RecordAssignmentIn, _record_assignment),
    Act.REFER: ApiStep(
        LeaderNoteIn,
        lambda u, t, b, v: steps.task_refer(
            **_c(u, t, v), leader=leader_named(b.leader), note=b.note
        ),
    ),
    Act.REQUEST_REASSIGNMENT: ApiStep(ReassignIn, _reassign),
    Act.CONFIRM: ApiStep(
        InstructionIn,
        lambda u, t, b, v: steps.task_confirm(**_c(u, t, v), instruction=b.instruction),
    ),
    Act.RETURN: ApiStep(
        ReturnIn,
        lambda u, t, b, v: steps.task_return(**_c(u, t, v), reason=b.reason, proposal=b.proposal),
    ),
    Act.ACCEPT: ApiStep(
        AssigneesIn,
        lambda u, t, b, v: steps.task_accept(
            **_c(u, t, v), assignees=assignees_named(t, b.assignees), note=b.note
        ),
    ),
    Act.DISTRIBUTE: ApiStep(
        AssigneesIn,
        lambda u, t, b, v: steps.task_distribute(
            **_c(u, t, v), assignees=assignees_named(t, b.assignees), note=b.note
        ),
    ),
    Act.PROGRESS: ApiStep(
        ProgressIn,
        lambda u, t, b, v: steps.task_progress(
            **_c(u, t, v), note=b.note, progress=b.progress, files=uploads(b.files)
        ),
    ),
    Act.CONTRIBUTE: ApiStep(
        NoteFilesIn,
        lambda u, t, b, v: steps.task_contribute(
            **_c(u, t, v), note=b.note, files=uploads(b.files)
        ),
    ),
    Act.CHASE: ApiStep(ChaseIn, _chase),
    Act.RECORD_EVENT: ApiStep(RecordEventIn, _record_event),
    Act.REQUEST_EXTENSION: ApiStep(
        ExtensionRequestIn,
        lambda u, t, b, v: steps.extension_request(
            **_c(u, t, v), reason=b.reason, proposed_deadline=b.proposed_deadline
        ),
    ),
    Act.DECIDE_EXTENSION: ApiStep(
        ExtensionDecideIn,
        lambda u, t, b, v: steps.extension_decide(
            **_c(u, t, v), approve=b.approve, deadline=b.deadline, note=b.note
        ),
    ),
    Act.SUBMIT: ApiStep(
        SubmitIn,
        lambda u, t, b, v: steps.task_submit(
            **_c(u, t, v), result=b.result, files=uploads(b.files)
        ),
    ),
    Act.SEND_BACK: ApiStep(
        CommentIn, lambda u, t, b, v: steps.task_send_back(**_c(u, t, v), comment=b.comment)
    ),
    Act.FORWARD: ApiStep(NoteIn, lambda u, t, b, v: steps.task_forward(**_c(u, t, v), note=b.note)),
    Act.APPROVE: ApiStep(NoteIn, lambda u, t, b, v: steps.task_approve(**_c(u, t, v), note=b.note)),
    Act.REPORT: ApiStep(
        ReportIn,
        lambda u, t, b, v: steps.task_report(
            **_c(u, t, v),
            reported_on=b.reported_on,
            number=b.number,
            channel=b.channel,
            note=b.note,
        ),
    ),
    Act.SUSPEND: ApiStep(
        ReasonIn, lambda u, t, b, v: steps.task_suspend(**_c(u, t, v), reason=b.reason)
    ),
    Act.RESUME: ApiStep(
        ReasonIn, lambda u, t, b, v: steps.task_resume(**_c(u, t, v), reason=b.reason)
    ),
    Act.CANCEL: ApiStep(
        ReasonIn, lambda u, t, b, v: steps.task_cancel(**_c(u, t, v), reason=b.reason)
    ),
}


def take_step(user: User, task: Task, act: Act, body: StepIn, if_match: str | None) -> None:
    """`act` on `task` by `user` with `body`: refused first as the step page is (the cycle
    table for the task's state and the person), then the body, then the service."""
    version = version_of(body.version, if_match)
    steps.check_step(user, task, act)
    try:
        STEPS[act].run(user, task, body, version)
    except ValidationFailed as exc:
        if not set(exc.errors) & set(FIELDS):
            raise
        errors = {FIELDS.get(k, k): m for k, m in exc.errors.items()}
        raise ValidationFailed(errors, exc.code) from exc
