"""Importing a plan: upload (read, nothing else written but the file and its reading), correct
a row, commit (the plan document and its tasks, in batches, finished even after a stop),
discard.

Committing a second file with the same plan number updates that plan's tasks by their row
(`PlanTask.key`: the STT and which row with that STT) instead of adding them again; rows that
are gone are listed, never deleted. Each task's history says it came from, or was changed by,
the plan.
"""

import hashlib
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change, snapshot
from theodoi.core.dates import format_date, in_range, range_message
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.imports import authority, current, planning, writing
from theodoi.imports.files import check_size
from theodoi.imports.models import ImportStatus, PlanImport, PlanTask
from theodoi.imports.reading import read_plan
from theodoi.imports.rows import blocking, correct, row_data
from theodoi.organisation.resolver import build_resolver
from theodoi.tasks.models import Document, DocumentKind, Origin
from theodoi.tasks.services import document_register
from theodoi.workcalendar.services import get_calendar

CONFLICT = "Bản xem trước này vừa được người khác sửa hoặc đã nhập. Hãy tải lại trang."
RUNNING = "Lần nhập này đang được tiếp tục ở một nơi khác. Hãy tải lại trang để xem tiến độ."
UNFINISHED = (
    "Lần nhập trước của kế hoạch {number} (tệp «{name}», mã {pk}) chưa xong. Hãy nhập tiếp "
    "lần đó trước (trang xem trước của nó, hoặc theodoi import_plan --resume {pk})."
)
ISSUER = "Bảo hiểm xã hội Việt Nam"


def _clean_number(number: str) -> str:
    number = " ".join((number or "").split())
    if not number:
        raise ValidationFailed(
            {"number": "Cần ghi số, ký hiệu của kế hoạch (ví dụ 123/KH-BHXH)."}, Code.REQUIRED
        )
    if len(number) > 60:
        raise ValidationFailed({"number": "Số, ký hiệu dài quá 60 ký tự."})
    return number


@transaction.atomic
def plan_upload(
    *,
    actor: Any,
    file: UploadedFile,
    number: str,
    plan_date: date | None = None,
    title: str = "",
    signer: Any = None,
    signer_name: str = "",
    reimport: bool = False,
) -> PlanImport:
    """Read the file and keep it with its reading for the person to check; no task yet.

    The plan's date is the one given, else the one its header writes ("Hà Nội, ngày …"),
    never a guess. `signer` (a leader) or `signer_name` (a signer without an account) is the
    authority of the assignments the plan makes. A plan already in the register (its number,
    or this very file) is refused unless `reimport` says it is meant as a re-import."""
    number = _clean_number(number)
    if plan_date is not None and not in_range(plan_date):
        raise ValidationFailed({"plan_date": range_message("Ngày kế hoạch", plan_date)})
    check_size(file.size or 0, file.name or "tệp")  # before reading it into memory
    data = file.read()
    reading = read_plan(data, file.name or "tệp", plan_date, build_resolver())
    signer, signer_name = authority.signer_of(signer, signer_name)
    if plan_date is None and reading.date_guessed:
        raise ValidationFailed({"plan_date": authority.NO_DATE}, Code.REQUIRED)
    digest = hashlib.sha256(data).hexdigest()
    existing = planning.plan_document(number)
    if not reimport:
        authority.check_new(number, existing, digest)
    if existing is not None and existing.issued_on > reading.plan_date:
        day = format_date(existing.issued_on)
        raise ValidationFailed(
            {"plan_date": f"Kế hoạch {number} đã có trong sổ với ngày {day}: ngày mới phải từ đó."}
        )
    upload = PlanImport(
        name=file.name or "ke-hoach",
        size=len(data),
        uploaded_by=actor,
        number=number,
        plan_date=reading.plan_date,
        date_read=reading.date_read[:120],
        signer=signer,
        signer_name=signer_name,
        sha256=digest,
        title=" ".join((title or reading.title or f"Kế hoạch {number}").split()),
        rows=[row_data(row) for row in reading.rows],
        document=existing,
    )
    upload.file.save(upload.name, ContentFile(data), save=False)
    upload.save()
    return upload


