"""The reports API (`/api/v1/reports/`): the report requests a person may read, one with its
draft, versions and reviews, a unit's narrative report sent, and the collecting unit's
decisions. Access is the pages' (`core.access`, `reports.scope`): a request the person may not
read is 404; a step they may not take is the service's refusal (403). Thin: reads are
`reports.selectors`, writes `reports.services` and `reports.decisions`."""

from typing import Annotated

from django.db.models import Max
from django.utils import timezone
from ninja import Path, Query, Router

from theodoi.api.schemas import Page, answers
from theodoi.core.access import Action, require
from theodoi.core.http import AuthedRequest
from theodoi.reports import decisions, scope, selectors, services
from theodoi.reports.api_schemas import (
    AD_HOC,
    ReportDetailOut,
    ReportDraftOut,
    ReportOut,
    ReportQuery,
    ReportReopenIn,
    ReportReviewIn,
    ReportSectionOut,
    ReportSubmitIn,
    file_out,
    person_ref,
    report_out,
    version_out,
)
from theodoi.reports.models import ReportRequest

router = Router(tags=["Báo cáo"])


ReportId = Annotated[int, Path(description="id của yêu cầu báo cáo")]


@router.get(
    "/",
    response=answers({200: Page[ReportOut]}, 400, 403),
    summary="Các yêu cầu báo cáo",
    description="Các yêu cầu báo cáo người giữ khóa được xem, như trang Báo cáo: người của đơn "
    "vị báo cáo (và đơn vị cấp trên) xem báo cáo của đơn vị mình; đơn vị tổng hợp, Văn phòng, "
    "lãnh đạo, kiểm tra, kiểm soát, quản trị xem tất cả. Hạn nộp mới nhất trước.",
)
def report_list(request: AuthedRequest, filters: Query[ReportQuery]) -> Page[ReportOut]:
    """The report requests the person may read: a unit's own (units below it included); the
    collecting unit's and the Office's, every unit's of a round. Newest due date first."""
    require(request.user, Action.VIEW_REPORTS)
    found = selectors.listed(
        request.user,
        type_code=filters.type,
        period=filters.period,
        unit_code=filters.unit,
        state=filters.state,
        ad_hoc=AD_HOC,
    )
    count = found.count()
    start = (filters.page - 1) * filters.page_size
    today = timezone.localdate()
    rows = [
        report_out(r, today, getattr(r, "last_version", None))
        for r in found[start : start + filters.page_size]
    ]
    return Page[ReportOut](
        count=count, page=filters.page, page_size=filters.page_size, results=rows
    )


def _readable(request: AuthedRequest, report_id: int) -> ReportRequest:
    require(request.user, Action.VIEW_REPORTS)
    return scope.request_for(request.user, report_id)


def _as_listed(report: ReportRequest) -> ReportOut:
    """The request as the list shows it, read again after a step."""
    found = ReportRequest.objects.select_related("round__report_type", "round__collector", "unit")
    again = found.annotate(last_version=Max("submissions__number")).get(pk=report.pk)
    return report_out(again, timezone.localdate(), getattr(again, "last_version", None))


@router.get(
    "/{report_id}/",
    response=answers({200: ReportDetailOut}, 400, 403, 404),
    summary="Một báo cáo",
    description="Một yêu cầu báo cáo: các phần, bản nháp (chỉ người của đơn vị báo cáo, như trên "
    "trang), các lần nộp (mới nhất trước) với tệp và ý kiến tiếp nhận hay trả lại. Báo cáo của "
    "đơn vị khác: `404`.",
)
def report_detail(request: AuthedRequest, report_id: ReportId) -> ReportDetailOut:
    """The request with its sections, its draft (for the reporting unit's people, as on the
    page), every submitted version with its files and the collecting unit's review."""
    report = _readable(request, report_id)
    versions = selectors.versions_of(report)
    listed = _as_listed(report)
    draft = None
    if scope.writes(request.user, report):
        draft = ReportDraftOut(
            sections={k: str(v) for k, v in report.draft.items()},
            files=[file_out(f) for f in selectors.draft_files(report)],
            updated_at=timezone.localtime(report.draft_updated_at)
            if report.draft_updated_at
            else None,
            updated_by=person_ref(report.draft_updated_by),
        )
    rnd = report.round
    return ReportDetailOut(
        **listed.model_dump(),
        content=rnd.content,
        window_start=rnd.window_start,
        window_end=rnd.window_end,
        sections=[
            ReportSectionOut(
                key=s["key"],
                title=s["title"],
                required=bool(s.get("required")),
                hint=s.get("hint", ""),
            )
            for s in rnd.sections
        ],
        draft=draft,
        versions=[version_out(v) for v in versions],
    )


