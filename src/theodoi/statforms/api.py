"""The statistical forms' API (`/api/v1/forms/`): the forms and their codes, a form's periods,
a unit's figures, its draft and its submission (the same JSON as `theodoi forms submit
--data`, the same rules and messages as the form's page), and the national roll-up (the same
numbers as `theodoi forms aggregate --json`).

Access is the pages' (`statforms.views.form_request`, `reports.scope`): a unit's form for its
own people, the collecting unit and those who read every report; the roll-up for those who see
the whole round. Anyone else, an unknown form, a period not written as a slug or without an
open round, and a unit not asked get 404."""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from theodoi.api.schemas import answers
from theodoi.core.access import Action, require
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.http import AuthedRequest
from theodoi.core.periods import FIRST_YEAR, LAST_YEAR, Period, parse_period
from theodoi.reports import scope
from theodoi.reports.api_schemas import person_ref, unit_ref
from theodoi.reports.models import ReportRequest, RequestState
from theodoi.statforms import catalog, selectors, services
from theodoi.statforms.api_schemas import (
    FormDataIn,
    FormDraftOut,
    FormDraftSavedOut,
    FormEntryOut,
    FormOut,
    FormPeriodsOut,
    FormRefusedOut,
    FormRollupOut,
    FormRollupUnitOut,
    FormSubmitIn,
    FormSubmittedOut,
    findings,
    form_out,
    refused_out,
    version_out,
)
from theodoi.statforms.definition import read
from theodoi.statforms.models import FormEntry, FormVersion
from theodoi.statforms.rollup import rollup
from theodoi.statforms.views import form_request

router = Router(tags=["Biểu mẫu thống kê"])
REFUSED = "Chưa nộp được: số liệu còn lỗi (xem «errors» theo mã ô)."
UNREADABLE = "Chưa lưu được: có ô hoặc mục không hợp lệ (xem «errors» theo mã ô)."

FormCode = Annotated[str, Path(description="mã biểu mẫu, ví dụ tthc")]
PeriodSlug = Annotated[str, Path(description="kỳ: YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 hay YYYY")]
UnitCode = Annotated[str, Path(description="mã đơn vị báo cáo")]


class FormYearQuery(Schema):
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR, description="năm")


@router.get(
    "/",
    response=answers({200: list[FormOut]}, 403),
    summary="Các biểu mẫu",
    description="Mọi phiên bản của các biểu mẫu thống kê với các phần, mã ô và nhãn, loại đơn vị "
    "điền, các quy tắc: những gì một phần mềm cần để dựng `values` và `texts` khi nộp (quyền "
    "`view_reports`).",
)
def form_list(request: AuthedRequest) -> list[FormOut]:
    """Every form's versions with their sections, cell codes and labels, and rules: what a
    tool needs to build its `values` and `texts`."""
    require(request.user, Action.VIEW_REPORTS)
    return [form_out(read(schema)) for schema in catalog.shipped()]


def _form(request: AuthedRequest, code: str) -> str:
    require(request.user, Action.VIEW_REPORTS)
    if code not in catalog.codes():
        raise Http404("Không có biểu mẫu này.")
    return code


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except ValidationFailed:
        raise Http404("Kỳ không đúng dạng.") from None


@router.get(
    "/{code}/periods/",
    response=answers({200: FormPeriodsOut}, 400, 403, 404),
    summary="Các kỳ",
    description="Các kỳ của biểu mẫu trong năm `year` với khoảng số liệu và hạn nộp, như lệnh "
    "`theodoi forms periods MẪU NĂM --json`. Biểu mẫu không có: `404`; năm ngoài khoảng: `400`.",
)
def form_periods(
    request: AuthedRequest, code: FormCode, query: Query[FormYearQuery]
) -> dict[str, object]:
    """The form's periods of a year with their data windows and due dates, as `theodoi forms
    periods CODE YEAR --json`."""
    return selectors.year_periods(_form(request, code), query.year)