def _locked(plan_import: PlanImport, expected_version: int) -> PlanImport:
    bumped = PlanImport.objects.filter(
        pk=plan_import.pk, version=expected_version, status=ImportStatus.PREVIEW
    ).update(version=F("version") + 1)
    if not bumped:
        raise ConflictError(CONFLICT)
    plan_import.version = expected_version + 1
    return plan_import


@transaction.atomic
def plan_correct(
    *,
    actor: Any,
    plan_import: PlanImport,
    expected_version: int,
    number: int,
    lead: str,
    coordinating: str,
    schedule: str,
    deadline: date | None,
    skip: bool = False,
    content: str | None = None,
    product: str | None = None,
) -> dict[str, Any]:
    """A person's correction of one row; the row is read again and its flags recomputed."""
    _locked(plan_import, expected_version)
    rows = plan_import.rows
    index = next((i for i, r in enumerate(rows) if r["number"] == number), None)
    if index is None:
        raise ValidationFailed(
            {"__all__": f"Không có dòng số {number} trong bản xem trước."}, Code.NOT_FOUND
        )
    if schedule not in planning.SCHEDULES:
        raise ValidationFailed({"schedule": "Loại thời hạn không hợp lệ."})
    if deadline is not None and not in_range(deadline):
        raise ValidationFailed({"deadline": range_message("Thời hạn", deadline)})
    if product is not None and len(product) > 500:
        raise ValidationFailed({"product": "Sản phẩm dài quá 500 ký tự."})
    rows[index] = correct(
        rows[index],
        content=content,
        product=product,
        lead=lead,
        coordinating=coordinating,
        schedule=schedule,
        deadline=deadline,
        skip=skip,
        plan_date=plan_import.plan_date,
        resolver=build_resolver(),
    )
    PlanImport.objects.filter(pk=plan_import.pk).update(rows=rows)
    return rows[index]


@transaction.atomic
def plan_discard(*, actor: Any, plan_import: PlanImport, expected_version: int) -> PlanImport:
    _locked(plan_import, expected_version)
    plan_import.status = ImportStatus.DISCARDED
    plan_import.save(update_fields=["status"])
    return plan_import


def plan_commit(
    *, actor: Any, plan_import: PlanImport, expected_version: int, at: datetime | None = None
) -> PlanImport:
    """The plan document (new, or the one with this number) and its tasks.

    The rows are written in batches (`planning.batches`), each in its own short transaction
    that also records the import's progress, so that no request holds the database for long;
    the import stays "committing" until the last batch. A commit that stopped half-way (the
    server stopped, a database error) is finished by calling this again with its version: it
    goes on from the recorded progress. A row whose task a person changed while it was read
    is left as the person made it and named in `summary["conflicts"]`.
    """
    moment = at or timezone.now()
    plan_import, document = _begin(actor, plan_import, expected_version, moment)
    rows = plan_import.rows
    items = planning.items_of(rows, planning.Units(rows, plan_import.plan_date))
    calendar = get_calendar()
    batches = planning.batches(
        items, len(rows), start=plan_import.progress, size=planning.BATCH_TASKS
    )
    for done, batch in batches:
        found = current.read(document, batch)
        planning.before_writing([item.label for item in batch])
        with transaction.atomic():
            _advance(plan_import)
            outcome = writing.write(
                found,
                actor=actor,
                document=document,
                plan_import=plan_import,
                moment=moment,
                calendar=calendar,
            )
            for name, value in vars(outcome).items():
                plan_import.summary[name] = plan_import.summary.get(name, []) + value
            plan_import.progress = done
            plan_import.save(update_fields=["summary", "progress"])
    return _finish(actor, plan_import, {item.place for item in items}, moment)


