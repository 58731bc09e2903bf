"""The collecting unit's decisions on a unit's report: accept or return the version that
waits (with comments), reopen an accepted report with a reason. `run` takes the decision as
data (the API); `decide` as posted from a page, shared by the report's page
(`reports.views`) and a statistical form's page (`statforms.views_review`). The steps
themselves are `reports.services`'."""

from django.http import Http404, QueryDict

from theodoi.accounts.models import User
from theodoi.core.forms import submit
from theodoi.reports import services
from theodoi.reports.forms import ReopenForm, ReviewForm
from theodoi.reports.models import ReportRequest

DONE = {"accept": "tiếp nhận", "return": "trả lại", "reopen": "mở lại"}


def run(actor: User, report: ReportRequest, decision: str, *, version: int, text: str) -> None:
    """Run `decision` on the version `version` of the request; `text` is the comment (accept,
    return) or the reason (reopen). Raises the service's refusal."""
    if decision == "reopen":
        services.report_reopen(actor=actor, request=report, expected_version=version, reason=text)
    elif decision in ("accept", "return"):
        service = services.report_accept if decision == "accept" else services.report_return
        service(actor=actor, request=report, expected_version=version, comment=text)
    else:
        raise Http404("Không có thao tác này.")


def decide(
    actor: User, report: ReportRequest, decision: str, data: QueryDict
) -> tuple[ReviewForm | ReopenForm, bool]:
    """Run `decision` ("accept", "return" or "reopen") with the posted `data`; the bound
    form (carrying the refusal when there is one) and whether it was done."""
    form: ReviewForm | ReopenForm
    form = ReopenForm(data) if decision == "reopen" else ReviewForm(data)
    if not form.is_valid():
        return form, False
    text = form.cleaned_data["reason" if decision == "reopen" else "comment"]
    version = form.cleaned_data["version"]

    def act() -> bool:
        run(actor, report, decision, version=version, text=text)
        return True

    return form, submit(form, act) is not None
