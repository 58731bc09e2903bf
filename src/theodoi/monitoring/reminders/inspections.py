"""Inspections whose team still owes its report (Regulation 1142 Art. 17.1: within 5 working
days after the inspection ends, `inspections.rules.report_due`), reminded against that day
like a task's deadline — before it (the policy's "days before"), on it, and every N working
days while overdue — to the team's people who sign in (its head and members serving now, of
our side); once the report is overdue the Office, which follows the inspections, is told too
(docs/inspections.md, "Hồ sơ, báo cáo, thông báo và kiến nghị").

An inspection is owed a report from its decision until the report is recorded (the partner's
report received counts); an archived inspection is owed nothing. Each reminder is kept once
(`InspectionReminder`, unique by inspection, due date and stage) in the daily job's
transaction, which holds the day's run lock (`job.run_reminders`): a second run finds it sent
and writes nothing. The notifications go out with the others (in-app, and e-mail at once or
in the day's digest, as each person chose).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse

from theodoi.core.dates import format_date, in_range
from theodoi.inspections.models import Inspection, InspectionReminder, TeamMember
from theodoi.inspections.rules import report_due
from theodoi.inspections.scope import SERVING
from theodoi.monitoring.reminders.common import Day, unique, write_kept
from theodoi.monitoring.schedule import Stage, deadline_stage
from theodoi.notifications.services import Draft
from theodoi.partners.models import Side
from theodoi.workcalendar.services import WorkingCalendar


@dataclass(frozen=True)
class Owed:
    pk: int
    title: str
    end: date
    due: date


@dataclass
class InspectionPlanned:
    inspection: Owed
    stage: Stage
    title: str
    body: str
    users: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.inspection.pk, self.inspection.due.isoformat(), self.stage.key)


def owed_reports(horizon: date, calendar: WorkingCalendar) -> list[Owed]:
    """The decided inspections without a report whose report is due up to `horizon`."""
    rows = Inspection.objects.filter(
        decision__isnull=False, report__isnull=True, archived_on__isnull=True, end__lte=horizon
    ).values_list("pk", "title", "end")
    owed = [Owed(pk, title, end, report_due(end, calendar)) for pk, title, end in rows]
    return [o for o in owed if o.due <= horizon and in_range(o.due)]


def earliest_due(owed: list[Owed], earlier: date) -> date:
    return min([earlier, *(o.due for o in owed)])


def team_people(owed: list[Owed]) -> dict[int, list[int]]:
    """The team's people who sign in, head first, by inspection."""
    rows = (
        TeamMember.objects.filter(
            inspection_id__in=[o.pk for o in owed],
            state__in=SERVING,
            side=Side.OURS,
            user__is_active=True,
        )
        .order_by("inspection_id", "order", "pk")
        .values_list("inspection_id", "user_id")
    )
    people: dict[int, list[int]] = defaultdict(list)
    for inspection_id, user_id in rows:
        people[inspection_id].append(user_id)
    return people


def _title(stage: Stage, what: str) -> str:
    if stage.kind == "before":
        return f"Còn {stage.count} ngày làm việc đến hạn báo cáo kết quả kiểm tra — {what}"
    if stage.kind == "due":
        return f"Hôm nay đến hạn báo cáo kết quả kiểm tra — {what}"
    return f"Quá hạn báo cáo kết quả kiểm tra {stage.late} ngày làm việc — {what}"


def inspection_reminders(
    day: Day, owed: list[Owed], team: dict[int, list[int]], office: list[int]
) -> list[InspectionPlanned]:
    planned = []
    for inspection in owed:
        stage = deadline_stage(day.days, day.policy, inspection.due, day.as_of)
        if stage is None:
            continue
        users = team.get(inspection.pk, [])
        if stage.kind == "overdue":
            users = unique([*users, *office])
        body = (
            f"Kết thúc kiểm tra ngày {format_date(inspection.end)}; hạn báo cáo kết quả "
            f"{format_date(inspection.due)} (5 ngày làm việc, Điều 17.1). Đoàn kiểm tra chưa "
            "ghi báo cáo kết quả."
        )
        planned.append(
            InspectionPlanned(inspection, stage, _title(stage, inspection.title), body, users)
        )
    return planned


def write_inspection_reminders(
    planned: list[InspectionPlanned], as_of: date, moment: datetime
) -> tuple[list[Draft], int]:
    """Keep the reminders not sent before (`common.write_kept`) and return their
    notifications, with how many people's reminders had been sent before (skipped)."""
    return write_kept(
        planned,
        as_of,
        moment,
        model=InspectionReminder,
        owner="inspection",
        prefix="kiemtra",
        url=lambda p: reverse("inspections:detail", args=[p.inspection.pk]),
    )
