"""The collecting unit's review of a unit's form from the form page: accept or return the
version that waits (with comments), reopen an accepted form with a reason. The steps are the
reports app's (`reports.services`); a refusal is shown on the form page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.reports import services
from theodoi.reports.forms import ReopenForm, ReviewForm
from theodoi.statforms.views import form_request, render_entry

DONE = {"accept": "tiếp nhận", "return": "trả lại", "reopen": "mở lại"}


@require_POST
def review_view(request: AuthedRequest, pk: int, decision: str) -> HttpResponse:
    report = form_request(request, pk)
    form = ReopenForm(request.POST) if decision == "reopen" else ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done: object = None
        if decision == "reopen":
            done = submit(
                form,
                lambda: services.report_reopen(
                    actor=request.user,
                    request=report,
                    expected_version=data["version"],
                    reason=data["reason"],
                ),
            )
        else:
            service = services.report_accept if decision == "accept" else services.report_return
            done = submit(
                form,
                lambda: service(
                    actor=request.user,
                    request=report,
                    expected_version=data["version"],
                    comment=data["comment"],
                ),
            )
        if done is not None:
            name = report.unit.short_name or report.unit.name
            messages.success(request, f"Đã {DONE[decision]} biểu mẫu của {name}.")
            return redirect("statforms:entry", pk=pk)
    for error in form.non_field_errors():
        messages.error(request, str(error))
    if isinstance(form, ReopenForm):
        return render_entry(request, report, reopen_form=form, status=422)
    return render_entry(request, report, review_form=form, status=422)
