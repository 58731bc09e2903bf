"""Where the rest of the system tells webhooks what happened: one call from each place, each
building its payload only when a subscription wants the event (a site without webhooks pays
one query of the subscription table per event and nothing else).

- `task_recorded`: every task event, from `tasks.events.record` (the cycle's steps);
- `tasks_overdue`: from the daily reminder job, the tasks whose first overdue reminder it
  writes (`monitoring.reminders.job`), so once per task and deadline, not every day;
- `report_submitted`: from `reports.services.report_submit`.

Payloads are plain JSON with English keys (docs/operations.md, "Webhook").
"""

from collections.abc import Iterable
from datetime import datetime

from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.reports.models import ReportRequest, ReportSubmission
from theodoi.tasks.models import EventKind, State, Task, TaskEvent
from theodoi.webhooks.events import Event
from theodoi.webhooks.services import Payload, emit, queue, subscribers

TASK_EVENTS = {
    EventKind.ASSIGN: Event.TASK_ASSIGNED,
    EventKind.RECORD_ASSIGNMENT: Event.TASK_ASSIGNED,
    EventKind.CONFIRM: Event.TASK_ASSIGNED,
    EventKind.RETURN: Event.TASK_RETURNED,
    EventKind.REQUEST_REASSIGNMENT: Event.TASK_RETURNED,
    EventKind.SUBMIT: Event.TASK_SUBMITTED,
    EventKind.APPROVE: Event.TASK_APPROVED,
}


def api_url(task_id: int) -> str:
    return f"/api/v1/tasks/{task_id}/"


def _unit(unit: Unit | None) -> Payload | None:
    return {"code": unit.code, "name": unit_label(unit)} if unit is not None else None


def task_payload(task: Task) -> Payload:
    return {
        "task": {
            "id": task.pk,
            "code": task.code,
            "content": task.content,
            "state": task.state,
            "lead": _unit(task.lead_unit),
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "url": api_url(task.pk),
        }
    }


def task_recorded(event: TaskEvent) -> None:
    """The webhook events of a task event just saved (none for most kinds: no query)."""
    names = [TASK_EVENTS[EventKind(event.action)]] if event.action in TASK_EVENTS else []
    if event.to_state == State.DONE and event.from_state != State.DONE:
        names.append(Event.TASK_COMPLETED)
    if not names:
        return
    wanted = subscribers()
    for name in names:
        emit(name, lambda: task_payload(event.task), at=event.at, wanted=wanted)


def tasks_overdue(task_ids: Iterable[int], moment: datetime) -> None:
    """`task.overdue` for each of `task_ids` (the tasks that have just become overdue)."""
    ids = sorted(set(task_ids))
    if not ids:
        return
    targets = subscribers().get(Event.TASK_OVERDUE.value, [])
    if not targets:
        return
    for task in Task.objects.filter(pk__in=ids).select_related("lead_unit").order_by("pk"):
        queue(Event.TASK_OVERDUE, targets, task_payload(task), moment)


def report_payload(request: ReportRequest, submission: ReportSubmission) -> Payload:
    report_round = request.round
    report_type = report_round.report_type
    return {
        "report": {
            "id": request.pk,
            "type": report_type.code if report_type is not None else None,
            "period": report_round.period or None,
            "unit": _unit(request.unit),
            "version": submission.number,
        }
    }


def report_submitted(request: ReportRequest, submission: ReportSubmission) -> None:
    emit(
        Event.REPORT_SUBMITTED,
        lambda: report_payload(request, submission),
        at=submission.submitted_at,
    )
