"""The Excel template of a unit's form: download it (whoever reads the report). Thin: the
rules are in `workbook` and the services it calls."""

from django.http import Http404, HttpResponse

from theodoi.core.access import Action, require
from theodoi.core.downloads import xlsx_download
from theodoi.core.http import AuthedRequest
from theodoi.reports import scope
from theodoi.reports.models import ReportRequest
from theodoi.statforms.workbook import template_for


def _form_request(request: AuthedRequest, pk: int) -> ReportRequest:
    """The request `pk` if it is a form's and the person may read it (else 404)."""
    require(request.user, Action.VIEW_REPORTS)
    report = scope.request_for(request.user, pk)
    if not report.round.form_code:
        raise Http404("Báo cáo này không có biểu mẫu.")
    return report


def template_view(request: AuthedRequest, pk: int) -> HttpResponse:
    made = template_for(_form_request(request, pk))
    return xlsx_download(made.content, made.filename)
