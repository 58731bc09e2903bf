"""A unit's report and its review: the draft, its files, submitting, accepting, returning.

Each service is one transaction that checks the request's `version` (a form opened before
someone else's change is refused with `ConflictError`) and the person's place
(`reports.scope`). Submitting writes a numbered, never-changed `ReportSubmission` (the draft's
text, the draft's files bound to it, the task table as it stands); accepting or returning
writes the version's `ReportReview`. Submitting, accepting and returning are kept in the change
log and tell the other side (`reports.notices`-style drafts through `notifications.notify`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.reports import scope
from theodoi.reports.models import (
    Decision,
    ReportFile,
    ReportRequest,
    ReportReview,
    ReportSubmission,
    RequestState,
)
from theodoi.reports.review_notices import tell_reopened, tell_reporters, tell_reviewers
from theodoi.reports.tasktable import task_table
from theodoi.tasks.attachments import check_files
from theodoi.webhooks import hooks as webhooks

EDITABLE = frozenset({RequestState.OPEN, RequestState.DRAFT, RequestState.RETURNED})
MAX_SECTION = 100_000  # characters of one section


def _locked(request: ReportRequest, expected_version: int) -> ReportRequest:
    """The request read again under a row lock, refused if changed since the form opened."""
    current = (
        ReportRequest.objects.select_for_update()
        .select_related("round__collector", "unit")
        .get(pk=request.pk)
    )
    if current.version != expected_version:
        raise ConflictError(
            "Báo cáo vừa được người khác thay đổi; hãy tải lại trang để xem bản mới nhất."
        )
    return current


def _must_write(actor: User, request: ReportRequest) -> None:
    if not scope.writes(actor, request):
        raise ValidationFailed(
            {"__all__": "Chỉ lãnh đạo, chuyên viên của đơn vị báo cáo được soạn và nộp báo cáo."},
            Code.NOT_PERMITTED,
        )


def _may_write(actor: User, request: ReportRequest) -> None:
    _must_write(actor, request)
    if request.state not in EDITABLE:
        words = RequestState(request.state).label.lower()
        raise ValidationFailed(
            {"__all__": f"Báo cáo đang ở trạng thái «{words}», không sửa được."},
            Code.WRONG_STATE,
        )


def _touch(request: ReportRequest, actor: User, moment: datetime) -> None:
    request.version += 1
    request.draft_updated_at = moment
    request.draft_updated_by = actor
    if request.state == RequestState.OPEN:
        request.state = RequestState.DRAFT


@transaction.atomic
def report_save_draft(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    sections: Mapping[str, str],
    at: datetime | None = None,
) -> ReportRequest:
    """Keep the draft's text by section key (the round's keys only). `at`: the moment (now;
    the demo tells past ones)."""
    request = _locked(request, expected_version)
    _may_write(actor, request)
    known = {s["key"] for s in request.round.sections}
    unknown = sorted(set(sections) - known)
    if unknown:
        raise ValidationFailed({"__all__": f"Báo cáo không có phần «{unknown[0]}»."}, Code.INVALID)
    for section in request.round.sections:
        if len(sections.get(section["key"], "")) > MAX_SECTION:
            raise ValidationFailed(
                {section["key"]: f"Phần «{section['title']}» dài quá {MAX_SECTION} ký tự."},
                Code.INVALID,
            )
    request.draft = {**request.draft, **{k: v.strip() for k, v in sections.items()}}
    _touch(request, actor, at or timezone.now())
    request.save()
    return request


@transaction.atomic
def report_attach(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    files: Sequence[UploadedFile],
    at: datetime | None = None,
) -> list[ReportFile]:
    """Attach files to the draft (20 MB each, documents, images or archives)."""
    request = _locked(request, expected_version)
    _may_write(actor, request)
    if not files:
        raise ValidationFailed({"files": "Hãy chọn ít nhất một tệp."}, Code.REQUIRED)
    check_files(files)
    moment = at or timezone.now()
    saved = []
    for upload in files:
        kept = ReportFile(
            request=request,
            name=(upload.name or "tep")[:255],
            size=upload.size or 0,
            uploaded_by=actor,
            uploaded_at=moment,
        )
        kept.file.save(PurePath(kept.name).name, upload, save=False)
        kept.save()
        saved.append(kept)
    _touch(request, actor, moment)
    request.save()
    return saved


@transaction.atomic
def report_detach(
    *, actor: User, request: ReportRequest, expected_version: int, file_id: int
) -> None:
    """Remove a file from the draft; files of a submitted version stay as they were sent."""
    request = _locked(request, expected_version)
    _may_write(actor, request)
    kept = ReportFile.objects.filter(pk=file_id, request=request, submission__isnull=True).first()
    if kept is None:
        raise ValidationFailed(
            {"__all__": "Tệp không thuộc bản nháp của báo cáo này (tệp đã nộp không gỡ được)."},
            Code.NOT_FOUND,
        )
    stored = kept.file
    kept.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
    _touch(request, actor, timezone.now())
    request.save()


def _check_ready(request: ReportRequest, today: date) -> None:
    report_round = request.round
    if request.state == RequestState.ACCEPTED:
        raise ValidationFailed(
            {"__all__": "Báo cáo đã được tiếp nhận; không nộp lại được."}, Code.WRONG_STATE
        )
    if request.state == RequestState.SUBMITTED:
        raise ValidationFailed(
            {"__all__": "Báo cáo đã nộp và đang chờ tiếp nhận; chưa nộp lại được."},
            Code.WRONG_STATE,
        )
    if report_round.window_start is not None and today < report_round.window_start:
        start = format_date(report_round.window_start)
        raise ValidationFailed(
            {"__all__": f"Kỳ báo cáo bắt đầu từ ngày {start}; chưa nộp được báo cáo của kỳ này."},
            Code.WRONG_STATE,
        )
    for section in report_round.sections:
        if section.get("required") and not str(request.draft.get(section["key"], "")).strip():
            raise ValidationFailed(
                {section["key"]: f"Phần «{section['title']}» bắt buộc, chưa có nội dung."},
                Code.REQUIRED,
            )


@transaction.atomic
def report_submit(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    today: date | None = None,
    at: datetime | None = None,
    via_form: bool = False,
) -> ReportSubmission:
    """Send the draft as the next numbered version (refused after acceptance, while a version
    waits for review, before the round's data window starts, or with a required section
    empty). A round whose content is a statistical form is sent through the form's own service
    (`statforms.services.form_submit`, `via_form`), which checks the form's rules first."""
    request = _locked(request, expected_version)
    _must_write(actor, request)
    if request.round.form_code and not via_form:
        raise ValidationFailed(
            {"__all__": "Báo cáo này là biểu mẫu thống kê; hãy nộp ở trang nhập biểu mẫu."},
            Code.WRONG_STATE,
        )
    moment = at or timezone.now()
    _check_ready(request, today or timezone.localdate(moment))
    report_round = request.round
    number = request.submissions.count() + 1
    table = None
    if report_round.task_table and report_round.window_start and report_round.window_end:
        rows = task_table(request.unit, report_round.window_start, report_round.window_end)
        table = [asdict(row) for row in rows]
    keys = [s["key"] for s in report_round.sections]
    submission = ReportSubmission.objects.create(
        request=request,
        number=number,
        sections={k: request.draft.get(k, "") for k in keys},
        task_table=table,
        submitted_at=moment,
        submitted_by=actor,
    )
    files = request.files.filter(submission__isnull=True).update(submission=submission)
    before = {"state": request.state}
    request.state = RequestState.SUBMITTED
    if request.first_submitted_at is None:
        request.first_submitted_at = moment
    request.version += 1
    request.save()
    record_change(
        actor=actor,
        action=ChangeKind.REPORT_SUBMIT,
        obj=request,
        before=before,
        after={"state": request.state, "number": number, "files": files},
    )
    tell_reviewers(request, submission, actor)
    webhooks.report_submitted(request, submission)
    return submission


