"""Writing the register: directive documents and the tasks they hold (drafts and edits).

The steps of the cycle after drafting are in `steps.py`.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from theodoi.accounts.models import name_of
from theodoi.audit.models import ChangeKind
from theodoi.audit.selectors import changes_for
from theodoi.audit.services import record_change, snapshot
from theodoi.core.dates import format_date, in_range, range_message
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.core.text import fold
from theodoi.organisation.models import Unit
from theodoi.tasks import attachments, events
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import Document, DocumentKind, Origin, State, Task, UpdatePeriod
from theodoi.tasks.steps import (
    Files,
    begin_step,
    check_deadline,
    finish_step,
    moment_of,
    required,
    search_text_of,
    set_coordination,
    set_deadline,
)
from theodoi.tasks.unitlist import check_parts

FINISHING = [State.APPROVED, State.DONE]
DOCUMENT_FIELDS = ["kind", "number", "issued_on", "issuer", "summary", "origin"]
TASK_FIELDS = [
    "item",
    "code",
    "content",
    "product",
    "lead_text",
    "deadline",
    "update_period",
    "event_schedule",
    "must_submit",
    "must_report",
]


# Documents ---------------------------------------------------------------------------------


def _clean_document(
    kind: str,
    number: str,
    issued_on: date | None,
    issuer: str,
    summary: str,
    origin: str,
    other_than: Document | None = None,
) -> tuple[str, str, str]:
    """The document's number, issuer and summary, trimmed; refusals name the field."""
    errors = {}
    if kind not in DocumentKind.values:
        errors["kind"] = "Loại văn bản không hợp lệ."
    if origin not in Origin.values:
        errors["origin"] = "Nguồn giao không hợp lệ."
    if issued_on is None:
        errors["issued_on"] = "Cần ngày ban hành."
    elif not in_range(issued_on):
        errors["issued_on"] = range_message("Ngày ban hành", issued_on)
    if errors or issued_on is None:  # (the second test only tells the type checker)
        raise ValidationFailed(errors)
    number = number.strip()
    issuer = required(issuer, "issuer", "Cần ghi cơ quan ban hành.")
    summary = required(summary, "summary", "Cần ghi trích yếu văn bản.")
    if number and _same_number(number, issued_on, other_than).exists():
        raise _duplicate(number, issued_on)
    return number, issuer, summary


def _same_number(number: str, issued_on: date, other_than: Document | None) -> QuerySet[Document]:
    same = Document.objects.filter(number=number, issued_on=issued_on)
    return same.exclude(pk=other_than.pk) if other_than is not None else same


def _duplicate(number: str, issued_on: date) -> ValidationFailed:
    return ValidationFailed(
        {"number": f"Văn bản {number} ngày {format_date(issued_on)} đã có trong sổ."},
        Code.DUPLICATE,
    )


