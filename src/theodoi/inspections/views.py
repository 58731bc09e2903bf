"""The inspections' pages under /kiem-tra/: the list and one inspection (docs/inspections.md).

The inspection's page is made of sections, one template each (`inspections/_*.html`), filled
by the module that owns the part: the decision and team, the records requests, the report and
notice with the recommendations, the inspection file."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from theodoi.core.access import Action, require
from theodoi.core.downloads import xlsx_download
from theodoi.core.http import AuthedRequest
from theodoi.inspections import scope
from theodoi.inspections.creation_views import origin_context
from theodoi.inspections.decision_views import decision_context
from theodoi.inspections.dossier import with_papers
from theodoi.inspections.file_views import file_context
from theodoi.inspections.list_export import inspections_xlsx
from theodoi.inspections.list_page import list_context
from theodoi.inspections.results_reads import results_context
from theodoi.inspections.rules import report_due
from theodoi.inspections.status import Facts, status_of


def list_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_INSPECTIONS)
    context = list_context(request)
    if request.GET.get("xuat") == "xlsx":
        content = inspections_xlsx(context["rows"], context["filters"], timezone.localtime())
        return xlsx_download(content, "danh-sach-kiem-tra.xlsx")
    return render(request, "inspections/list.html", context)


def detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_INSPECTIONS)
    inspection = get_object_or_404(
        with_papers(scope.visible_inspections(request.user)).select_related("conducted_by"), pk=pk
    )
    due = report_due(inspection.end)
    context = {
        "inspection": inspection,
        "report_due": due,
        "status": status_of(Facts.of(inspection, due), timezone.localdate()),
    }
    context.update(origin_context(inspection, request.user))
    context.update(file_context(inspection, request.user))
    context.update(decision_context(inspection, request.user))
    context.update(results_context(inspection, request.user))
    return render(request, "inspections/inspection.html", context)
