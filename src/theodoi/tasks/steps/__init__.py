"""Every step of the task cycle (Regulation 1142, Art. 5-7) as one typed function (the writes).

`base` holds what every step does (check the table and the version, record the event, keep the
statistics); the other modules follow the cycle: assignment, returns, execution, extensions,
results, decisions, and `events` (a task whose deadline runs from an event). Callers use
`steps.task_assign(...)` and so on.
"""

from theodoi.tasks.steps.assignment import (
    fan_out_child,
    task_accept,
    task_assign,
    task_confirm,
    task_distribute,
    task_propose,
    task_record_assignment,
    task_return,
    unsaved_child,
)
from theodoi.tasks.steps.base import (
    Files,
    Step,
    begin_step,
    check_deadline,
    check_step,
    finish_step,
    moment_of,
    required,
    search_text_of,
    set_coordination,
    set_deadline,
)
from theodoi.tasks.steps.decisions import task_cancel, task_resume, task_suspend
from theodoi.tasks.steps.events import deadline_after, task_record_event
from theodoi.tasks.steps.execution import task_chase, task_contribute, task_progress
from theodoi.tasks.steps.extensions import extension_decide, extension_request
from theodoi.tasks.steps.results import (
    task_approve,
    task_forward,
    task_report,
    task_send_back,
    task_submit,
)
from theodoi.tasks.steps.returns import task_refer, task_request_reassignment

__all__ = [
    "Files",
    "Step",
    "begin_step",
    "check_deadline",
    "check_step",
    "deadline_after",
    "extension_decide",
    "extension_request",
    "fan_out_child",
    "finish_step",
    "moment_of",
    "required",
    "search_text_of",
    "set_coordination",
    "set_deadline",
    "task_accept",
    "task_approve",
    "task_assign",
    "task_cancel",
    "task_chase",
    "task_confirm",
    "task_contribute",
    "task_distribute",
    "task_forward",
    "task_progress",
    "task_propose",
    "task_record_assignment",
    "task_record_event",
    "task_refer",
    "task_report",
    "task_request_reassignment",
    "task_resume",
    "task_return",
    "task_send_back",
    "task_submit",
    "task_suspend",
    "unsaved_child",
]
