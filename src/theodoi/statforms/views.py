"""A unit's form on its report request (/bieu-mau/<request_id>/): the unit fills it, saves a
draft, copies the previous period's figures and submits; the live check beside the cells; the
collecting unit reads it (its review: `views_review`). Who may do what is `reports.scope`'s;
anyone else gets 404. Thin: the reads are `pages`, the writes `services`."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from theodoi.core.access import Action, require
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.http import AuthedRequest
from theodoi.reports import scope
from theodoi.reports.forms import ReopenForm, ReviewForm
from theodoi.reports.models import ReportRequest
from theodoi.statforms import services
from theodoi.statforms.checks import Checked
from theodoi.statforms.pages import Posted, entry_page, form_of, live_layout
from theodoi.statforms.selectors import definition_of

STALE = (
    "Biểu mẫu vừa được người khác lưu hoặc nộp sau khi anh/chị mở trang; số liệu anh/chị vừa "
    "nhập chưa được lưu. Hãy tải lại trang để xem bản mới nhất rồi nhập lại."
)


def form_request(request: AuthedRequest, pk: int) -> ReportRequest:
    """The request `pk` if it collects a statistical form, a version of the form applies to
    its period and the person may read it; 404."""
    require(request.user, Action.VIEW_REPORTS)
    report = scope.request_for(request.user, pk)
    if not report.round.form_code:
        raise Http404("Báo cáo này không có biểu mẫu thống kê.")
    try:
        definition_of(report.round)
    except ValidationFailed as exc:
        raise Http404(str(exc)) from None
    return report


def render_entry(
    request: AuthedRequest,
    report: ReportRequest,
    *,
    posted: Posted | None = None,
    checked: Checked | None = None,
    refused: bool = False,
    review_form: ReviewForm | None = None,
    reopen_form: ReopenForm | None = None,
    opened_at: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """The form page; `opened_at`: the version a refused page was opened at, kept so that a
    page someone else changed meanwhile stays refused until it is reloaded."""
    page = entry_page(request.user, report, posted, checked)
    version = {"version": report.version}
    kept = report.version if opened_at is None else opened_at
    return render(
        request,
        "statforms/entry.html",
        {
            "report": report,
            "round": report.round,
            "page": page,
            "layout": page.layout,
            "refused": refused,
            "opened_at": kept,
            "check_url": reverse("statforms:check", args=[report.pk]),
            "review_form": review_form or ReviewForm(initial=version),
            "reopen_form": reopen_form or ReopenForm(initial=version),
        },
        status=status,
    )


def entry_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """The unit's form; a POST saves the draft ("luu"), copies the previous period
    ("sao-chep") or submits ("nop")."""
    report = form_request(request, pk)
    if request.method != "POST":
        return render_entry(request, report)
    if "sao-chep" in request.POST:
        return _copy(request, report)
    posted, version = form_of(report).posted(request.POST)
    submitting = "nop" in request.POST
    try:
        if submitting:
            sent, _ = services.form_submit(
                actor=request.user,
                request=report,
                expected_version=version,
                values=posted.values,
                texts=posted.texts,
                explanations=posted.explanations,
            )
            messages.success(request, f"Đã nộp biểu mẫu (lần {sent.number}).")
        else:
            services.form_save_draft(
                actor=request.user,
                request=report,
                expected_version=version,
                values=posted.values,
                texts=posted.texts,
                explanations=posted.explanations,
            )
            messages.success(request, "Đã lưu bản nháp biểu mẫu.")
    except services.FormRefused as exc:
        if submitting:
            messages.error(request, "Chưa nộp được: số liệu còn lỗi (xem ghi chú bên các ô).")
        else:
            messages.error(
                request, "Chưa lưu được: có ô hoặc mục không hợp lệ (xem ghi chú bên ô)."
            )
        return render_entry(
            request, report, posted=posted, checked=exc.checked, refused=True, status=422
        )
    except ConflictError:
        messages.error(request, STALE)
        return render_entry(request, report, posted=posted, opened_at=version, status=409)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        return render_entry(request, report, posted=posted, status=422)
    return redirect("statforms:entry", pk=pk)


def _copy(request: AuthedRequest, report: ReportRequest) -> HttpResponse:
    _, version = form_of(report).posted(request.POST)
    try:
        services.form_copy_previous(actor=request.user, request=report, expected_version=version)
        messages.success(request, "Đã chép số liệu kỳ trước vào bản nháp; hãy sửa cho kỳ này.")
    except ConflictError:
        messages.error(request, STALE)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
    return redirect("statforms:entry", pk=report.pk)


@require_POST
def check_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """The live check as the unit types (htmx): the summary, and beside the cells their marks,
    sums and the rules' messages (swapped out of band). Nothing is written."""
    report = form_request(request, pk)
    found = live_layout(request.user, report, request.POST)
    if found is None:
        raise Http404("Biểu mẫu không sửa được.")
    return render(request, "statforms/_checks.html", {"layout": found, "oob": True})
