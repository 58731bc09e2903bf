"""Keeping `TaskFact` spans in step with a task, so statistics can be asked for any past date."""

from collections.abc import Sequence
from datetime import date

from theodoi.core.bulk import db_row, insert_rows
from theodoi.tasks.models import State, Task, TaskFact

# A task is counted from its assignment until it is cancelled or suspended.
UNCOUNTED = frozenset(
    {State.DRAFT, State.PROPOSED, State.CANCELLED, State.SUSPENDED, State.FANNED_OUT}
)
COUNTED = frozenset(State) - UNCOUNTED
TOO_EARLY = "Sự kiện không thể xảy ra trước sự kiện đã ghi của nhiệm vụ."
FACT_COLUMNS = ["task", "valid_from", "valid_to", "lead_unit", "deadline", "internal_deadline"]
FACT_COLUMNS += ["unit_done_on", "agency_done_on", "document", "leader"]
FACT_FIELDS = ["lead_unit_id", "deadline", "internal_deadline", "unit_done_on", "agency_done_on"]
FACT_FIELDS += ["document_id", "leader_id"]  # the task's, copied for the dashboard


def _wanted(task: Task) -> dict[str, object] | None:
    if task.state in UNCOUNTED or task.is_parent or task.lead_unit_id is None:
        return None
    return {
        "lead_unit_id": task.lead_unit_id,
        "deadline": task.original_deadline,
        "internal_deadline": task.original_internal_deadline,
        "unit_done_on": task.unit_done_on,
        "agency_done_on": task.agency_done_on,
        "document_id": task.document_id,
        "leader_id": task.leader_id,
    }


def sync_fact(task: Task, day: date) -> None:
    """Close the open span and open a new one from `day` if what statistics see has changed.

    Statistics judge against the deadline first given (an extension moves the task's working
    deadline, not this one); the internal deadline is 1 working day before it (Art. 6.1).
    """
    wanted = _wanted(task)
    current = TaskFact.objects.filter(task=task, valid_to__isnull=True).first()
    if current is not None:
        if wanted is not None and all(getattr(current, k) == wanted[k] for k in FACT_FIELDS):
            return
        if day < current.valid_from:
            raise ValueError(TOO_EARLY)
        if current.valid_from == day:
            current.delete()  # several changes in one day: the day's last state counts
        else:
            current.valid_to = day
            current.save(update_fields=["valid_to"])
    if wanted is not None:
        TaskFact.objects.create(task=task, valid_from=day, **wanted)


def sync_facts(tasks: Sequence[Task], day: date) -> None:
    """`sync_fact` for many tasks changed on `day` (a plan's rows), in at most four queries
    (the new spans by `core/bulk.insert_rows`)."""
    current = {
        fact.task_id: fact
        for fact in TaskFact.objects.filter(
            task_id__in=[t.pk for t in tasks], valid_to__isnull=True
        )
    }
    closed: list[int] = []
    dropped: list[int] = []
    opened: list[TaskFact] = []
    for task in tasks:
        wanted = _wanted(task)
        fact = current.get(task.pk)
        if fact is not None:
            if wanted is not None and all(getattr(fact, k) == wanted[k] for k in FACT_FIELDS):
                continue
            if day < fact.valid_from:
                raise ValueError(TOO_EARLY)
            (dropped if fact.valid_from == day else closed).append(fact.pk)
        if wanted is not None:
            opened.append(TaskFact(task=task, valid_from=day, **wanted))
    if dropped:
        TaskFact.objects.filter(pk__in=dropped).delete()
    if closed:
        TaskFact.objects.filter(pk__in=closed).update(valid_to=day)
    insert_rows(TaskFact, FACT_COLUMNS, [db_row(fact, FACT_COLUMNS) for fact in opened])


def move_lead(task_ids: list[int], unit_id: int, day: date) -> None:
    """`sync_fact` for many tasks whose lead changed to `unit_id` on `day`, in four queries:
    spans opened that day take the new lead; older open spans close and a copy opens."""
    current = TaskFact.objects.filter(task_id__in=task_ids, valid_to__isnull=True)
    if current.filter(valid_from__gt=day).exists():
        raise ValueError(TOO_EARLY)
    current.filter(valid_from=day).update(lead_unit_id=unit_id)
    older = list(current.filter(valid_from__lt=day))
    TaskFact.objects.filter(pk__in=[fact.pk for fact in older]).update(valid_to=day)
    for fact in older:
        fact.pk, fact.valid_from, fact.lead_unit_id = None, day, unit_id
    TaskFact.objects.bulk_create(older)
