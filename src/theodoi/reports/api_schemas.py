"""The shapes of the reports API (`reports/api.py`): a report request as listed, with its
draft, versions and reviews, and the bodies of its steps. Built from the models by the
`*_out` functions, moments in Asia/Ho_Chi_Minh."""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from theodoi.accounts.models import User
from theodoi.api.schemas import PageQuery, UnitRef
from theodoi.organisation.models import Unit
from theodoi.reports.models import (
    Decision,
    ReportFile,
    ReportRequest,
    ReportReview,
    ReportSubmission,
    RequestState,
)
from theodoi.reports.timeliness import LABELS, Timeliness, judge

AD_HOC = "ad_hoc"  # the `type` filter's value for the Office's ad-hoc requests
# a period's slug (`core.periods.parse_period`), years 2000-2100
PERIOD = r"^(20[0-9]{2}|2100)(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"


class ReportQuery(PageQuery):
    type: str | None = Field(
        None, max_length=60, description=f"mã loại báo cáo, hoặc «{AD_HOC}» (đột xuất)"
    )
    period: str | None = Field(
        None, pattern=PERIOD, description="kỳ: 2026-07, 2026-Q2, 2026-H1 hoặc 2026"
    )
    unit: str | None = Field(None, max_length=40, description="mã đơn vị báo cáo")
    state: RequestState | None = Field(
        None, description=f"trạng thái của yêu cầu: {', '.join(RequestState.values)}"
    )


class ReportTypeRef(Schema):
    code: str | None = Field(description="mã loại báo cáo; null: yêu cầu đột xuất")
    name: str


class ReportPersonRef(Schema):
    username: str
    full_name: str


class ReportOut(Schema):
    id: int
    title: str
    type: ReportTypeRef
    period: str = Field(description="2026-Q2, 2026…; rỗng với yêu cầu đột xuất")
    unit: UnitRef
    collector: UnitRef
    due: date
    state: RequestState
    state_label: str
    timeliness: Timeliness
    timeliness_label: str
    on_time: bool | None = Field(description="nộp lần đầu đúng hạn; null: chưa nộp, chưa hạn")
    submitted_at: datetime | None = Field(description="lần nộp đầu tiên")
    last_version: int | None = Field(description="số của lần nộp gần nhất")
    version: int = Field(description="phiên bản của yêu cầu, gửi lại khi nộp hay xem xét")
    form_code: str = Field(description="mã biểu mẫu thống kê (/forms/); rỗng: báo cáo lời văn")


class ReportSectionOut(Schema):
    key: str
    title: str
    required: bool
    hint: str


class ReportFileOut(Schema):
    id: int
    name: str
    size: int
    uploaded_at: datetime


class ReportReviewOut(Schema):
    decision: Decision
    decision_label: str
    comment: str
    by: ReportPersonRef | None
    at: datetime


class ReportVersionOut(Schema):
    version: int
    submitted_at: datetime
    by: ReportPersonRef | None
    sections: dict[str, str]
    files: list[ReportFileOut]
    task_table: list[dict[str, Any]] | None
    review: ReportReviewOut | None


class ReportDraftOut(Schema):
    sections: dict[str, str]
    files: list[ReportFileOut]
    updated_at: datetime | None
    updated_by: ReportPersonRef | None


class ReportDetailOut(ReportOut):
    content: str
    window_start: date | None
    window_end: date | None
    sections: list[ReportSectionOut]
    draft: ReportDraftOut | None = Field(description="chỉ với người của đơn vị báo cáo")
    versions: list[ReportVersionOut] = Field(description="các lần nộp, mới nhất trước")


class ReportSubmitIn(Schema):
    version: int = Field(ge=1, description="«version» của yêu cầu khi đọc")
    sections: dict[str, str] | None = Field(
        None, description="nội dung từng phần (mã phần: lời văn); bỏ trống: nộp bản nháp"
    )


class ReportReviewIn(Schema):
    version: int = Field(ge=1, description="«version» của yêu cầu khi đọc; cũ: 409")
    comment: str = Field("", max_length=10_000, description="bắt buộc khi trả lại")


class ReportReopenIn(Schema):
    version: int = Field(ge=1, description="«version» của yêu cầu khi đọc; cũ: 409")
    reason: str = Field("", max_length=10_000, description="bắt buộc")


def unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.pk, code=unit.code, name=unit.name)


def person_ref(user: User | None) -> ReportPersonRef | None:
    if user is None:
        return None
    return ReportPersonRef(username=user.get_username(), full_name=user.full_name)


def _moment(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


def _local(value: datetime) -> datetime:
    return timezone.localtime(value)


def report_out(report: ReportRequest, today: date, last_version: int | None) -> ReportOut:
    rnd = report.round
    first = report.first_submitted_at
    timely = judge(rnd.due_date, timezone.localdate(first) if first else None, today)
    kind = rnd.report_type
    return ReportOut(
        id=report.pk,
        title=rnd.title,
        type=ReportTypeRef(code=kind.code, name=kind.name)
        if kind
        else ReportTypeRef(code=None, name="Đột xuất"),
        period=rnd.period,
        unit=unit_ref(report.unit),
        collector=unit_ref(rnd.collector),
        due=rnd.due_date,
        state=RequestState(report.state),
        state_label=RequestState(report.state).label,
        timeliness=timely,
        timeliness_label=LABELS[timely],
        on_time=None if timely == Timeliness.NOT_DUE else timely == Timeliness.ON_TIME,
        submitted_at=_moment(first),
        last_version=last_version,
        version=report.version,
        form_code=rnd.form_code,
    )


def file_out(kept: ReportFile) -> ReportFileOut:
    return ReportFileOut(
        id=kept.pk, name=kept.name, size=kept.size, uploaded_at=_local(kept.uploaded_at)
    )


def review_out(review: ReportReview | None) -> ReportReviewOut | None:
    if review is None:
        return None
    return ReportReviewOut(
        decision=Decision(review.decision),
        decision_label=Decision(review.decision).label,
        comment=review.comment,
        by=person_ref(review.reviewed_by),
        at=_local(review.reviewed_at),
    )


def version_out(sent: ReportSubmission) -> ReportVersionOut:
    return ReportVersionOut(
        version=sent.number,
        submitted_at=_local(sent.submitted_at),
        by=person_ref(sent.submitted_by),
        sections=sent.sections,
        files=[file_out(f) for f in sent.files.all()],
        task_table=sent.task_table,
        review=review_out(getattr(sent, "review", None)),
    )
