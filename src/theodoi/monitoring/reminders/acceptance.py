"""New tasks waiting for the lead unit to accept or return them (Art. 5.3): the unit has
`acceptance_days` working days from the day it was assigned. Its heads are reminded on the
window's last day and then, while it waits, on the policy's overdue rhythm; from
`leader_after` working days late the Office's trackers (who pass the assignment on and take
returns to the leader, Art. 5.2) and the leader who assigned it are told too."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from theodoi.accounts.models import Role, UserRole
from theodoi.core.dates import format_date
from theodoi.monitoring.models import ReminderKind
from theodoi.monitoring.reminders.common import Day, Planned, summary, unique
from theodoi.monitoring.schedule import deadline_stage
from theodoi.tasks.models import State, Task

LOOKBACK = timedelta(days=366)  # a task waiting longer is a record to correct, not chased


def waiting_tasks(as_of: date) -> list[Any]:
    """Tasks assigned to one lead unit and not yet accepted or returned."""
    return list(
        Task.objects.filter(
            state=State.ASSIGNED,
            fanned_out=False,
            lead_unit__isnull=False,
            assigned_on__isnull=False,
            assigned_on__lte=as_of,
            assigned_on__gte=as_of - LOOKBACK,
        ).values(
            "id",
            "code",
            "content",
            "assigned_on",
            "lead_unit_id",
            "leader_id",
            "state",
            "parent_id",
        )
    )


def office_people() -> list[int]:
    return list(
        UserRole.objects.filter(role=Role.TRACKER, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def acceptance_reminders(
    day: Day, tasks: list[Any], units: Mapping[int, str], office: list[int]
) -> list[Planned]:
    # only the window's last day and the days after it: no "N days left" for a window of two
    policy = replace(day.policy, before=(), on_day=True)
    planned = []
    for task in tasks:
        ends = day.days.shift(task["assigned_on"], policy.acceptance_days)
        stage = deadline_stage(day.days, policy, ends, day.as_of)
        if stage is None:
            continue
        unit = units.get(task["lead_unit_id"], "Đơn vị chủ trì")
        users = list(day.heads.get(task["lead_unit_id"], []))
        if stage.kind == "overdue" and stage.late >= policy.leader_after:
            users += office + ([task["leader_id"]] if task["leader_id"] else [])
        if stage.kind == "due":
            title = f"Hôm nay hết hạn nhận nhiệm vụ mới giao cho {unit}: {summary(task)}"
        else:
            title = f"{unit} quá {stage.late} ngày làm việc chưa nhận nhiệm vụ: {summary(task)}"
        body = (
            f"Nhiệm vụ giao cho {unit} ngày {format_date(task['assigned_on'])}; đơn vị nhận "
            f"hoặc chuyển lại (nêu rõ lý do, đề xuất) chậm nhất ngày {format_date(ends)}."
        )
        planned.append(
            Planned(
                task,
                ReminderKind.ACCEPTANCE,
                task["lead_unit_id"],
                ends.isoformat(),
                stage,
                title,
                body,
                unique(users),
            )
        )
    return planned
