"""Tasks without a deadline that owe a progress update for their period (`tasks.updates`):
reminded like a deadline, against the period's last working day — before it, on it and while
overdue, to the same people as the lead unit's reminders (`lead.py`)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from theodoi.core.dates import format_date
from theodoi.monitoring.models import ReminderKind
from theodoi.monitoring.reminders.common import Day, Planned, by_task, summary, unique
from theodoi.monitoring.schedule import deadline_stage
from theodoi.tasks.models import Task, UpdatePeriod
from theodoi.tasks.updates import FOLLOWED, last_working_day, owed_start
from theodoi.workcalendar.services import WorkingCalendar


def followed_tasks() -> list[Any]:
    return list(
        Task.objects.filter(FOLLOWED).values(
            "id",
            "code",
            "content",
            "assigned_on",
            "last_update_on",
            "update_period",
            "lead_unit_id",
            "leader_id",
            "state",
            "parent_id",
        )
    )


def _period_name(period: str, start: date) -> str:
    if period == UpdatePeriod.MONTH:
        return f"tháng {start.month:02d}/{start.year}"
    if period == UpdatePeriod.QUARTER:
        return f"quý {(start.month - 1) // 3 + 1}/{start.year}"
    if period == UpdatePeriod.HALF:
        return f"6 tháng {'đầu' if start.month == 1 else 'cuối'} năm {start.year}"
    return f"năm {start.year}"


def update_reminders(
    day: Day,
    calendar: WorkingCalendar,
    tasks: list[Any],
    horizon: date,
    units: Mapping[int, str],
) -> list[Planned]:
    if not tasks:
        return []
    assignees = by_task(
        Task.assignees.through.objects.filter(task__in=Task.objects.filter(FOLLOWED)).values_list(
            "task_id", "user_id"
        )
    )
    policy = day.policy
    planned = []
    for task in tasks:
        period = task["update_period"]
        start = owed_start(calendar, period, task["assigned_on"], task["last_update_on"], day.as_of)
        due = last_working_day(calendar, period, start)
        if due > horizon:
            continue  # no reminder of this period can have come yet
        stage = deadline_stage(day.days, policy, due, day.as_of)
        if stage is None:
            continue
        users = list(assignees.get(task["id"], []))
        heads = day.heads.get(task["lead_unit_id"], [])
        if not users or (stage.kind == "overdue" and stage.late >= policy.head_after):
            users += heads
        if stage.kind == "overdue" and stage.late >= policy.leader_after:
            users += [task["leader_id"]] if task["leader_id"] else []
        unit = units.get(task["lead_unit_id"], "Đơn vị chủ trì")
        name = _period_name(period, start)
        if stage.kind == "before":
            title = f"{unit}: còn {stage.count} ngày làm việc đến hạn cập nhật {name}"
        elif stage.kind == "due":
            title = f"{unit}: hôm nay đến hạn cập nhật {name}"
        else:
            title = f"{unit}: quá {stage.late} ngày làm việc chưa cập nhật {name}"
        title += f" — {summary(task)}"
        last = task["last_update_on"]
        body = (
            f"Nhiệm vụ không có thời hạn của {unit}, cập nhật tình hình theo kỳ "
            f"({UpdatePeriod(period).label.lower()}): hạn cập nhật {name} là ngày "
            f"{format_date(due)}; "
            + (f"cập nhật gần nhất ngày {format_date(last)}." if last else "chưa cập nhật lần nào.")
        )
        planned.append(
            Planned(
                task,
                ReminderKind.UPDATE,
                task["lead_unit_id"],
                due.isoformat(),
                stage,
                title,
                body,
                unique(users),
            )
        )
    return planned
