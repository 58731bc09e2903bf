"""Writing one batch of a plan's rows: the new tasks, and the changes of tasks made from the
plan before, in a number of queries that does not grow with the rows (bulk inserts and
updates through `core/bulk`; docs/imports.md).

`write`, in the caller's transaction, takes the tasks as `current.read` found them, sets
aside the rows whose tasks changed since (`current.moved`) and writes the rest. A row is
written whole (a task and its units' tasks) or not at all, so that importing the file again
applies it; only the fields a row changes are written, where the version is the one read.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Model

from theodoi.core.bulk import db_row, insert_rows, new_ids, update_rows
from theodoi.core.errors import ConflictError
from theodoi.imports.authority import basis
from theodoi.imports.current import Current, Read, moved
from theodoi.imports.models import PlanImport, PlanTask, ScheduleKind
from theodoi.imports.planning import UPDATABLE_LEAD, Item, Wanted
from theodoi.tasks import events
from theodoi.tasks.facts import sync_facts
from theodoi.tasks.models import (
    Document,
    State,
    Task,
    TaskCoordination,
    TaskEvent,
    UpdatePeriod,
)
from theodoi.tasks.steps import search_text_of, set_deadline, unsaved_child
from theodoi.workcalendar.services import WorkingCalendar

TASK_FIELDS = [f.name for f in Task._meta.concrete_fields if not f.generated]
COORDINATION_FIELDS = ["task", "unit", "task_state", "task_deadline"]
EVENT_FIELDS = [
    "task",
    "at",
    "actor",
    "actor_label",
    "unit",
    "action",
    "from_state",
    "to_state",
    "note",
    "data",
]
ORIGIN_FIELDS = [
    "task",
    "document",
    "key",
    "occurrence",
    "schedule",
    "timeline_text",
    "coordinating_text",
    "source_note",
    "last_import",
]
CHANGED = "Một số nhiệm vụ vừa thay đổi trong lúc ghi; lần nhập đã dừng. Hãy bấm «Nhập tiếp»."
DEADLINE_FIELDS = [
    "deadline",
    "internal_deadline",
    "original_deadline",
    "original_internal_deadline",
]
LEAD_KEPT = (
    "Chưa đổi đơn vị chủ trì: nhiệm vụ đã được nhận hoặc giao nhiều đơn vị; cần Lãnh đạo giao lại."
)


@dataclass
class Outcome:
    """What `write` did, as the import's result says it."""

    created: list[str] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(default_factory=list)


def write(
    found: Read,
    *,
    actor: Any,
    document: Document,
    plan_import: PlanImport,
    moment: datetime,
    calendar: WorkingCalendar,
) -> Outcome:
    """Lock the batch's tasks, set aside the rows changed since `read`, write the rest."""
    conflicts = moved(found, document)
    outcome = Outcome()
    new: list[Item] = []
    changed: list[Item] = []
    for item in found.items:
        current = found.current.get(item.place)
        if item.place in conflicts:
            outcome.conflicts.append({"key": item.label, "reason": conflicts[item.place]})
        elif current is None:
            new.append(item)
            outcome.created.append(item.label)
        elif current.changes:
            changed.append(item)
            outcome.updated.append(
                {"key": item.label, "changes": [text for _, text in current.changes]}
            )
        else:
            outcome.unchanged.append(item.label)
    start = min(moment.date(), plan_import.plan_date)
    _create(new, document, plan_import, actor, moment, start, calendar)
    _update(
        [(item, found.current[item.place]) for item in changed],
        plan_import,
        actor,
        moment,
        calendar,
    )
    return outcome