def _unfinished(plan_import: PlanImport) -> PlanImport | None:
    """Another import of the same plan that stopped half-way."""
    others = PlanImport.objects.filter(number=plan_import.number, status=ImportStatus.COMMITTING)
    return others.exclude(pk=plan_import.pk).defer("rows").first()


@transaction.atomic
def _begin(
    actor: Any, plan_import: PlanImport, expected_version: int, moment: datetime
) -> tuple[PlanImport, Document]:
    """Take the import at the version the person saw: a preview starts (its plan document
    registered if new), an import that stopped half-way goes on."""
    bumped = PlanImport.objects.filter(
        pk=plan_import.pk,
        version=expected_version,
        status__in=[ImportStatus.PREVIEW, ImportStatus.COMMITTING],
    ).update(version=F("version") + 1)
    if not bumped:
        raise ConflictError(CONFLICT)
    plan_import.refresh_from_db()
    if plan_import.status == ImportStatus.COMMITTING and plan_import.document is not None:
        return plan_import, plan_import.document
    stuck = [r for r in plan_import.rows if blocking(r)]
    if stuck:
        codes = ", ".join(r["code"] or f"dòng {r['number']}" for r in stuck[:10])
        raise ValidationFailed(
            {"__all__": f"Còn {len(stuck)} dòng cần sửa hoặc bỏ qua trước khi nhập: {codes}."}
        )
    other = _unfinished(plan_import)
    if other is not None:
        raise ValidationFailed(
            {"__all__": UNFINISHED.format(number=other.number, name=other.name, pk=other.pk)},
            Code.WRONG_STATE,
        )
    document = plan_import.document or planning.plan_document(plan_import.number)
    if document is None:
        document = document_register(
            actor=actor,
            kind=DocumentKind.PLAN,
            number=plan_import.number,
            issued_on=plan_import.plan_date,
            issuer=ISSUER,
            summary=plan_import.title,
            origin=Origin.INTERNAL,
            at=moment,
        )
    before = snapshot(plan_import, ["status"])
    plan_import.document = document
    plan_import.status = ImportStatus.COMMITTING
    plan_import.committed_by = actor
    plan_import.progress = 0
    plan_import.summary = {"created": [], "updated": [], "unchanged": [], "conflicts": []}
    plan_import.save()
    record_change(
        actor=actor,
        action=ChangeKind.IMPORT,
        obj=plan_import,
        before=before,
        after=snapshot(plan_import, ["status", "document"]),
    )
    return plan_import, document


def _advance(plan_import: PlanImport) -> None:
    """Hold the import for one batch: a second commit of it running at the same time stops."""
    bumped = PlanImport.objects.filter(
        pk=plan_import.pk, version=plan_import.version, status=ImportStatus.COMMITTING
    ).update(version=F("version") + 1)
    if not bumped:
        raise ConflictError(RUNNING)
    plan_import.version += 1


@transaction.atomic
def _finish(
    actor: Any, plan_import: PlanImport, seen: set[planning.Place], moment: datetime
) -> PlanImport:
    """The rows of the plan no longer in the file, and the import marked done."""
    _advance(plan_import)
    before = snapshot(plan_import, ["status"], progress=plan_import.progress)
    document = plan_import.document
    known = PlanTask.objects.filter(document=document).order_by("pk")
    summary = plan_import.summary
    summary["missing"] = [
        planning.label_of(place)
        for place in known.values_list("key", "occurrence")
        if place not in seen
    ]
    plan_import.status = ImportStatus.COMMITTED
    plan_import.committed_by = actor
    plan_import.committed_at = moment
    plan_import.save()
    record_change(
        actor=actor,
        action=ChangeKind.IMPORT,
        obj=plan_import,
        before=before,
        after={"status": plan_import.status, **{k: len(v) for k, v in summary.items()}},
    )
    return plan_import
