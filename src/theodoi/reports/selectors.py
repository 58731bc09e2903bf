"""What the reports pages read: a unit's requests, the rounds a person reviews, one request's
versions. Each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from theodoi.accounts.models import User
from theodoi.core.periods import parse_period
from theodoi.reports import scope
from theodoi.reports.adhoc import is_late
from theodoi.reports.models import (
    ReportFile,
    ReportRequest,
    ReportRound,
    ReportSubmission,
)


@dataclass(frozen=True)
class RequestRow:
    request: ReportRequest
    late: bool  # first sent after the due date, or nothing sent and the due date has passed
    missing: bool  # nothing sent and the due date has passed


def row_of(request: ReportRequest, today: date) -> RequestRow:
    due = request.round.due_date
    return RequestRow(
        request,
        is_late(request, due, today),
        request.first_submitted_at is None and today > due,
    )


def rounds_of(user: User, limit: int = 200) -> QuerySet[ReportRound]:
    """The rounds `user` reviews or reads, with their counts of requests and of those sent."""
    return (
        scope.reviewed_rounds(user)
        .select_related("collector")
        .annotate(
            units=Count("requests"),
            sent=Count("requests", filter=Q(requests__first_submitted_at__isnull=False)),
        )
        .order_by("-due_date", "title")[:limit]
    )


def versions_of(request: ReportRequest) -> list[ReportSubmission]:
    """The request's versions, newest first, each with its files and review (3 queries)."""
    return list(
        request.submissions.select_related("review__reviewed_by", "submitted_by")
        .prefetch_related(Prefetch("files", queryset=ReportFile.objects.order_by("id")))
        .order_by("-number")
    )


def draft_files(request: ReportRequest) -> list[ReportFile]:
    return list(request.files.filter(submission__isnull=True).order_by("id"))


def listed(
    user: User,
    *,
    type_code: str | None = None,
    period: str | None = None,
    unit_code: str | None = None,
    state: str | None = None,
    ad_hoc: str = "ad_hoc",
) -> QuerySet[ReportRequest]:
    """The requests `user` may read (`scope.visible_requests`) of a report type (its code, or
    `ad_hoc` for the Office's ad-hoc requests), a period (its slug), a unit (its code) and a
    state, newest due date first, with the number of their latest version (`last_version`).
    An unknown type or unit matches nothing, as on the round page; a period not written as
    a slug is refused, named."""
    found = scope.visible_requests(user)
    if type_code == ad_hoc:
        found = found.filter(round__report_type__isnull=True)
    elif type_code:
        found = found.filter(round__report_type__code=type_code)
    if period:
        found = found.filter(round__period=parse_period(period).slug)
    if unit_code:
        found = found.filter(unit__code__iexact=unit_code.strip())
    if state:
        found = found.filter(state=state)
    return (
        found.select_related("round__report_type", "round__collector", "unit")
        .annotate(last_version=Max("submissions__number"))
        .order_by("-round__due_date", "round__title", "unit__code", "id")
    )
