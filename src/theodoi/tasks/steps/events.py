"""Tasks whose deadline runs from an event ("Khi có đề nghị", "Sau khi Quyết định … được ký",
"trong vòng 05 ngày làm việc kể từ …"): recording the day the event happened sets the deadline.

The task keeps the event as written and its schedule (`Task.event_text`, `event_days`,
`event_working_days`); until the event is recorded it has no deadline and statistics count it
under "no deadline". Recording it (the Office, or the lead unit's heads and staff, while the
task is assigned or under way) sets the deadline — N days, or N working days, after the event,
or the one the person enters when the text gives none — with the internal deadline 1 working
day before it, like any deadline (`set_deadline`). One event per task: once it has a deadline
the task no longer waits (an event that happens again is a new task; docs/tasks.md).
"""

from datetime import date, datetime, timedelta

from django.db import transaction

from theodoi.accounts.models import User
from theodoi.core.dates import format_date, in_range, range_message
from theodoi.core.errors import Code, ValidationFailed
from theodoi.tasks import events, notices
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import Task
from theodoi.tasks.steps.base import begin_step, check_deadline, finish_step, set_deadline
from theodoi.workcalendar.services import get_calendar


def deadline_after(task: Task, happened_on: date) -> date | None:
    """The deadline the task's schedule gives for an event on `happened_on` (None: the text
    gives no number of days, a person enters it)."""
    if task.event_days is None:
        return None
    if task.event_working_days:
        return get_calendar().add_working_days(happened_on, task.event_days)
    return happened_on + timedelta(days=task.event_days)


@transaction.atomic
def task_record_event(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    happened_on: date | None,
    deadline: date | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Task:
    """The event `task` waits for happened on `happened_on`: its deadline is set from the
    schedule (or `deadline`, when the schedule gives none), the Office and the lead unit's
    heads are told."""
    step = begin_step(actor, task, Act.RECORD_EVENT, expected_version, at)
    if not task.waiting_for_event:
        raise ValidationFailed(
            {"__all__": "Nhiệm vụ không chờ sự kiện phát sinh (đã có thời hạn)."},
            Code.WRONG_STATE,
        )
    if happened_on is None:
        raise ValidationFailed({"happened_on": "Cần ghi ngày sự kiện phát sinh."}, Code.REQUIRED)
    if not in_range(happened_on):
        raise ValidationFailed({"happened_on": range_message("Ngày sự kiện", happened_on)})
    if happened_on > step.day:
        raise ValidationFailed(
            {
                "happened_on": f"Ngày sự kiện {format_date(happened_on)} chưa đến "
                f"(hôm nay là {format_date(step.day)})."
            }
        )
    issued_on = task.document.issued_on
    if happened_on < issued_on:
        raise ValidationFailed(
            {
                "happened_on": f"Ngày sự kiện {format_date(happened_on)} trước ngày ban hành "
                f"văn bản giao nhiệm vụ ({format_date(issued_on)})."
            }
        )
    scheduled = deadline_after(task, happened_on)
    if scheduled is not None:
        deadline = scheduled
    elif deadline is None:
        raise ValidationFailed(
            {"deadline": "Cần nhập thời hạn: văn bản không ghi số ngày thực hiện sau sự kiện."},
            Code.REQUIRED,
        )
    elif deadline < happened_on:
        raise ValidationFailed(
            {
                "deadline": f"Thời hạn {format_date(deadline)} trước ngày sự kiện "
                f"({format_date(happened_on)})."
            }
        )
    check_deadline(task.document, deadline)
    set_deadline(task, deadline)
    task.original_deadline = task.deadline
    task.original_internal_deadline = task.internal_deadline
    task.update_period = ""
    task.event_on = happened_on
    text = (
        f"Sự kiện «{task.event_text}» phát sinh ngày {format_date(happened_on)}; "
        f"thời hạn {format_date(deadline)}."
    )
    entry = events.event_recorded(
        happened_on=happened_on, deadline=deadline, note=" ".join([text, note.strip()]).strip()
    )
    finish_step(step, entry)
    notices.tell(step, entry)
    return task
