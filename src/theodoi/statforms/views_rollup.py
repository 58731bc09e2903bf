"""The national roll-up's pages (docs/forms.md "The national roll-up"): the form's periods, a
period's table with its XLSX and Word files, and one submitted version of a unit's form.
Thin: the figures are in rollup_table, the files in rollup_export and rollup_word, a version
in version_page, access in reports.scope (who reviews or reads every report sees the roll-up;
who reads the unit's report sees its versions; anyone else gets 404)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.access import Action, require
from theodoi.core.errors import ValidationFailed
from theodoi.core.http import AuthedRequest
from theodoi.core.periods import parse_period
from theodoi.reports import scope
from theodoi.statforms import catalog
from theodoi.statforms.rollup_export import rollup_xlsx_response
from theodoi.statforms.rollup_table import Table, periods_index, table
from theodoi.statforms.rollup_word import build_rollup_report, file_name
from theodoi.statforms.version_page import version_page

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _reads_rollups(user: User) -> bool:
    if scope.reads_all(user):
        return True
    return scope.reviewed_rounds(user).filter(form_code__in=catalog.codes()).exists()


def rollups_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_REPORTS)
    if not _reads_rollups(request.user):
        raise Http404("Không tìm thấy trang.")
    today = timezone.localdate()
    forms = []
    for code in catalog.codes():
        title = catalog.definition(catalog.row_for(code, today)).title
        forms.append((code, title, periods_index(code, today)))
    return render(request, "statforms/rollup_index.html", {"forms": forms})


def _table(request: AuthedRequest, form: str, period: str) -> Table:
    """The period's roll-up if `form` and `period` exist and the person may see it; else 404."""
    require(request.user, Action.VIEW_REPORTS)
    if form not in catalog.codes():
        raise Http404("Không có biểu mẫu này.")
    try:
        chosen = parse_period(period)
    except ValidationFailed:
        raise Http404("Kỳ không đúng dạng.") from None
    try:
        found = table(form, chosen, timezone.localdate())
    except ValidationFailed as exc:  # no version of the form applies to the period
        raise Http404(str(exc)) from None
    report_round = found.rollup.report_round if found is not None else None
    if found is None or report_round is None:
        raise Http404("Kỳ này chưa mở đợt báo cáo.")
    if not scope.reads_round(request.user, report_round):
        raise Http404("Không tìm thấy trang.")
    return found


def rollup_view(request: AuthedRequest, form: str, period: str) -> HttpResponse:
    data = _table(request, form, period)
    return render(
        request, "statforms/rollup_period.html", {"data": data, "round": data.rollup.report_round}
    )


def rollup_xlsx_view(request: AuthedRequest, form: str, period: str) -> HttpResponse:
    return rollup_xlsx_response(_table(request, form, period))


def rollup_word_view(request: AuthedRequest, form: str, period: str) -> HttpResponse:
    data = _table(request, form, period)
    content = build_rollup_report(data, timezone.localdate())
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{file_name(data)}"'
    return response


def version_view(request: AuthedRequest, submission_id: int) -> HttpResponse:
    require(request.user, Action.VIEW_REPORTS)
    page = version_page(request.user, submission_id)
    return render(request, "statforms/version_page.html", {"page": page})