@contextmanager
def _unique_number(
    number: str, issued_on: date, other_than: Document | None = None
) -> Iterator[None]:
    """Write the document; the same number and date registered meanwhile by someone else (the
    unique constraint, between the check above and this write) is refused as a duplicate."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        if _same_number(number, issued_on, other_than).exists():
            raise _duplicate(number, issued_on) from None
        raise


def _document_search(document: Document) -> str:
    return fold(f"{document.number} {document.issuer} {document.summary}")


@transaction.atomic
def document_register(
    *,
    actor: Any,
    kind: str,
    number: str,
    issued_on: date,
    issuer: str,
    summary: str,
    origin: str = Origin.GOVERNMENT,
    files: Files = (),
    at: datetime | None = None,
) -> Document:
    number, issuer, summary = _clean_document(kind, number, issued_on, issuer, summary, origin)
    attachments.check_files(files)
    moment, _ = moment_of(at)
    document = Document(
        kind=kind,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        summary=summary,
        origin=origin,
        registered_by=actor,
        registered_at=moment,
    )
    document.search_text = _document_search(document)
    with _unique_number(number, issued_on):
        document.save()
    attachments.save_files(files, actor=actor, document=document)
    record_change(
        actor=actor,
        action=ChangeKind.CREATE,
        obj=document,
        before=None,
        after=snapshot(document, DOCUMENT_FIELDS),
    )
    return document


DOCUMENT_CONFLICT = "Văn bản này vừa được {who} sửa. Hãy xem lại rồi sửa tiếp."


@transaction.atomic
def document_update(
    *,
    actor: Any,
    document: Document,
    expected_version: int,
    kind: str,
    number: str,
    issued_on: date,
    issuer: str,
    summary: str,
    origin: str,
    reason: str,
    files: Files = (),
) -> Document:
    """Correct a registered document; the change, its reason and the old values are kept.

    Refused when it would contradict its tasks: a new date after a task's deadline, or a new
    origin once a task was approved or done under the old one (the end of the cycle differs).
    """
    number, issuer, summary = _clean_document(
        kind, number, issued_on, issuer, summary, origin, other_than=document
    )
    reason = required(reason, "reason", "Cần ghi lý do sửa văn bản đã vào sổ.")
    tasks = Task.objects.filter(document=document)
    early = tasks.filter(Q(deadline__lt=issued_on) | Q(original_deadline__lt=issued_on)).first()
    if early is not None:
        day = min(d for d in (early.deadline, early.original_deadline) if d is not None)
        message = f"Nhiệm vụ {early} có thời hạn {format_date(day)} trước ngày ban hành mới."
        raise ValidationFailed({"issued_on": message})
    if origin != document.origin and tasks.filter(state__in=FINISHING).exists():
        raise ValidationFailed(
            {"origin": "Không đổi được nguồn giao: đã có nhiệm vụ được duyệt theo nguồn cũ."}
        )
    attachments.check_files(files)
    before = snapshot(document, DOCUMENT_FIELDS)
    number_changed = number != document.number
    values = {"kind": kind, "number": number, "issued_on": issued_on}
    values |= {"issuer": issuer, "summary": summary, "origin": origin}
    values |= {"search_text": _document_search(Document(**values)), "version": expected_version + 1}
    with _unique_number(number, issued_on, other_than=document):
        updated = Document.objects.filter(pk=document.pk, version=expected_version).update(**values)
    if not updated:
        raise ConflictError(DOCUMENT_CONFLICT.format(who=_last_editor(document)))
    for name, value in values.items():
        setattr(document, name, value)
    if number_changed:  # a task's words include its document's number
        changed = list(tasks.select_related("lead_unit"))
        for task in changed:
            task.document = document
            task.search_text = search_text_of(task)
        Task.objects.bulk_update(changed, ["search_text"])
    attachments.save_files(files, actor=actor, document=document)
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=document,
        before=before,
        after=snapshot(document, DOCUMENT_FIELDS),
        reason=reason,
    )
    return document


def _last_editor(document: Document) -> str:
    last = changes_for(document).select_related("actor").order_by("-id").first()
    return name_of(last.actor, last.actor_label) if last is not None else "người khác"


# Tasks ---------------------------------------------------------------------------------------


def _check_task(document: Document, content: str, deadline: date | None, update_period: str) -> str:
    content = required(content, "content", "Cần ghi nội dung nhiệm vụ.")
    check_deadline(document, deadline)
    if update_period and update_period not in UpdatePeriod.values:
        raise ValidationFailed({"update_period": "Kỳ cập nhật không hợp lệ."})
    return content


def _check_event(event_text: str, event_days: int | None, deadline: date | None) -> str:
    """A task that waits for an event has no deadline until it happens (`steps.events`)."""
    event_text = " ".join(event_text.split())
    if event_text and deadline is not None:
        raise ValidationFailed(
            {
                "deadline": "Nhiệm vụ thực hiện khi có sự kiện chưa có thời hạn: để trống thời "
                "hạn (đặt khi ghi nhận sự kiện), hoặc bỏ sự kiện."
            },
            Code.INVALID,
        )
    if event_days is not None and not event_text:
        raise ValidationFailed(
            {"event_text": "Cần ghi sự kiện mà số ngày thực hiện được tính từ đó."}, Code.REQUIRED
        )
    if event_days is not None and not 1 <= event_days <= 3650:
        raise ValidationFailed({"event_days": "Số ngày phải từ 1 đến 3650."}, Code.INVALID)
    return event_text


def _apply_draft(
    task: Task,
    *,
    content: str,
    code: str,
    item: str,
    product: str,
    lead_units: Sequence[Unit],
    lead_text: str,
    deadline: date | None,
    update_period: str,
    event_text: str,
    event_days: int | None,
    event_working_days: bool,
    must_submit: bool,
    must_report: bool,
) -> None:
    """The fields the Office writes while drafting (one lead unit, or the text for several)."""
    task.item, task.code, task.content, task.product = (
        item.strip(),
        code.strip(),
        content,
        product.strip(),
    )
    task.lead_unit = lead_units[0] if len(lead_units) == 1 else None
    task.lead_text = lead_text.strip() or ", ".join(u.code for u in lead_units)
    task.update_period = update_period if deadline is None else ""
    event_text = _check_event(event_text, event_days, deadline)
    task.set_event(event_text, event_days if event_text else None, event_working_days)
    task.must_submit, task.must_report = must_submit, must_report
    set_deadline(task, deadline)


@transaction.atomic
def task_create(
    *,
    actor: Any,
    document: Document,
    content: str,
    code: str = "",
    item: str = "",
    product: str = "",
    lead_units: Sequence[Unit] = (),
    lead_text: str = "",
    coordinating: Sequence[Unit] = (),
    deadline: date | None = None,
    update_period: str = "",
    event_text: str = "",
    event_days: int | None = None,
    event_working_days: bool = False,
    must_submit: bool = False,
    must_report: bool = False,
    files: Files = (),
    at: datetime | None = None,
) -> Task:
    """The Office drafts a task from a document, with the assignment it will propose."""
    content = _check_task(document, content, deadline, update_period)
    attachments.check_files(files)
    moment, day = moment_of(at)
    check_parts(lead_units, coordinating, day)
    task = Task(document=document, state=State.DRAFT, created_at=moment, updated_at=moment)
    _apply_draft(
        task,
        content=content,
        code=code,
        item=item,
        product=product,
        lead_units=lead_units,
        lead_text=lead_text,
        deadline=deadline,
        update_period=update_period,
        event_text=event_text,
        event_days=event_days,
        event_working_days=event_working_days,
        must_submit=must_submit,
        must_report=must_report,
    )
    task.search_text = search_text_of(task)
    task.save()
    set_coordination(task, coordinating)
    events.record(task, actor, moment, events.created(deadline=deadline))
    attachments.save_files(files, actor=actor, task=task)
    return task


@transaction.atomic
def task_edit(
    *,
    actor: Any,
    task: Task,
    expected_version: int,
    content: str,
    code: str = "",
    item: str = "",
    product: str = "",
    lead_units: Sequence[Unit] = (),
    lead_text: str = "",
    coordinating: Sequence[Unit] = (),
    deadline: date | None = None,
    update_period: str = "",
    event_text: str = "",
    event_days: int | None = None,
    event_working_days: bool = False,
    must_submit: bool = False,
    must_report: bool = False,
    reason: str = "",
    at: datetime | None = None,
) -> Task:
    """Correct a draft or a proposal before it is assigned; the timeline keeps the old values."""
    step = begin_step(actor, task, Act.EDIT, expected_version, at)
    content = _check_task(task.document, content, deadline, update_period)
    check_parts(lead_units, coordinating, step.day)
    before = snapshot(task, TASK_FIELDS, lead_unit=task.lead_unit_id)
    _apply_draft(
        task,
        content=content,
        code=code,
        item=item,
        product=product,
        lead_units=lead_units,
        lead_text=lead_text,
        deadline=deadline,
        update_period=update_period,
        event_text=event_text,
        event_days=event_days,
        event_working_days=event_working_days,
        must_submit=must_submit,
        must_report=must_report,
    )
    set_coordination(task, coordinating)
    after = snapshot(task, TASK_FIELDS, lead_unit=task.lead_unit_id)
    changed = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
    return finish_step(step, events.edited(reason=reason.strip(), changes=changed))
