"""Writing the agency's report: the Office saves the narrative of a period's draft, then issues
it as version N (its Word file kept as generated, the record never changed again); each step is
in the change log."""

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.core.periods import Period
from theodoi.reports.agency.data import ended_period, gather
from theodoi.reports.agency.word import (
    Narrative,
    build_report,
    default_closing,
    default_opening,
    default_summary,
)
from theodoi.reports.models import AgencyReport

NARRATIVE = ("summary", "opening", "closing", "signer_name")
STALE = "Dự thảo báo cáo vừa được người khác sửa: mở lại trang để xem bản mới rồi sửa tiếp."


def draft_of(period: Period) -> AgencyReport | None:
    return AgencyReport.objects.filter(period=period.slug, version__isnull=True).first()


def narrative_for(
    period: Period,
    today: date,
    number: str = "",
    *,
    draft: AgencyReport | None = None,
    draft_read: bool = False,
) -> Narrative:
    """The words the period's report carries: the Office's draft (`draft` when the caller has
    read it, `draft_read`), else the default ones."""
    draft = draft if draft_read else draft_of(period)
    if draft is None:
        return Narrative(
            number=number,
            issued_on=today,
            summary=default_summary(period),
            opening=default_opening(period),
            closing=default_closing(period),
        )
    return Narrative(
        number=number,
        issued_on=today,
        summary=draft.summary,
        opening=draft.opening,
        closing=draft.closing,
        signer_name=draft.signer_name,
    )


def _kept(report: AgencyReport) -> dict[str, Any]:
    return {key: getattr(report, key) for key in NARRATIVE}


@transaction.atomic
def agency_draft_save(
    *,
    actor: Actor,
    period: str,
    expected_revision: int,
    summary: str,
    opening: str,
    closing: str,
    signer_name: str = "",
) -> AgencyReport:
    """Keep the narrative of the draft of `period` (created on the first save; 0 expected)."""
    chosen = ended_period(period, timezone.localdate())
    if not summary.strip():
        raise ValidationFailed({"summary": "Cần nhập trích yếu của báo cáo."}, Code.REQUIRED)
    drafts = AgencyReport.objects.select_for_update()
    draft = drafts.filter(period=chosen.slug, version__isnull=True).first()
    if (draft.revision if draft else 0) != expected_revision:
        raise ConflictError(STALE)
    values = {
        "summary": summary.strip(),
        "opening": opening.strip(),
        "closing": closing.strip(),
        "signer_name": signer_name.strip(),
    }
    if draft is None:
        draft = AgencyReport.objects.create(period=chosen.slug, kind=chosen.kind, **values)
        record_change(
            actor=actor,
            action=ChangeKind.CREATE,
            obj=draft,
            before=None,
            after={"period": chosen.slug, **values},
        )
        return draft
    before = _kept(draft)
    for key, value in values.items():
        setattr(draft, key, value)
    draft.revision += 1
    draft.updated_at = timezone.now()
    draft.save()
    after = _kept(draft)
    changed = [key for key in NARRATIVE if before[key] != after[key]]
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=draft,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    return draft


@transaction.atomic
def agency_report_issue(*, actor: Actor, period: str, number: str, issued_on: date) -> AgencyReport:
    """Issue the report of `period` with its number as version N: the figures read now (as of
    the period's end), the draft's words (or the default ones), the Word file kept with it."""
    chosen = ended_period(period, timezone.localdate())
    number = number.strip()
    if not number:
        raise ValidationFailed({"number": "Cần nhập số của báo cáo để ban hành."}, Code.REQUIRED)
    # Decree 30 (Phụ lục I): the number is written in Arabic digits, from 1
    if not (number.isascii() and number.isdigit()) or int(number) == 0:
        raise ValidationFailed(
            {"number": f"Số «{number}» không hợp lệ: ghi số thứ tự bằng chữ số, ví dụ 5."},
            Code.INVALID,
        )
    if issued_on < chosen.end:
        raise ValidationFailed(
            {"issued_on": f"Ngày văn bản phải từ ngày cuối kỳ ({chosen.end:%d/%m/%Y}) trở đi."}
        )
    narrative = narrative_for(chosen, issued_on, number)
    content = build_report(gather(chosen), narrative)
    last = AgencyReport.objects.select_for_update().filter(period=chosen.slug)
    version = (last.aggregate(n=Max("version"))["n"] or 0) + 1
    report = AgencyReport(
        period=chosen.slug,
        kind=chosen.kind,
        number=number,
        summary=narrative.summary,
        opening=narrative.opening,
        closing=narrative.closing,
        signer_name=narrative.signer_name,
        version=version,
        issued_on=issued_on,
        issued_by=actor,
        issued_at=timezone.now(),
    )
    report.file.save(f"Bao-cao-{chosen.slug}-lan-{version}.docx", ContentFile(content), save=False)
    report.save()
    record_change(
        actor=actor,
        action=ChangeKind.ISSUE,
        obj=report,
        before=None,
        after={
            "period": chosen.slug,
            "number": number,
            "version": version,
            "issued_on": issued_on.isoformat(),
        },
    )
    return report