@router.get(
    "/{code}/{period}/rollup/",
    response=answers({200: FormRollupOut}, 403, 404),
    summary="Tổng hợp toàn quốc",
    description="Lần nộp mới nhất của từng đơn vị cộng lại (`values`, như `theodoi forms "
    "aggregate --json`) và đơn vị nào đã nộp lần nào; cho người xem được cả đợt báo cáo, như "
    "trên trang. Người khác, hay kỳ chưa mở đợt: `404`.",
)
def form_rollup(request: AuthedRequest, code: FormCode, period: PeriodSlug) -> FormRollupOut:
    """Each unit's latest version added up, as `theodoi forms aggregate --json` (`values`),
    and who sent which version; for those who see the whole round, as on the page."""
    chosen = _period(period)
    report_round = selectors.form_round(_form(request, code), chosen)
    if report_round is None or not scope.reads_round(request.user, report_round):
        raise Http404("Không tìm thấy trang.")
    try:
        found = rollup(code, chosen, with_previous=False)
    except ValidationFailed as exc:  # no version of the form applies to the period
        raise Http404(str(exc)) from None
    units = [
        FormRollupUnitOut(
            unit=unit_ref(row.unit),
            request_id=row.request.pk,
            state=RequestState(row.request.state),
            state_label=RequestState(row.request.state).label,
            version=row.version.submission.number if row.version else None,
        )
        for row in found.rows
    ]
    return FormRollupOut(**found.as_json(), units=units)  # type: ignore[arg-type]


def _entry(request: AuthedRequest, code: str, period: str, unit: str) -> ReportRequest:
    """The unit's request of the form's period, as the form page finds it (or 404)."""
    report_round = selectors.form_round(_form(request, code), _period(period))
    if report_round is None:
        raise Http404("Kỳ này chưa mở đợt báo cáo.")
    try:
        found = selectors.request_in(report_round, unit)
    except ValidationFailed:
        raise Http404("Đơn vị không phải báo cáo kỳ này.") from None
    return form_request(request, found.pk)


@router.get(
    "/{code}/{period}/{unit}/",
    response=answers({200: FormEntryOut}, 403, 404),
    summary="Biểu mẫu của một đơn vị",
    description="Biểu mẫu của đơn vị trong kỳ: bản nháp với lỗi và cảnh báo của nó (chỉ người "
    "của đơn vị, như trên trang) và các lần nộp với số liệu, giải trình và ý kiến. Biểu mẫu "
    "của đơn vị khác, kỳ chưa mở đợt hay đơn vị không phải báo cáo: `404`.",
)
def form_entry(
    request: AuthedRequest, code: FormCode, period: PeriodSlug, unit: UnitCode
) -> FormEntryOut:
    """The unit's draft with what the rules say of it (for its own people, as on the page)
    and every submitted version with its warnings, explanations and review."""
    report = _entry(request, code, period, unit)
    kept = (
        FormVersion.objects.filter(submission__request=report)
        .select_related("submission__submitted_by", "submission__review__reviewed_by")
        .order_by("-submission__number")
    )
    versions = [version_out(v) for v in kept]
    draft, errors, warnings = None, [], versions[0].warnings if versions else []
    if scope.writes(request.user, report):
        entry = FormEntry.objects.filter(request=report).select_related("updated_by").first()
        figures = (entry.values, entry.texts, entry.explanations) if entry else ({}, {}, {})
        checked = services.form_check(
            report, values=figures[0], texts=figures[1], explanations=figures[2]
        )
        errors, warnings = findings(checked.errors), findings(checked.warnings)
        draft = FormDraftOut(
            values={k: int(v) for k, v in figures[0].items() if v is not None},
            texts=figures[1],
            explanations=figures[2],
            updated_at=timezone.localtime(entry.updated_at) if entry else None,
            updated_by=person_ref(entry.updated_by) if entry else None,
        )
    rnd = report.round
    definition = selectors.definition_of(rnd)
    state = RequestState(report.state)
    return FormEntryOut(
        request_id=report.pk,
        form=rnd.form_code,
        form_version=definition.version,
        period=rnd.period,
        unit=unit_ref(report.unit),
        due=rnd.due_date,
        window_start=rnd.window_start,
        window_end=rnd.window_end,
        state=state,
        state_label=state.label,
        version=report.version,
        draft=draft,
        errors=errors,
        warnings=warnings,
        versions=versions,
    )


def _version(request: HttpRequest, given: int | None, report: ReportRequest) -> int:
    """The request's version the client read: the body's `version`, else `If-Match`, else
    the current one (no stale check, as `theodoi forms submit`)."""
    if given is not None:
        return given
    header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    if not header:
        return report.version
    if not header.isdigit():
        raise ValidationFailed(
            {"If-Match": f"Tiêu đề If-Match «{header}» phải là phiên bản (một số)."}, Code.INVALID
        )
    return int(header)