def _review(
    actor: User,
    request: ReportRequest,
    expected_version: int,
    decision: Decision,
    comment: str,
    at: datetime | None,
) -> ReportReview:
    request = _locked(request, expected_version)
    if not scope.reviews(actor, request.round):
        raise ValidationFailed(
            {"__all__": "Chỉ đơn vị tổng hợp của đợt báo cáo được tiếp nhận hoặc trả lại."},
            Code.NOT_PERMITTED,
        )
    if request.state != RequestState.SUBMITTED:
        raise ValidationFailed(
            {"__all__": "Báo cáo không có bản nộp nào đang chờ tiếp nhận."}, Code.WRONG_STATE
        )
    comment = comment.strip()
    if decision == Decision.RETURN and not comment:
        raise ValidationFailed(
            {"comment": "Hãy ghi ý kiến: đơn vị cần sửa, bổ sung những gì."}, Code.REQUIRED
        )
    submission = request.submissions.order_by("-number").first()
    assert submission is not None
    review = ReportReview.objects.create(
        submission=submission,
        decision=decision,
        comment=comment,
        reviewed_by=actor,
        reviewed_at=at or timezone.now(),
    )
    before = {"state": request.state}
    request.state = RequestState.ACCEPTED if decision == Decision.ACCEPT else RequestState.RETURNED
    request.version += 1
    request.save()
    record_change(
        actor=actor,
        action=ChangeKind.REPORT_ACCEPT
        if decision == Decision.ACCEPT
        else ChangeKind.REPORT_RETURN,
        obj=request,
        before=before,
        after={"state": request.state, "number": submission.number}
        | ({"comment": comment} if comment else {}),
    )
    tell_reporters(request, review, actor)
    return review


