"""The task list page's rows read as plain values, not model instances.

Fifty `Task` instances with their document and lead unit (150 model instances) cost the page
more than its SQL; the same rows read with `values()` into small objects that answer what
`TaskRow` and the class of a task ask (`pk`, `content`, `document`, `lead_unit`, the deadline
and done columns…) cost a tenth of it. "done/total" of a fanned-out task is read in the same
statement. What it saves and its guard: docs/adr/0013-list-page-reads.md.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from theodoi.organisation.labels import names_for
from theodoi.organisation.selectors import Registry
from theodoi.tasks.models import DocumentKind, State, Task
from theodoi.tasks.selectors.lists import TaskRow
from theodoi.tasks.stats import View, task_class

DOCUMENT_KINDS = dict(DocumentKind.choices)


@dataclass(frozen=True, slots=True)
class ListedDocument:
    number: str
    kind: str
    issued_on: date

    def __str__(self) -> str:  # as Document.__str__
        label = self.number or DOCUMENT_KINDS.get(self.kind, self.kind)
        return f"{label} ngày {self.issued_on:%d/%m/%Y}"


@dataclass(frozen=True, slots=True)
class ListedUnit:
    short_name: str
    name: str

    def __str__(self) -> str:  # as Unit.__str__
        return self.short_name or self.name


@dataclass(frozen=True, slots=True)
class ListedTask:
    """What a list row and `stats.task_class` read of a task, as `Task` names it."""

    pk: int
    code: str
    content: str
    state: str
    fanned_out: bool
    deadline: date | None
    original_deadline: date | None
    original_internal_deadline: date | None
    agency_done_on: date | None
    unit_done_on: date | None
    event_schedule: Mapping[str, Any] | None
    lead_unit_id: int | None
    lead_unit: ListedUnit | None
    lead_text: str
    document: ListedDocument

    @property
    def event_text(self) -> str:  # as Task.event_text
        return str((self.event_schedule or {}).get("text") or "")

    @property
    def waiting_for_event(self) -> bool:  # as Task.waiting_for_event
        return bool(self.event_text) and self.deadline is None


FIELDS = (
    "pk",
    "code",
    "content",
    "state",
    "fanned_out",
    "deadline",
    "original_deadline",
    "original_internal_deadline",
    "agency_done_on",
    "unit_done_on",
    "event_schedule",
    "lead_unit_id",
    "lead_unit__short_name",
    "lead_unit__name",
    "lead_text",
    "document__number",
    "document__kind",
    "document__issued_on",
)
TOTAL, DONE = "children_total", "children_done"


def _children(done: bool) -> RawSQL:
    """How many tasks a fanned-out task has (done), in the row's statement; never run for any
    other task. Raw SQL: as an ORM expression (Case, Subquery) it took longer to compile
    than the separate query it replaces."""
    quote = connection.ops.quote_name
    table = quote(Task._meta.db_table)
    state = f' AND "child".{quote("state")} = %s' if done else ""
    sql = (
        f"CASE WHEN {table}.{quote('fanned_out')} THEN (SELECT COUNT(*) FROM {table} AS "
        f'"child" WHERE "child".{quote("parent_id")} = {table}.{quote("id")}{state}) ELSE 0 END'
    )
    return RawSQL(sql, [State.DONE.value] if done else [], IntegerField())


def listed_values(tasks: QuerySet[Task]) -> QuerySet[Any]:
    """`tasks` (filtered and sorted) as the dicts `listed_rows` takes."""
    return tasks.annotate(**{TOTAL: _children(False), DONE: _children(True)}).values(
        *FIELDS, TOTAL, DONE
    )


PLAIN = tuple(name for name in FIELDS if "__" not in name)  # read as they are named


def _task(row: Mapping[str, Any]) -> ListedTask:
    lead = None
    if row["lead_unit_id"] is not None:
        lead = ListedUnit(row["lead_unit__short_name"], row["lead_unit__name"])
    document = ListedDocument(
        row["document__number"], row["document__kind"], row["document__issued_on"]
    )
    return ListedTask(**{name: row[name] for name in PLAIN}, lead_unit=lead, document=document)


def listed_rows(
    values: Iterable[Mapping[str, Any]],
    today: date,
    view: View = View.AGENCY,
    units: Registry | None = None,
) -> list[TaskRow]:
    """The rows of `listed_values`, as `task_rows` makes them of tasks; the names of units
    in lead texts from `units` when the page read them already."""
    rows = list(values)
    tasks = [_task(row) for row in rows]
    names = names_for((t.lead_text for t in tasks if t.lead_unit_id is None), units)
    return [
        TaskRow(
            task,
            task_class(task, view, today),  # type: ignore[arg-type]  # reads what it has
            children_done=row[DONE] if task.fanned_out else 0,
            children_total=row[TOTAL] if task.fanned_out else 0,
            names=names,
        )
        for task, row in zip(tasks, rows, strict=True)
    ]