Saved = FormDraftSavedOut | Status[FormRefusedOut]
DRAFT = answers({200: FormDraftSavedOut, 400: FormRefusedOut}, 403, 404, 409)


def _save(request: AuthedRequest, code: str, period: str, unit: str, payload: FormDataIn) -> Saved:
    report = _entry(request, code, period, unit)
    try:
        saved, checked = services.form_save_draft(
            actor=request.user,
            request=report,
            expected_version=_version(request, payload.version, report),
            values=payload.values,
            texts=payload.texts,
            explanations=payload.explanations,
        )
    except services.FormRefused as exc:
        return Status(400, refused_out(exc.checked, UNREADABLE))
    state = RequestState(saved.state)
    return FormDraftSavedOut(
        version=saved.version,
        state=state,
        state_label=state.label,
        errors=findings(checked.errors),
        warnings=findings(checked.warnings),
    )


@router.put(
    "/{code}/{period}/{unit}/draft/",
    response=DRAFT,
    summary="Lưu bản nháp",
    description="Lưu số liệu và lời văn thành bản nháp của đơn vị, kể cả khi còn lỗi quy tắc "
    "(được liệt kê trong câu trả lời); ô không phải số đếm thì không lưu gì (`400`). `version` "
    "(hoặc `If-Match`) cũ: `409`.",
)
def form_draft_put(
    request: AuthedRequest,
    code: FormCode,
    period: PeriodSlug,
    unit: UnitCode,
    payload: FormDataIn,
) -> Saved:
    """Keep the figures and texts as the draft, whatever the rules say (they are listed); a
    figure that is not a count keeps nothing (400)."""
    return _save(request, code, period, unit, payload)


@router.post(
    "/{code}/{period}/{unit}/draft/",
    response=DRAFT,
    summary="Lưu bản nháp (POST)",
    description="Như `PUT` cùng địa chỉ, cho phần mềm chỉ gửi được `POST`: lưu bản nháp kể cả "
    "khi còn lỗi quy tắc; ô không phải số đếm: `400`; `version` cũ: `409`.",
)
def form_draft_post(
    request: AuthedRequest,
    code: FormCode,
    period: PeriodSlug,
    unit: UnitCode,
    payload: FormDataIn,
) -> Saved:
    """The same as PUT, for tools that only POST."""
    return _save(request, code, period, unit, payload)


@router.post(
    "/{code}/{period}/{unit}/submit/",
    response=answers({200: FormSubmittedOut, 400: FormRefusedOut}, 403, 404, 409),
    summary="Nộp biểu mẫu",
    description="Nộp số liệu thành lần nộp mới như nút «Nộp báo cáo» của trang, kiểm tra mọi "
    "quy tắc trước: bị từ chối thì `400` với thông báo của từng ô theo mã ô, không ghi gì; cảnh "
    "báo cần giải trình (`explanations`). `dry_run`: thử như nộp thật rồi hủy hết. `version` "
    "cũ: `409`.",
)
def form_submit(
    request: AuthedRequest,
    code: FormCode,
    period: PeriodSlug,
    unit: UnitCode,
    payload: FormSubmitIn,
) -> FormSubmittedOut | Status[FormRefusedOut]:
    """Send the figures as the next version, checked with every rule first, as the page's
    «Nộp báo cáo»: refused (400) with each message keyed by its cell and nothing written; a
    warning needs its explanation (`explanations`, by the rule's id). `dry_run`: the whole
    submission is tried and undone, nothing is kept."""
    report = _entry(request, code, period, unit)
    given = {
        "actor": request.user,
        "request": report,
        "expected_version": _version(request, payload.version, report),
        "values": payload.values,
        "texts": payload.texts,
        "explanations": payload.explanations,
    }
    try:
        if payload.dry_run:
            outcome = services.form_submit_dry_run(**given)  # type: ignore[arg-type]
        else:
            sent, checked = services.form_submit(**given)  # type: ignore[arg-type]
            outcome = services.Outcome(checked, sent.number)
    except services.FormRefused as exc:
        return Status(400, refused_out(exc.checked, REFUSED, dry_run=payload.dry_run))
    now = ReportRequest.objects.only("version").get(pk=report.pk)
    return FormSubmittedOut(
        status="stored",
        version=outcome.version or 0,
        errors=[],
        warnings=findings(outcome.checked.warnings),
        dry_run=payload.dry_run,
        request_version=now.version,
    )
