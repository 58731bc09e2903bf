"""Records the inspection file finds by itself, made directly (the services that make them are
other parts of issue 25): documents with tasks, urging letters, unit reports, records answers,
the report, the notice, a plan."""

from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.inspections.models import (
    Inspection,
    InspectionPlan,
    InspectionReport,
    PlanItem,
    PlanState,
    RecordsRequest,
)
from theodoi.monitoring.models import UrgingLetter
from theodoi.organisation.models import Unit
from theodoi.reports.models import ReportRequest, ReportRound, ReportSubmission, RequestState
from theodoi.tasks.models import (
    Attachment,
    Document,
    DocumentKind,
    Origin,
    State,
    Task,
    TaskCoordination,
)

PDF = b"%PDF-1.4\n%kiem tra\n"


def document(
    office: User, number: str, issued_on: date, kind: str = DocumentKind.RESOLUTION
) -> Document:
    return Document.objects.create(
        kind=kind,
        number=number,
        issued_on=issued_on,
        issuer="Chính phủ",
        summary=f"Văn bản {number}",
        origin=Origin.GOVERNMENT,
        registered_by=office,
    )


def task(doc: Document, lead: Unit | None, *, coordinating: Unit | None = None) -> Task:
    made = Task.objects.create(
        document=doc,
        content=f"Nhiệm vụ của {lead.code if lead else 'Văn phòng'}",
        lead_unit=lead,
        state=State.IN_PROGRESS,
        deadline=date(2026, 9, 30),
        internal_deadline=date(2026, 9, 25),
    )
    if coordinating is not None:
        TaskCoordination.objects.create(task=made, unit=coordinating)
    return made


def attachment(name: str = "tep.pdf", **where: object) -> Attachment:
    made = Attachment(name=name, size=len(PDF), **where)
    made.file.save(name, ContentFile(PDF), save=False)
    made.save()
    return made


def urging(office: User, unit: Unit, issued_on: date, *tasks: Task) -> UrgingLetter:
    letter = UrgingLetter(
        unit=unit,
        number=f"{issued_on.day}/BHXH-VP",
        issued_on=issued_on,
        as_of=issued_on,
        signer_authority="KT. TỔNG GIÁM ĐỐC",
        signer_title="PHÓ TỔNG GIÁM ĐỐC",
        created_by=office,
    )
    letter.file.save("don-doc.docx", ContentFile(b"PK\x03\x04"), save=False)
    letter.save()
    letter.tasks.set(tasks)
    return letter


def unit_report(unit: Unit, collector: Unit, sent: date, title: str) -> ReportSubmission:
    round_ = ReportRound.objects.create(title=title, collector=collector, due_date=sent)
    request = ReportRequest.objects.create(
        round=round_, unit=unit, state=RequestState.SUBMITTED, first_submitted_at=_at(sent)
    )
    return ReportSubmission.objects.create(request=request, number=1, submitted_at=_at(sent))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def records_answer(inspection: Inspection, unit: Unit, office: User) -> Attachment:
    doc = document(office, "", inspection.start, DocumentKind.OTHER)
    request_task = task(doc, unit)
    RecordsRequest.objects.create(inspection=inspection, unit=unit, task=request_task)
    return attachment("ho-so-cung-cap.pdf", task=request_task)


def report(inspection: Inspection, reported_on: date) -> InspectionReport:
    return InspectionReport.objects.create(
        inspection=inspection,
        number="20/BC-ĐKT",
        reported_on=reported_on,
        evaluation="Đơn vị triển khai đầy đủ",
        file=attachment("bao-cao.pdf"),
    )


def notice(inspection: Inspection, office: User, issued_on: date) -> Document:
    doc = document(office, "25/TB-BHXH", issued_on, DocumentKind.CONCLUSION)
    inspection.notice = doc
    inspection.save(update_fields=["notice"])
    return doc


def plan_item(office: User, units: dict[str, Unit], *, with_document: bool = True) -> PlanItem:
    plan = InspectionPlan.objects.create(
        year=2026,
        title="Kế hoạch kiểm tra năm 2026",
        state=PlanState.APPROVED,
        document=document(office, "3/KH-BHXH", date(2026, 1, 15), DocumentKind.PLAN)
        if with_document
        else None,
    )
    item = PlanItem.objects.create(
        plan=plan, content="Kiểm tra CNTT", conducted_by=units["VP"], month_from=11, month_to=11
    )
    item.units.set([units["CNTT"]])
    return item
