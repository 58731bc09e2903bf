"""The collecting unit's decisions on a unit's report, as posted from a page: accept or
return the version that waits (with comments), reopen an accepted report with a reason.
Shared by the report's page (`reports.views`) and a statistical form's page
(`statforms.views_review`); the steps themselves are `reports.services`'."""

from django.http import QueryDict

from theodoi.accounts.models import User
from theodoi.core.forms import submit
from theodoi.reports import services
from theodoi.reports.forms import ReopenForm, ReviewForm
from theodoi.reports.models import ReportRequest

DONE = {"accept": "tiếp nhận", "return": "trả lại", "reopen": "mở lại"}


def decide(
    actor: User, report: ReportRequest, decision: str, data: QueryDict
) -> tuple[ReviewForm | ReopenForm, bool]:
    """Run `decision` ("accept", "return" or "reopen") with the posted `data`; the bound
    form (carrying the refusal when there is one) and whether it was done."""
    if decision == "reopen":
        reopen = ReopenForm(data)
        if not reopen.is_valid():
            return reopen, False
        done = submit(
            reopen,
            lambda: services.report_reopen(
                actor=actor,
                request=report,
                expected_version=reopen.cleaned_data["version"],
                reason=reopen.cleaned_data["reason"],
            ),
        )
        return reopen, done is not None
    review = ReviewForm(data)
    if not review.is_valid():
        return review, False
    service = services.report_accept if decision == "accept" else services.report_return
    reviewed = submit(
        review,
        lambda: service(
            actor=actor,
            request=report,
            expected_version=review.cleaned_data["version"],
            comment=review.cleaned_data["comment"],
        ),
    )
    return review, reviewed is not None
