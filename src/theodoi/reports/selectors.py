"""What the reports pages read: a unit's requests, the rounds a person reviews, one request's
versions. Each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from theodoi.accounts.models import User
from theodoi.reports import scope
from theodoi.reports.adhoc import is_late
from theodoi.reports.models import ReportFile, ReportRequest, ReportRound, ReportSubmission


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