def _create(
    items: list[Item],
    document: Document,
    plan_import: PlanImport,
    actor: Any,
    moment: datetime,
    day: date,
    calendar: WorkingCalendar,
) -> None:
    """The items' tasks (and their units' tasks), coordinating units, first events, statistics
    spans and origins, each kind in one bulk insert."""
    parents = [_new_task(item, document, plan_import, moment, calendar) for item in items]
    fanned = [
        (item, parent) for item, parent in zip(items, parents, strict=True) if parent.fanned_out
    ]
    ids = iter(new_ids(Task, len(parents) + sum(len(i.wanted.leads) for i, _ in fanned)))
    for parent in parents:
        parent.pk = next(ids)
    children = [
        unsaved_child(parent, unit, moment) for item, parent in fanned for unit in item.wanted.leads
    ]
    for child in children:
        child.pk = next(ids)
    _insert(parents + children, TASK_FIELDS)
    by_parent: dict[int, list[Task]] = {}
    for child in children:
        by_parent.setdefault(child.parent_id or 0, []).append(child)
    coordinations: list[list[Any]] = []  # as rows: tens of thousands for a large plan
    entries: list[TaskEvent] = []
    said = basis(document.number, plan_import.plan_date, plan_import.signed_by)
    for item, parent in zip(items, parents, strict=True):
        note = f"{said}; thời gian thực hiện: «{item.wanted.timeline_text}»."
        entry = events.imported(
            plan_import_id=plan_import.pk,
            note=note,
            leader_id=plan_import.signer_id,
            decided_on=plan_import.plan_date,
            signer=plan_import.signer_name,
        )
        entries.append(events.unsaved(parent, actor, moment, entry))
        own = [] if parent.fanned_out else [parent]
        for task in own + by_parent.get(parent.pk, []):
            coordinations += [
                [task.pk, unit.pk, "", None]
                for unit in item.wanted.coordinating
                if unit.pk != task.lead_unit_id
            ]
        for child in by_parent.get(parent.pk, []):
            entries.append(events.unsaved(child, actor, moment, events.fanned_out(parent=parent)))
    _coordinate(coordinations)
    _insert(entries, EVENT_FIELDS)
    sync_facts(parents + children, day)
    origins = [
        PlanTask(
            task=parent,
            document=document,
            key=item.key,
            occurrence=item.occurrence,
            schedule=item.wanted.schedule,
            timeline_text=item.wanted.timeline_text,
            coordinating_text=item.wanted.coordinating_text,
            source_note=item.wanted.source_note,
            last_import=plan_import,
        )
        for item, parent in zip(items, parents, strict=True)
    ]
    _insert(origins, ORIGIN_FIELDS)


def _coordinate(rows: list[list[Any]]) -> None:
    """Coordinating units as (task, unit, "", None): the copies of the task's state and
    deadline are filled by the database's triggers (docs/adr/0006-coordination-copies.md)."""
    insert_rows(TaskCoordination, COORDINATION_FIELDS, rows, batch=max(len(rows), 1))


def _insert(objs: Sequence[Model], fields: list[str]) -> None:
    """One INSERT (COPY, or one executemany) for all: a batch writes a few thousand rows."""
    if objs:
        rows = [db_row(obj, fields) for obj in objs]
        insert_rows(type(objs[0]), fields, rows, batch=len(rows))


def _new_task(
    item: Item,
    document: Document,
    plan_import: PlanImport,
    moment: datetime,
    calendar: WorkingCalendar,
) -> Task:
    wanted = item.wanted
    task = Task(
        document=document,
        code=item.code,
        content=wanted.content,
        product=wanted.product,
        lead_text=wanted.lead_text,
        created_at=moment,
        updated_at=moment,
        update_period=UpdatePeriod.QUARTER if wanted.deadline is None else "",
    )
    set_deadline(task, wanted.deadline, calendar)
    task.original_deadline = task.deadline
    task.original_internal_deadline = task.internal_deadline
    _set_event(task, wanted)
    several = len(wanted.leads) > 1
    if wanted.waiting:
        task.state = State.DRAFT
        task.lead_unit = wanted.leads[0] if len(wanted.leads) == 1 else None
    else:
        task.assigned_on = plan_import.plan_date
        task.leader_id = plan_import.signer_id  # the plan's signer assigned it (a user)
        task.state = State.FANNED_OUT if several else State.ASSIGNED
        task.fanned_out = several
        task.lead_unit = None if several else wanted.leads[0]
    task.search_text = search_text_of(task)
    return task


