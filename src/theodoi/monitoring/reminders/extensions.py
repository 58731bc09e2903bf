"""Extension requests waiting for a decision: the assigning leader (or every leader if the
task names none), after `extension_after` working days and then every N."""

from datetime import date
from typing import Any

from django.utils import timezone

from theodoi.accounts.models import Role, UserRole
from theodoi.core.dates import format_date
from theodoi.monitoring.models import ReminderKind
from theodoi.monitoring.reminders.common import Day, Planned, summary
from theodoi.monitoring.schedule import waiting_stage
from theodoi.tasks.models import ExtensionRequest, ExtensionStatus, Task


def pending_requests() -> list[Any]:
    return list(
        ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values(
            "id", "requested_at", "task_id"
        )
    )


def earliest_request(pending: list[dict], earliest: date) -> date:
    """The earlier of `earliest` and the day the oldest waiting request was made."""
    for request in pending:
        earliest = min(earliest, timezone.localdate(request["requested_at"]))
    return earliest


def extension_reminders(day: Day, pending: list[dict]) -> list[Planned]:
    if not pending:
        return []
    tasks = {
        t["id"]: t
        for t in Task.objects.filter(pk__in=[r["task_id"] for r in pending]).values(
            "id",
            "code",
            "content",
            "lead_unit_id",
            "leader_id",
            "state",
            "deadline",
            "internal_deadline",
            "document__number",
            "parent_id",
        )
    }
    leaders = list(
        UserRole.objects.filter(role=Role.LEADER, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    planned = []
    for request in pending:
        task = tasks[request["task_id"]]
        since = timezone.localdate(request["requested_at"])
        stage = waiting_stage(day.days, day.policy, since, day.as_of)
        if stage is None or task["lead_unit_id"] is None:
            continue
        title = (
            f"{day.unit(task['lead_unit_id'])}: đề nghị gia hạn chờ quyết định "
            f"{stage.late} ngày làm việc — {summary(task)}"
        )
        body = f"Đơn vị đề nghị gia hạn ngày {format_date(since)}; cần lãnh đạo quyết định."
        users = [task["leader_id"]] if task["leader_id"] else leaders
        planned.append(
            Planned(
                task,
                ReminderKind.EXTENSION,
                task["lead_unit_id"],
                f"gh{request['id']}",
                stage,
                title,
                body,
                list(users),
            )
        )
    return planned
