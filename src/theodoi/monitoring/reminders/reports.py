"""Reports a unit still owes (DOMAIN §10): requests not yet sent (open, in draft, or returned
for corrections), reminded against the round's due date like a task's deadline — before it
(the policy's "days before"), on it, and every N working days while overdue — to the
reporting unit's head and staff, who write it.

Each reminder is kept once (`ReportReminder`, unique by request, due date and stage) in the
daily job's transaction, which holds the day's run lock (`job.run_reminders`): a second run
finds it sent and writes nothing. The notifications go out with the tasks' ones (in-app, and
e-mail immediately or in the day's digest, as each person chose).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.urls import NoReverseMatch, reverse

from theodoi.accounts.models import Role, UserRole
from theodoi.core.dates import format_date, in_range
from theodoi.monitoring.reminders.common import Day, unique, write_kept
from theodoi.monitoring.schedule import Stage, deadline_stage
from theodoi.notifications.services import Draft
from theodoi.reports.models import ReportReminder, ReportRequest, RequestState

OWED = (RequestState.OPEN, RequestState.DRAFT, RequestState.RETURNED)


@dataclass
class ReportPlanned:
    request: dict[str, Any]
    stage: Stage
    title: str
    body: str
    users: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.request["id"], self.request["round__due_date"].isoformat(), self.stage.key)


def owed_requests(horizon: date) -> list[dict[str, Any]]:
    """The requests not sent yet whose due date is up to `horizon`."""
    rows = ReportRequest.objects.filter(state__in=OWED, round__due_date__lte=horizon).values(
        "id", "unit_id", "state", "round__title", "round__due_date"
    )
    return [dict(r) for r in rows if in_range(r["round__due_date"])]


def earliest_due(requests: list[dict[str, Any]], earlier: date) -> date:
    """The earliest day the planner reads: `earlier` (the tasks') or a report's due date."""
    return min([earlier, *(r["round__due_date"] for r in requests)])


def unit_staff() -> dict[int, list[int]]:
    staff: dict[int, list[int]] = defaultdict(list)
    rows = UserRole.objects.filter(
        role=Role.UNIT_STAFF, user__is_active=True, user__unit__isnull=False
    ).values_list("user__unit_id", "user_id")
    for unit_id, user_id in rows:
        staff[unit_id].append(user_id)
    return staff


def request_url(pk: int) -> str:
    """The unit's report page (`reports:request`, the report pages' module)."""
    try:
        return reverse("reports:request", args=[pk])
    except NoReverseMatch:  # before the report pages are installed
        return ""


def _title(stage: Stage, unit: str, what: str) -> str:
    if stage.kind == "before":
        return f"{unit}: còn {stage.count} ngày làm việc đến hạn nộp báo cáo — {what}"
    if stage.kind == "due":
        return f"{unit}: hôm nay đến hạn nộp báo cáo — {what}"
    return f"{unit}: quá hạn nộp báo cáo {stage.late} ngày làm việc — {what}"


def _body(request: dict[str, Any]) -> str:
    due = f"Hạn nộp: {format_date(request['round__due_date'])}."
    if request["state"] == RequestState.RETURNED:
        return due + " Báo cáo đã bị trả lại: hãy sửa theo ý kiến và nộp lại."
    if request["state"] == RequestState.DRAFT:
        return due + " Bản nháp chưa được nộp."
    return due + " Đơn vị chưa soạn báo cáo."


def report_reminders(
    day: Day, requests: list[dict[str, Any]], staff: dict[int, list[int]]
) -> list[ReportPlanned]:
    planned = []
    for request in requests:
        stage = deadline_stage(day.days, day.policy, request["round__due_date"], day.as_of)
        if stage is None:
            continue
        unit_id = request["unit_id"]
        users = unique([*day.heads.get(unit_id, []), *staff.get(unit_id, [])])
        title = _title(stage, day.unit(unit_id), request["round__title"])
        planned.append(ReportPlanned(request, stage, title, _body(request), users))
    return planned


def write_report_reminders(
    planned: list[ReportPlanned], as_of: date, moment: datetime
) -> tuple[list[Draft], int]:
    """Keep the reminders not sent before (`common.write_kept`) and return their
    notifications, with how many people's reminders had been sent before (skipped)."""
    return write_kept(
        planned,
        as_of,
        moment,
        model=ReportReminder,
        owner="request",
        prefix="baocao",
        url=lambda p: request_url(p.request["id"]),
    )
