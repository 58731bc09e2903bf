"""Coordinating units that have not sent their input, against the lead's internal deadline
less `coordination_days`: their heads, before and on that day."""

from datetime import date

from theodoi.core.dates import format_date
from theodoi.monitoring.models import ReminderKind
from theodoi.monitoring.reminders.common import Day, Planned, TaskRowData, summary
from theodoi.monitoring.reminders.lead import chased
from theodoi.monitoring.schedule import deadline_stage
from theodoi.tasks import events
from theodoi.tasks.models import EventKind, TaskCoordination, TaskEvent


def coordination_reminders(day: Day, tasks: list[TaskRowData], horizon: date) -> list[Planned]:
    if not tasks:
        return []
    by_id = {t["id"]: t for t in tasks}
    coordinations = TaskCoordination.objects.filter(task__in=chased(horizon)).values_list(
        "task_id", "unit_id"
    )
    given = {
        (task_id, events.contributing_unit_id(data or {}))
        for task_id, data in TaskEvent.objects.filter(
            task__in=chased(horizon), action=EventKind.CONTRIBUTE
        ).values_list("task_id", "data")
    }
    planned = []
    for task_id, unit_id in coordinations:
        task = by_id.get(task_id)
        if task is None or (task_id, unit_id) in given:
            continue
        if day.as_of > task["internal_deadline"]:
            continue  # the lead unit's own overdue reminders take over
        due = day.days.shift(task["internal_deadline"], -day.policy.coordination_days)
        stage = deadline_stage(day.days, day.policy, due, day.as_of, overdue=False)
        if stage is None:
            continue
        title = (
            f"Đơn vị phối hợp — hôm nay đến hạn gửi ý kiến: {summary(task)}"
            if stage.kind == "due"
            else f"Đơn vị phối hợp — còn {stage.count} ngày làm việc đến hạn "
            f"gửi ý kiến: {summary(task)}"
        )
        body = (
            f"{day.unit(task['lead_unit_id'])} (chủ trì) cần ý kiến phối hợp chậm nhất ngày "
            f"{format_date(due)} "
            f"(hạn gửi Văn phòng {format_date(task['internal_deadline'])})."
        )
        planned.append(
            Planned(
                task,
                ReminderKind.COORDINATION,
                unit_id,
                due.isoformat(),
                stage,
                title,
                body,
                list(day.heads.get(unit_id, [])),
            )
        )
    return planned
