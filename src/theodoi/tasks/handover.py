"""Handing a unit's unfinished tasks over to the unit that carries on its work (DOMAIN §3:
"old tasks keep the unit they had; open tasks can be moved to the successor").

After a merge, split or replacement (`organisation.services.unit_succeed`), the Office moves
the tasks the old unit still leads or coordinates, all at once or a chosen part (a split hands
different tasks to different units). Finished and cancelled tasks keep the old unit. Each task
keeps its state, deadlines, progress and people; its timeline shows the handover with the
reason, and statistics count it for the new unit from the day of the handover (earlier dates
still count it for the old one). One transaction: all the chosen tasks move, or none.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import successors_chain
from theodoi.tasks import events
from theodoi.tasks.facts import move_lead
from theodoi.tasks.models import State, Task, TaskCoordination, TaskEvent
from theodoi.tasks.steps import moment_of, required, search_text_of

UNFINISHED = frozenset(State) - {State.DONE, State.CANCELLED, State.FANNED_OUT}


@dataclass
class Handover:
    """What a unit could hand over on a day: its successors and its unfinished tasks."""

    unit: Unit
    day: date
    successors: list[Unit]
    led: list[Task] = field(default_factory=list)
    coordinated: list[Task] = field(default_factory=list)


def _led(unit: Unit) -> QuerySet[Task]:
    return Task.objects.filter(lead_unit=unit, state__in=UNFINISHED)


def _coordinated(unit: Unit) -> QuerySet[Task]:
    return Task.objects.filter(coordinations__unit=unit, state__in=UNFINISHED)


def successors_of(unit: Unit, day: date) -> list[Unit]:
    return [u for u in successors_chain(unit, day) if u.pk != unit.pk]


def handover_for(unit: Unit, day: date) -> Handover:
    """The page's content: 3 queries plus one per step of the succession chain."""

    def listed(tasks: QuerySet[Task]) -> list[Task]:
        return list(tasks.select_related("document", "lead_unit").order_by("due_order", "id"))

    return Handover(
        unit=unit,
        day=day,
        successors=successors_of(unit, day),
        led=listed(_led(unit)),
        coordinated=listed(_coordinated(unit)),
    )


@dataclass(frozen=True)
class HandoverResult:
    led: int
    coordinated: int


def _event(task: Task, actor: Any, moment: datetime, reason: str, what: str) -> TaskEvent:
    entry = events.handed_over(reason=reason, what=what)
    return events.unsaved(task, actor, moment, entry, from_state=task.state)


def _chosen(available: QuerySet[Task], wanted: Collection[int], unit: Unit) -> list[Task]:
    chosen = available.select_for_update(of=("self",)).filter(pk__in=wanted)
    tasks = list(chosen.select_related("document"))
    missing = set(wanted) - {t.pk for t in tasks}
    if missing:
        raise ValidationFailed(
            {
                "__all__": f"{len(missing)} nhiệm vụ đã chọn không còn là việc đang mở của "
                f"{unit.name} (vừa có người thay đổi). Hãy tải lại trang và chọn lại."
            },
            Code.STALE,
        )
    return tasks


@transaction.atomic
def tasks_hand_over(
    *,
    actor: Any,
    unit: Unit,
    successor: Unit,
    led: Collection[int],
    coordinated: Collection[int],
    reason: str,
    at: datetime | None = None,
) -> HandoverResult:
    """Move the chosen unfinished tasks `unit` leads (`led`) or coordinates (`coordinated`)
    to `successor`, which must carry on `unit`'s work on the day of the handover."""
    moment, day = moment_of(at)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)  # as recorded now, locked
    reason = required(reason, "reason", "Hãy ghi lý do chuyển (ví dụ số quyết định sáp nhập).")
    if successor.pk not in {u.pk for u in successors_of(unit, day)}:
        raise ValidationFailed(
            {"successor": f"{successor.name} không phải đơn vị kế thừa {unit.name}."}
        )
    if not led and not coordinated:
        raise ValidationFailed({"__all__": "Chưa chọn nhiệm vụ nào để chuyển."}, Code.REQUIRED)
    lead_tasks = _chosen(_led(unit), led, unit)
    coord_tasks = _chosen(_coordinated(unit), coordinated, unit)
    lead_note = f"Chủ trì: {unit.name} → {successor.name}"
    coord_note = f"Phối hợp: {unit.name} → {successor.name}"
    lead_ids = [t.pk for t in lead_tasks]
    # the new lead does not also coordinate its own task; the event says so
    own = TaskCoordination.objects.filter(task_id__in=lead_ids, unit=successor)
    was_coordinating = set(own.values_list("task_id", flat=True))
    own.delete()
    events = []
    for task in lead_tasks:
        task.lead_unit = successor
        task.version += 1
        task.updated_at = moment
        task.search_text = search_text_of(task)
        note = lead_note
        if task.pk in was_coordinating:
            note += f" ({successor.name} thôi là đơn vị phối hợp)"
        events.append(_event(task, actor, moment, reason, note))
    Task.objects.bulk_update(lead_tasks, ["lead_unit", "version", "updated_at", "search_text"])
    move_lead(lead_ids, successor.pk, day)
    coord_ids = [t.pk for t in coord_tasks]
    TaskCoordination.objects.filter(task_id__in=coord_ids, unit=unit).delete()
    already = set(
        TaskCoordination.objects.filter(task_id__in=coord_ids, unit=successor).values_list(
            "task_id", flat=True
        )
    )
    takes_part = {t.pk for t in coord_tasks if t.lead_unit_id != successor.pk} - already
    TaskCoordination.objects.bulk_create(
        [TaskCoordination(task_id=pk, unit=successor) for pk in sorted(takes_part)]
    )
    Task.objects.filter(pk__in=coord_ids).update(version=F("version") + 1, updated_at=moment)
    events += [_event(t, actor, moment, reason, coord_note) for t in coord_tasks]
    TaskEvent.objects.bulk_create(events)
    record_change(
        actor=actor,
        action=ChangeKind.HAND_OVER,
        obj=unit,
        before=None,
        after={"successor": successor.code, "led": lead_ids, "coordinated": coord_ids},
        reason=reason,
    )
    return HandoverResult(led=len(lead_tasks), coordinated=len(coord_tasks))
