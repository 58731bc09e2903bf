"""Turning checked plan rows into tasks, and a corrected file into changes of those tasks.

A row becomes one task per occurrence (a recurring row with known due dates) or one task.
Its leads decide the task's shape: one unit → assigned to it; several units or a group with
members (`@PROVINCES`) → a parent and one assigned task per unit (the fan-out of the cycle);
a group named later (`@RELATED`, `@LEADERSHIP_TBD`) → a draft that waits for a leader.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch

from theodoi.core.dates import format_date
from theodoi.imports.models import PlanImport, PlanTask, ScheduleKind
from theodoi.imports.rows import Row
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.models import Unit
from theodoi.tasks import events
from theodoi.tasks.cycle import Act
from theodoi.tasks.facts import sync_fact
from theodoi.tasks.models import (
    Document,
    DocumentKind,
    State,
    Task,
    TaskCoordination,
    UpdatePeriod,
)
from theodoi.tasks.steps import (
    Step,
    fan_out_child,
    search_text_of,
    set_coordination,
    set_deadline,
)

SCHEDULES = frozenset(ScheduleKind.values)
WAITING = frozenset({Group.RELATED.value, Group.LEADERSHIP_TBD.value})
UPDATABLE_LEAD = frozenset({State.DRAFT, State.ASSIGNED})


def plan_document(number: str) -> Document | None:
    return Document.objects.filter(kind=DocumentKind.PLAN, number=number).first()


def existing_tasks(document: Document) -> dict[tuple[str, date | None], PlanTask]:
    """The plan's tasks by row key and due date, with what `changes_of` reads."""
    origins = (
        PlanTask.objects.filter(document=document)
        .select_related("task")
        .prefetch_related(
            Prefetch("task__coordinations", queryset=TaskCoordination.objects.only("task", "unit"))
        )
    )
    return {(p.key, p.occurrence): p for p in origins}


def keys_of(rows: list[Row]) -> list[str]:
    """Each row's key: its STT and which row with that STT it is ("1.1#2")."""
    seen: Counter[str] = Counter()
    keys = []
    for row in rows:
        seen[row["code"]] += 1
        keys.append(f"{row['code']}#{seen[row['code']]}")
    return keys


def occurrences_of(row: Row) -> list[date | None]:
    if row["schedule"] == ScheduleKind.RECURRING and row["occurrences"]:
        return [date.fromisoformat(d) for d in row["occurrences"]]
    return [None]


@dataclass
class Wanted:
    """What a task of a row should be."""

    content: str
    product: str
    deadline: date | None
    leads: list[Unit]
    waiting: bool
    coordinating: list[Unit]
    lead_text: str
    coordinating_text: str
    schedule: str
    timeline_text: str
    source_note: str


class Units:
    """Unit codes and groups of a plan's rows, looked up once."""

    def __init__(self, rows: list[Row], as_of: date) -> None:
        codes = {
            u["token"]
            for r in rows
            for u in r["lead"] + r["coordinating"]
            if not u["token"].startswith(("?", "@"))
        }
        self.by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        self.as_of = as_of
        self.groups: dict[str, list[Unit]] = {}

    def expand(self, tokens: list[dict[str, str]]) -> tuple[list[Unit], bool]:
        units: list[Unit] = []
        waiting = False
        for item in tokens:
            token = item["token"]
            if token in WAITING or token.startswith("?"):
                waiting = True
                continue
            if token.startswith("@"):
                if token not in self.groups:
                    self.groups[token] = list(group_members(Group(token), self.as_of))
                found = self.groups[token]
            else:
                found = [self.by_code[token]] if token in self.by_code else []
            units.extend(u for u in found if u not in units)
        return units, waiting


def wanted_for(row: Row, occurrence: date | None, units: Units) -> Wanted:
    leads, waiting = units.expand(row["lead"])
    coordinating, _ = units.expand(row["coordinating"])
    coordinating = [u for u in coordinating if u not in leads]
    unnamed = [
        u["text"] for u in row["coordinating"] if u["token"] in WAITING or u["token"][0] == "?"
    ]
    deadline = occurrence or (date.fromisoformat(row["deadline"]) if row["deadline"] else None)
    content = row["content"]
    if occurrence is not None:
        content = f"{content} (kỳ hạn {format_date(occurrence)})"
    return Wanted(
        content=content,
        product=row["product"][:500],
        deadline=deadline,
        leads=leads,
        waiting=waiting or not leads,
        coordinating=coordinating,
        lead_text=" ".join(row["lead_text"].split()),
        coordinating_text="; ".join(unnamed),
        schedule=row["schedule"],
        timeline_text=row["timeline_text"],
        source_note="\n".join(row["footnotes"]),
    )


def apply_rows(
    *, actor: Any, document: Document, plan_import: PlanImport, moment: datetime
) -> dict[str, list[Any]]:
    """Create or update the tasks of every row not skipped; returns what was done."""
    rows = plan_import.rows
    units = Units(rows, plan_import.plan_date)
    existing = existing_tasks(document)
    today = moment.date()
    summary: dict[str, list[Any]] = {"created": [], "updated": [], "unchanged": [], "missing": []}
    seen: set[tuple[str, date | None]] = set()
    for row, key in zip(rows, keys_of(rows), strict=True):
        if row["skip"]:
            continue
        for occurrence in occurrences_of(row):
            seen.add((key, occurrence))
            wanted = wanted_for(row, occurrence, units)
            origin = existing.get((key, occurrence))
            label = key if occurrence is None else f"{key} ({format_date(occurrence)})"
            if origin is None:
                start = min(today, plan_import.plan_date)
                task = _create(document, row["code"], wanted, actor, moment, start, plan_import)
                PlanTask.objects.create(
                    task=task,
                    document=document,
                    key=key,
                    occurrence=occurrence,
                    schedule=wanted.schedule,
                    timeline_text=wanted.timeline_text,
                    coordinating_text=wanted.coordinating_text,
                    source_note=wanted.source_note,
                    last_import=plan_import,
                )
                summary["created"].append(label)
                continue
            changes = changes_of(origin, wanted)
            if not changes:
                summary["unchanged"].append(label)
                continue
            _update(origin, wanted, changes, actor, moment, plan_import)
            summary["updated"].append({"key": label, "changes": [c[1] for c in changes]})
    summary["missing"] = [
        key if occurrence is None else f"{key} ({format_date(occurrence)})"
        for key, occurrence in existing
        if (key, occurrence) not in seen
    ]
    return summary