@transaction.atomic
def report_accept(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    comment: str = "",
    at: datetime | None = None,
) -> ReportReview:
    return _review(actor, request, expected_version, Decision.ACCEPT, comment, at)


@transaction.atomic
def report_return(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    comment: str,
    at: datetime | None = None,
) -> ReportReview:
    return _review(actor, request, expected_version, Decision.RETURN, comment, at)


@transaction.atomic
def report_reopen(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    reason: str,
    at: datetime | None = None,
) -> ReportRequest:
    """Unlock an accepted report so that the unit can correct it (the reason is kept in the
    change log); its next submission is the next version. Only the round's collecting unit."""
    request = _locked(request, expected_version)
    if not scope.reviews(actor, request.round):
        raise ValidationFailed(
            {"__all__": "Chỉ đơn vị tổng hợp của đợt báo cáo được mở lại báo cáo đã tiếp nhận."},
            Code.NOT_PERMITTED,
        )
    if request.state != RequestState.ACCEPTED:
        raise ValidationFailed(
            {"__all__": "Chỉ mở lại được báo cáo đã tiếp nhận."}, Code.WRONG_STATE
        )
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            {"reason": "Hãy ghi lý do mở lại: đơn vị cần sửa những gì."}, Code.REQUIRED
        )
    request.state = RequestState.RETURNED
    request.version += 1
    request.save()
    record_change(
        actor=actor,
        action=ChangeKind.REPORT_REOPEN,
        obj=request,
        before={"state": RequestState.ACCEPTED},
        after={"state": request.state},
        reason=reason,
    )
    tell_reopened(request, reason, actor, at or timezone.now())
    return request


@transaction.atomic
def report_save_and_submit(
    *,
    actor: User,
    request: ReportRequest,
    expected_version: int,
    sections: Mapping[str, str] | None = None,
) -> ReportSubmission:
    """The page's «Lưu và nộp» in one step (the API): keep `sections` in the draft, if given,
    and send it. A refused submission keeps no draft either."""
    if sections is not None:
        request = report_save_draft(
            actor=actor, request=request, expected_version=expected_version, sections=sections
        )
        expected_version = request.version
    return report_submit(actor=actor, request=request, expected_version=expected_version)