@router.post(
    "/{report_id}/submit/",
    response=answers({200: ReportOut}, 400, 403, 404, 409),
    summary="Nộp báo cáo của đơn vị",
    description="Nộp báo cáo lời văn như nút «Lưu và nộp báo cáo» của trang: `sections` được lưu "
    "vào bản nháp rồi nộp thành lần nộp mới, trong một giao dịch; báo cáo có biểu mẫu nộp qua "
    "`/forms/…/submit/`. `version` cũ hơn phiên bản của yêu cầu: `409`, không đổi gì.",
)
def report_submit(
    request: AuthedRequest, report_id: ReportId, payload: ReportSubmitIn
) -> ReportOut:
    """Send the draft (with `sections`, first kept in it) as the next version, as the page's
    «Lưu và nộp báo cáo»; a form round is sent through `/forms/…/submit/`. A `version` older
    than the request's is refused (409) and nothing changes."""
    report = _readable(request, report_id)
    services.report_save_and_submit(
        actor=request.user,
        request=report,
        expected_version=payload.version,
        sections=payload.sections,
    )
    return _as_listed(report)


def _decide(
    request: AuthedRequest, report_id: int, decision: str, version: int, text: str
) -> ReportOut:
    report = _readable(request, report_id)
    decisions.run(request.user, report, decision, version=version, text=text)
    return _as_listed(report)


DECIDED = answers({200: ReportOut}, 400, 403, 404, 409)


@router.post(
    "/{report_id}/accept/",
    response=DECIDED,
    summary="Tiếp nhận báo cáo",
    description="Đơn vị tổng hợp tiếp nhận lần nộp đang chờ (`comment` không bắt buộc). Người "
    "không được làm: `403`; báo cáo không chờ tiếp nhận: `400`; `version` cũ: `409`.",
)
def report_accept(
    request: AuthedRequest, report_id: ReportId, payload: ReportReviewIn
) -> ReportOut:
    """The collecting unit accepts the version that waits (a comment is optional)."""
    return _decide(request, report_id, "accept", payload.version, payload.comment)


@router.post(
    "/{report_id}/return/",
    response=DECIDED,
    summary="Trả lại báo cáo",
    description="Đơn vị tổng hợp trả lại lần nộp đang chờ; `comment` (bắt buộc) nói điều cần "
    "sửa. Người không được làm: `403`; báo cáo không chờ tiếp nhận: `400`; `version` cũ: `409`.",
)
def report_return(
    request: AuthedRequest, report_id: ReportId, payload: ReportReviewIn
) -> ReportOut:
    """The collecting unit returns the version that waits; `comment` says what to correct."""
    return _decide(request, report_id, "return", payload.version, payload.comment)


@router.post(
    "/{report_id}/reopen/",
    response=DECIDED,
    summary="Mở lại báo cáo đã tiếp nhận",
    description="Đơn vị tổng hợp mở lại một báo cáo đã tiếp nhận để đơn vị nộp lại; `reason` "
    "(bắt buộc) được ghi vào nhật ký thay đổi. Người không được làm: `403`; `version` cũ: `409`.",
)
def report_reopen(
    request: AuthedRequest, report_id: ReportId, payload: ReportReopenIn
) -> ReportOut:
    """The collecting unit reopens an accepted report; `reason` is kept in the change log."""
    return _decide(request, report_id, "reopen", payload.version, payload.reason)