def _update(
    pairs: list[tuple[Item, Current]],
    plan_import: PlanImport,
    actor: Any,
    moment: datetime,
    calendar: WorkingCalendar,
) -> None:
    """Apply corrected rows to their tasks (and a fanned-out task's units): texts, deadline and
    coordinating units; a new lead only while nobody has accepted the task (else it is said).
    Only the fields that change are written, each set of them in one bulk update."""
    writes: dict[frozenset[str], list[Task]] = {}
    dropped: list[int] = []
    added: list[list[Any]] = []
    entries: list[TaskEvent] = []
    origins: list[PlanTask] = []
    for item, current in pairs:
        wanted = item.wanted
        fields = {name for name, _ in current.changes}
        notes = [text for _, text in current.changes]
        parent = current.tasks[0]
        for task in current.tasks:
            written = {"version", "updated_at", "search_text"}
            if "content" in fields:
                task.content = wanted.content
                written.add("content")
            if "product" in fields:
                task.product = wanted.product
                written.add("product")
            if "deadline" in fields:
                set_deadline(task, wanted.deadline, calendar)
                task.original_deadline = task.deadline
                task.original_internal_deadline = task.internal_deadline
                written.update(DEADLINE_FIELDS)
            if fields & {"timeline", "deadline"} and task.event_on is None:
                _set_event(task, wanted)  # still waiting: the event as the file now says
                written.add("event_schedule")
            if "coordinating" in fields and not task.fanned_out:
                have = current.coordinations[task.pk]
                want = {u.pk for u in wanted.coordinating if u.pk != task.lead_unit_id}
                dropped += [pk for unit_id, pk in have.items() if unit_id not in want]
                added += [[task.pk, unit, "", None] for unit in sorted(want - set(have))]
            if "lead" in fields and task is parent:
                if _move_lead(task, wanted):
                    written.update({"lead_unit", "lead_text"})
                else:
                    notes.append(LEAD_KEPT)
            task.version = current.versions[task.pk] + 1
            task.updated_at = moment
            task.search_text = search_text_of(task)
            writes.setdefault(frozenset(written), []).append(task)
        entry = events.plan_updated(plan_import_id=plan_import.pk, note="; ".join(notes))
        entries += [events.unsaved(task, actor, moment, entry) for task in current.tasks]
        origin = current.origin
        origin.timeline_text = wanted.timeline_text
        origin.coordinating_text = wanted.coordinating_text
        origin.source_note = wanted.source_note
        origin.schedule = wanted.schedule
        origin.last_import = plan_import
        origins.append(origin)
    for names, tasks in writes.items():
        columns = sorted(names)
        rows = [[*db_row(task, columns), task.pk, task.version - 1] for task in tasks]
        if update_rows(Task, columns, ["id", "version"], rows) != len(rows):
            raise ConflictError(CHANGED)  # locked, so only if something bypassed the lock
    if dropped:
        TaskCoordination.objects.filter(pk__in=dropped).delete()
    _coordinate(added)
    _insert(entries, EVENT_FIELDS)
    sync_facts([task for _, current in pairs for task in current.tasks], moment.date())
    columns = ["timeline_text", "coordinating_text", "source_note", "schedule", "last_import"]
    update_rows(PlanTask, columns, ["id"], [[*db_row(o, columns), o.pk] for o in origins])


def _set_event(task: Task, wanted: Wanted) -> None:
    """An event row's task waits for its event, as written (`tasks/steps/events.py`)."""
    if wanted.schedule == ScheduleKind.EVENT:
        task.set_event(wanted.timeline_text, wanted.event_days, wanted.event_working_days)
    else:
        task.set_event("")


def _move_lead(task: Task, wanted: Wanted) -> bool:
    single = len(wanted.leads) == 1 and not wanted.waiting
    if task.state in UPDATABLE_LEAD and not task.fanned_out and single:
        task.lead_unit = wanted.leads[0]
        task.lead_text = wanted.lead_text
        return True
    return False
