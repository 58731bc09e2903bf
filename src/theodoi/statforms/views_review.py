"""The collecting unit's review of a unit's form from the form page: accept or return the
version that waits (with comments), reopen an accepted form with a reason. The steps are the
reports app's (`reports.decisions`); a refusal is shown on the form page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from theodoi.core.http import AuthedRequest
from theodoi.reports.decisions import DONE, decide
from theodoi.reports.forms import ReopenForm
from theodoi.statforms.views import form_request, render_entry


@require_POST
def review_view(request: AuthedRequest, pk: int, decision: str) -> HttpResponse:
    report = form_request(request, pk)
    form, done = decide(request.user, report, decision, request.POST)
    if done:
        name = report.unit.short_name or report.unit.name
        messages.success(request, f"Đã {DONE[decision]} biểu mẫu của {name}.")
        return redirect("statforms:entry", pk=pk)
    for error in form.non_field_errors():
        messages.error(request, str(error))
    if isinstance(form, ReopenForm):
        return render_entry(request, report, reopen_form=form, status=422)
    return render_entry(request, report, review_form=form, status=422)
