"""A leader's decisions at any time while a task is open: suspend, resume, cancel."""

from datetime import datetime

from django.db import transaction

from theodoi.accounts.models import User
from theodoi.tasks import events, notices
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
    entry = events.suspended(reason=reason)
    finish_step(step, entry)
    notices.tell(step, entry)
    return task


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
    entry = events.resumed(reason=reason)
    finish_step(step, entry, state=back_to)
    notices.tell(step, entry)
    return task


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
    children = []
    if task.is_parent:
        children = list(task.children.exclude(state__in=[State.DONE, State.CANCELLED]))
        for child in children:
            follow(child, State.CANCELLED, step, events.cancelled(reason=reason))
    entry = events.cancelled(reason=reason)
    finish_step(step, entry)
    notices.tell(step, entry, children)  # a task of several units: each unit's own task
    return task