def _create(
    document: Document,
    code: str,
    wanted: Wanted,
    actor: Any,
    moment: datetime,
    day: date,
    plan_import: PlanImport,
) -> Task:
    task = Task(
        document=document,
        code=code,
        content=wanted.content,
        product=wanted.product,
        lead_text=wanted.lead_text,
        created_at=moment,
        updated_at=moment,
        update_period=UpdatePeriod.QUARTER if wanted.deadline is None else "",
    )
    set_deadline(task, wanted.deadline)
    task.original_deadline = task.deadline
    task.original_internal_deadline = task.internal_deadline
    several = len(wanted.leads) > 1
    if wanted.waiting:
        task.state = State.DRAFT
        task.lead_unit = wanted.leads[0] if len(wanted.leads) == 1 else None
    else:
        task.assigned_on = plan_import.plan_date
        task.state = State.FANNED_OUT if several else State.ASSIGNED
        task.fanned_out = several
        task.lead_unit = None if several else wanted.leads[0]
    task.search_text = search_text_of(task)
    task.save()
    if not several or wanted.waiting:
        set_coordination(task, wanted.coordinating)
    note = f"Theo {document}; thời gian thực hiện: «{wanted.timeline_text}»."
    events.record(task, actor, moment, events.imported(plan_import_id=plan_import.pk, note=note))
    sync_fact(task, day)
    if several and not wanted.waiting:
        step = Step(task, Act.ASSIGN, actor, moment, day, State.FANNED_OUT)
        for unit in wanted.leads:
            fan_out_child(task, unit, wanted.coordinating, step)
    return task


def changes_of(origin: PlanTask, wanted: Wanted) -> list[tuple[str, str]]:
    """(field, what a person reads) for each difference between a task and its new row."""
    task = origin.task
    changes: list[tuple[str, str]] = []
    if task.content != wanted.content:
        changes.append(("content", "Sửa nội dung"))
    if task.product != wanted.product:
        changes.append(("product", "Sửa sản phẩm"))
    if task.original_deadline != wanted.deadline:
        old, new = (
            format_date(task.original_deadline) or "không",
            format_date(wanted.deadline) or "không",
        )
        changes.append(("deadline", f"Thời hạn {old} → {new}"))
    if " ".join(task.lead_text.split()) != wanted.lead_text:
        changes.append(("lead", f"Chủ trì «{task.lead_text}» → «{wanted.lead_text}»"))
    coordinating = {c.unit_id for c in task.coordinations.all()} if not task.fanned_out else None
    if coordinating is not None and coordinating != {u.pk for u in wanted.coordinating}:
        changes.append(("coordinating", "Đổi đơn vị phối hợp"))
    if origin.timeline_text != wanted.timeline_text:
        changes.append(("timeline", f"Thời gian thực hiện: «{wanted.timeline_text}»"))
    return changes


def _update(
    origin: PlanTask,
    wanted: Wanted,
    changes: list[tuple[str, str]],
    actor: Any,
    moment: datetime,
    plan_import: PlanImport,
) -> None:
    """Apply a corrected row to its task (and a fanned-out task's units): texts, deadline and
    coordinating units; a new lead only while nobody has accepted the task (else it is said)."""
    fields = {name for name, _ in changes}
    parent = origin.task
    tasks = [parent, *parent.children.all()] if parent.fanned_out else [parent]
    notes = [text for _, text in changes]
    for task in tasks:
        if "content" in fields:
            task.content = wanted.content
        if "product" in fields:
            task.product = wanted.product
        if "deadline" in fields:
            set_deadline(task, wanted.deadline)
            task.original_deadline = task.deadline
            task.original_internal_deadline = task.internal_deadline
        if "coordinating" in fields and not task.fanned_out:
            set_coordination(task, wanted.coordinating)
        if "lead" in fields and task is parent:
            _move_lead(task, wanted, notes)
        task.version += 1
        task.updated_at = moment
        task.search_text = search_text_of(task)
        task.save()
        entry = events.plan_updated(plan_import_id=plan_import.pk, note="; ".join(notes))
        events.record(task, actor, moment, entry)
        sync_fact(task, moment.date())
    origin.timeline_text = wanted.timeline_text
    origin.coordinating_text = wanted.coordinating_text
    origin.source_note = wanted.source_note
    origin.schedule = wanted.schedule
    origin.last_import = plan_import
    origin.save()


def _move_lead(task: Task, wanted: Wanted, notes: list[str]) -> None:
    single = len(wanted.leads) == 1 and not wanted.waiting
    if task.state in UPDATABLE_LEAD and not task.fanned_out and single:
        task.lead_unit = wanted.leads[0]
        task.lead_text = wanted.lead_text
        return
    notes.append(
        "Chưa đổi đơn vị chủ trì: nhiệm vụ đã được nhận hoặc giao nhiều đơn vị; "
        "cần Lãnh đạo giao lại."
    )
