"""What the inspection's page shows of its records requests, report, notice and
recommendations (`_requests.html`, `_results.html`): read here, in a few queries, for
`views.detail_view`."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.inspections import scope
from theodoi.inspections.models import Inspection, InspectionReport, Recommendation
from theodoi.inspections.reporting import days_late
from theodoi.partners.models import Side
from theodoi.tasks.forms import leaders
from theodoi.tasks.models import Attachment, EventKind, Task


@dataclass(frozen=True)
class RequestRow:
    unit: str
    due: date | None
    task: Task
    files: list[Attachment]


def _received(task_ids: list[int]) -> dict[int, list[Attachment]]:
    """The files each task's unit sent (every file of the task but the assignment's scan)."""
    rows = (
        Attachment.objects.filter(task_id__in=task_ids, event__isnull=False)
        .exclude(event__action=EventKind.RECORD_ASSIGNMENT)
        .order_by("uploaded_at", "pk")
    )
    by_task: dict[int, list[Attachment]] = defaultdict(list)
    for attachment in rows:
        assert attachment.task_id is not None
        by_task[attachment.task_id].append(attachment)
    return by_task


def request_rows(inspection: Inspection) -> list[RequestRow]:
    requests = list(inspection.records_requests.select_related("unit", "task"))
    files = _received([r.task_id for r in requests])
    return [
        RequestRow(str(r.unit), r.task.deadline, r.task, files.get(r.task_id, [])) for r in requests
    ]


def recommendation_rows(inspection: Inspection) -> list[Recommendation]:
    return list(inspection.recommendations.select_related("unit", "task"))


def results_context(inspection: Inspection, user: User) -> dict[str, Any]:
    """The sections' data and what `user` may do there."""
    # the page has read it already (`views.detail_view`'s facts): the cached row, if any
    report: InspectionReport | None = getattr(inspection, "report", None)
    manage = scope.may_manage(user, inspection)
    decided = inspection.decision_id is not None
    office = Role.TRACKER in user.roles
    joint = inspection.is_joint
    return {
        "records_requests": request_rows(inspection),
        "report": report,
        "report_late_days": days_late(inspection, report.reported_on) if report else 0,
        "partner_hosts": joint and inspection.host == Side.PARTNER,
        "recommendations": recommendation_rows(inspection),
        "may_request": manage and decided and office,
        # a report is dated from the last day on, never ahead: no button before that day
        "may_report": manage
        and decided
        and report is None
        and timezone.localdate() >= inspection.end,
        "may_send": manage
        and report is not None
        and joint
        and inspection.host == Side.OURS
        and report.sent_to_other_side_on is None,
        "may_notify": manage and report is not None and inspection.notice_id is None,
        "may_assign": manage and office and inspection.notice_id is not None,
        "leaders": leaders() if manage and office else [],
    }
