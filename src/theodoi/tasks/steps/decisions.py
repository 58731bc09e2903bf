"""A leader's decisions at any time while a task is open: suspend, resume, cancel."""

from datetime import datetime

from django.db import transaction

from theodoi.accounts.models import User
from theodoi.tasks import events
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import State, Task
from theodoi.tasks.steps.base import begin_step, finish_step, follow, required


@transaction.atomic
def task_suspend(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    reason: str,
    at: datetime | None = None,
) -> Task:
    step = begin_step(actor, task, Act.SUSPEND, expected_version, at)
    reason = required(reason, "reason", "Cần ghi lý do (quyết định) tạm dừng.")
    task.resume_state = task.state
    return finish_step(step, events.suspended(reason=reason))


@transaction.atomic
def task_resume(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    reason: str,
    at: datetime | None = None,
) -> Task:
    """Back to the state the task was suspended in."""
    step = begin_step(actor, task, Act.RESUME, expected_version, at)
    reason = required(reason, "reason", "Cần ghi lý do tiếp tục thực hiện.")
    back_to = State(task.resume_state or State.ASSIGNED)
    task.resume_state = ""
    return finish_step(step, events.resumed(reason=reason), state=back_to)


@transaction.atomic
def task_cancel(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    reason: str,
    at: datetime | None = None,
) -> Task:
    """Cancelled with its units' own tasks, if it was assigned to several."""
    step = begin_step(actor, task, Act.CANCEL, expected_version, at)
    reason = required(reason, "reason", "Cần ghi lý do (quyết định) hủy nhiệm vụ.")
    if task.is_parent:
        for child in task.children.exclude(state__in=[State.DONE, State.CANCELLED]):
            follow(child, State.CANCELLED, step, events.cancelled(reason=reason))
    return finish_step(step, events.cancelled(reason=reason))
