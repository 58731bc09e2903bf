"""Lead units, against the internal deadline (the day the result is due at the Office):
before it, on it, and while overdue. Before the deadline the people the unit gave the task to
are told (its head if nobody was named yet); once it is `head_after` working days late its head
too, and from `leader_after` days the leader who assigned it."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from theodoi.core.dates import format_date
from theodoi.monitoring.models import ReminderKind
from theodoi.monitoring.reminders.common import (
    Day,
    Planned,
    TaskRowData,
    by_task,
    summary,
    unique,
)
from theodoi.monitoring.schedule import Stage, deadline_stage
from theodoi.monitoring.services import CHASED
from theodoi.tasks.models import State, Task


def chased(horizon: date) -> QuerySet[Task]:
    """Tasks a lead unit is still working on, with an internal deadline up to `horizon`."""
    return Task.objects.filter(
        state__in=CHASED,
        fanned_out=False,
        internal_deadline__isnull=False,
        internal_deadline__lte=horizon,
        lead_unit__isnull=False,
    )


def load_tasks(horizon: date) -> list[Any]:
    return list(
        chased(horizon).values(
            "id",
            "code",
            "content",
            "internal_deadline",
            "deadline",
            "lead_unit_id",
            "leader_id",
            "state",
            "document__number",
            "parent_id",
        )
    )


def _title(stage: Stage, task: TaskRowData, unit: str) -> str:
    what = summary(task)
    if stage.kind == "before":
        return f"{unit}: còn {stage.count} ngày làm việc đến hạn gửi Văn phòng — {what}"
    if stage.kind == "due":
        return f"{unit}: hôm nay đến hạn gửi Văn phòng — {what}"
    return f"{unit}: quá hạn {stage.late} ngày làm việc — {what}"


def lead_reminders(day: Day, tasks: list[TaskRowData], horizon: date) -> list[Planned]:
    policy = day.policy
    assignees = by_task(
        Task.assignees.through.objects.filter(task__in=chased(horizon)).values_list(
            "task_id", "user_id"
        )
    )
    planned = []
    for task in tasks:
        deadline = task["internal_deadline"]
        stage = deadline_stage(day.days, policy, deadline, day.as_of)
        if stage is None:
            continue
        unit_id = task["lead_unit_id"]
        heads = day.heads.get(unit_id, [])
        users = list(assignees.get(task["id"], [])) if task["state"] == State.IN_PROGRESS else []
        if not users or (stage.kind == "overdue" and stage.late >= policy.head_after):
            users += heads
        if stage.kind == "overdue" and stage.late >= policy.leader_after:
            users += [task["leader_id"]] if task["leader_id"] else []
        body = (
            f"Hạn gửi kết quả cho Văn phòng: {format_date(deadline)}"
            + (f"; thời hạn báo cáo: {format_date(task['deadline'])}" if task["deadline"] else "")
            + (f". Văn bản: {task['document__number']}." if task["document__number"] else ".")
        )
        planned.append(
            Planned(
                task,
                ReminderKind.LEAD,
                unit_id,
                deadline.isoformat(),
                stage,
                _title(stage, task, day.unit(unit_id)),
                body,
                unique(users),
            )
        )
    return planned
