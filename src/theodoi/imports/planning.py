"""Turning checked plan rows into what their tasks should be, and a corrected file into the
differences with the tasks already made from it (the writing is `writing.py`'s).

A row becomes one task per occurrence (a recurring row with known due dates) or one task.
Its leads decide the task's shape: one unit → assigned to it; several units or a group with
members (`@PROVINCES`) → a parent and one assigned task per unit (the fan-out of the cycle);
a group named later (`@RELATED`, `@LEADERSHIP_TBD`) → a draft that waits for a leader.
A commit writes the rows in batches (`batches`) of about `BATCH_TASKS` tasks.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from theodoi.core.dates import format_date
from theodoi.imports.models import PlanTask, ScheduleKind
from theodoi.imports.rows import Row
from theodoi.imports.timelines import ROADMAP
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.models import Unit
from theodoi.tasks.models import Document, DocumentKind, State, TaskCoordination

SCHEDULES = frozenset(ScheduleKind.values)
WAITING = frozenset({Group.RELATED.value, Group.LEADERSHIP_TBD.value})
UPDATABLE_LEAD = frozenset({State.DRAFT, State.ASSIGNED})
# Tasks written (made or changed) per transaction: each batch holds the database's write lock
# (SQLite) for well under a second (docs/bench.md).
BATCH_TASKS = 500
Place = tuple[str, date | None]  # a row's key and due date: which task of the plan


def plan_document(number: str) -> Document | None:
    return Document.objects.filter(kind=DocumentKind.PLAN, number=number).first()


def existing_tasks(document: Document) -> dict[Place, PlanTask]:
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
    event_days: int | None = None  # an event row: its deadline N (working) days after it
    event_working_days: bool = False
    label: str = ""  # a roadmap's year: "Năm 2024 (lộ trình đến 31/12/2025)"


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
        seen: set[int] = set()  # by id: comparing model instances costs ~0.5 s a large plan
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
            for unit in found:
                if unit.pk not in seen:
                    seen.add(unit.pk)
                    units.append(unit)
        return units, waiting


def wanted_for(row: Row, occurrence: date | None, units: Units) -> Wanted:
    leads, waiting = units.expand(row["lead"])
    coordinating, _ = units.expand(row["coordinating"])
    lead_ids = {u.pk for u in leads}
    coordinating = [u for u in coordinating if u.pk not in lead_ids]
    unnamed = [
        u["text"] for u in row["coordinating"] if u["token"] in WAITING or u["token"][0] == "?"
    ]
    deadline = occurrence or (date.fromisoformat(row["deadline"]) if row["deadline"] else None)
    content = row["content"]
    label = roadmap_label(row, occurrence)
    if label:
        content = f"{content} — {label}"
    elif occurrence is not None:
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
        event_days=row.get("event_days"),
        event_working_days=bool(row.get("event_working_days")),
        label=label,
    )


def roadmap_label(row: Row, occurrence: date | None) -> str:
    """A roadmap row's task for one year: "Năm 2024 (lộ trình đến 31/12/2025)"."""
    if occurrence is None or row.get("period") != ROADMAP or not row["occurrences"]:
        return ""
    final = max(date.fromisoformat(d) for d in row["occurrences"])
    return f"Năm {occurrence.year} (lộ trình đến {format_date(final)})"


def coordinating_of(origin: PlanTask) -> set[int] | None:
    """The coordinating units of a task read by `existing_tasks` (none if fanned out)."""
    task = origin.task
    return None if task.fanned_out else {c.unit_id for c in task.coordinations.all()}


def changes_of(
    origin: PlanTask, wanted: Wanted, coordinating: set[int] | None
) -> list[tuple[str, str]]:
    """(field, what a person reads) for each difference between a task and its new row;
    `coordinating`: the task's coordinating units (None for a task fanned out to units)."""
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
    if coordinating is not None and coordinating != {u.pk for u in wanted.coordinating}:
        changes.append(("coordinating", "Đổi đơn vị phối hợp"))
    if origin.timeline_text != wanted.timeline_text:
        changes.append(("timeline", f"Thời gian thực hiện: «{wanted.timeline_text}»"))
    return changes


@dataclass
class Item:
    """One task of the file (a row, or one due date of a recurring row) and what it should be."""

    index: int  # the row's place in the file
    code: str
    key: str
    occurrence: date | None
    wanted: Wanted

    @property
    def place(self) -> Place:
        return (self.key, self.occurrence)

    @property
    def label(self) -> str:
        """How the import's result names it: "1.1#2", "9#1 (18/03/2024)", "3.7#1 (Năm 2024
        (lộ trình đến 30/12/2025))"."""
        if self.wanted.label:
            return f"{self.key} ({self.wanted.label})"
        return label_of(self.place)

    @property
    def weight(self) -> int:
        """The tasks it makes or changes: one, and one per unit when fanned out."""
        leads = len(self.wanted.leads)
        return 1 + leads if leads > 1 and not self.wanted.waiting else 1


def label_of(place: Place) -> str:
    key, occurrence = place
    return key if occurrence is None else f"{key} ({format_date(occurrence)})"


def items_of(rows: list[Row], units: Units) -> list[Item]:
    """Every task the rows not skipped stand for, in the file's order."""
    items = []
    for index, (row, key) in enumerate(zip(rows, keys_of(rows), strict=True)):
        if row["skip"]:
            continue
        for occurrence in occurrences_of(row):
            wanted = wanted_for(row, occurrence, units)
            items.append(Item(index, row["code"], key, occurrence, wanted))
    return items


def batches(
    items: list[Item], rows: int, start: int = 0, size: int = BATCH_TASKS
) -> Iterator[tuple[int, list[Item]]]:
    """The items of the rows from `start` on, in batches of about `size` tasks that end with a
    row, each with how many rows of the file are done after it (the last batch: all)."""
    batch: list[Item] = []
    weight = 0
    for n, item in enumerate(items):
        if item.index < start:
            continue
        batch.append(item)
        weight += item.weight
        following = items[n + 1] if n + 1 < len(items) else None
        if weight >= size and following is not None and following.index != item.index:
            yield item.index + 1, batch
            batch, weight = [], 0
    yield rows, batch


def before_writing(labels: list[str]) -> None:
    """Runs between reading a batch's tasks and writing them, and does nothing: tests run a
    person's step here to show that a change made meanwhile is kept (`current.moved`)."""
