"""Statistics of DOMAIN §8 for any reference date, from the history spans (`TaskFact`).

At a date, each counted task with a deadline is in exactly one of four classes; tasks without
a deadline are counted apart. The unit's view judges its submission to the Office against the
internal deadline; the agency's view judges the report upwards against the official deadline.
Both judge against the deadline first given: an extension does not erase lateness.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from theodoi.accounts.models import User
from theodoi.core.collation import vi_key
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import subtree_ids
from theodoi.tasks.facts import COUNTED
from theodoi.tasks.models import State, Task, TaskFact
from theodoi.tasks.scope import sees_all, unit_scope

KEYS = ("total", "done_on_time", "done_late", "open_in_time", "open_overdue", "no_deadline")
CLASSES = KEYS[1:5]  # the four classes of §8
CLASS_LABELS = {
    "done_on_time": "Đã hoàn thành đúng hạn",
    "done_late": "Đã hoàn thành quá hạn",
    "open_in_time": "Chưa hoàn thành, trong hạn",
    "open_overdue": "Chưa hoàn thành, quá hạn",
    "no_deadline": "Không có thời hạn",
}


class View(StrEnum):
    UNIT = "unit"
    AGENCY = "agency"


VIEW_LABELS = {
    View.AGENCY: "Ngành (báo cáo so với thời hạn được giao)",
    View.UNIT: "Đơn vị (gửi kết quả so với hạn gửi Văn phòng)",
}


@dataclass(frozen=True)
class Columns:
    """Where a table keeps the deadline and the completion date that a view judges."""

    deadline: str
    done: str


FACT_COLUMNS = {
    View.UNIT: Columns(deadline="internal_deadline", done="unit_done_on"),
    View.AGENCY: Columns(deadline="deadline", done="agency_done_on"),
}
TASK_COLUMNS = {
    View.UNIT: Columns(deadline="original_internal_deadline", done="unit_done_on"),
    View.AGENCY: Columns(deadline="original_deadline", done="agency_done_on"),
}


def class_filters(cols: Columns, as_of: date) -> dict[str, Q]:
    """The four classes and "no deadline" as filters over a table's columns."""
    deadline, done = cols.deadline, cols.done
    dated = Q(**{f"{deadline}__isnull": False})
    is_done = Q(**{f"{done}__isnull": False, f"{done}__lte": as_of})
    return {
        "done_on_time": dated & is_done & Q(**{f"{done}__lte": F(deadline)}),
        "done_late": dated & is_done & Q(**{f"{done}__gt": F(deadline)}),
        "open_in_time": dated & ~is_done & Q(**{f"{deadline}__gte": as_of}),
        "open_overdue": dated & ~is_done & Q(**{f"{deadline}__lt": as_of}),
        "no_deadline": Q(**{f"{deadline}__isnull": True}),
    }


def class_of(deadline: date | None, done: date | None, as_of: date) -> str:
    """The class of one task (the same rule as `class_filters`, for a row already loaded)."""
    if deadline is None:
        return "no_deadline"
    if done is not None and done <= as_of:
        return "done_on_time" if done <= deadline else "done_late"
    return "open_in_time" if deadline >= as_of else "open_overdue"


def task_class(task: Task, view: View, as_of: date) -> str:
    """The class of a loaded task today ("" for drafts, cancelled, suspended, fanned-out)."""
    if task.state not in COUNTED or task.fanned_out:
        return ""
    cols = TASK_COLUMNS[view]
    return class_of(getattr(task, cols.deadline), getattr(task, cols.done), as_of)


def statistics_unit(user: User, asked: Unit | None = None) -> Unit | None:
    """Whose statistics `user` reads: those who see every task, the unit asked (None: the
    whole agency); a unit's head, their own unit (with those below it), or one below it."""
    if sees_all(user):
        return asked
    if asked is None or asked.pk == user.unit_id:
        return user.unit
    if asked.pk not in unit_scope(user):
        message = "Bạn chỉ xem được thống kê của đơn vị mình và các đơn vị cấp dưới."
        raise ValidationFailed({"unit": message}, Code.NOT_PERMITTED)
    return asked


def facts_on(as_of: date) -> QuerySet[TaskFact]:
    return TaskFact.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=as_of), valid_from__lte=as_of
    )


def statistics(as_of: date, view: View = View.AGENCY, unit: Unit | None = None) -> dict[str, Any]:
    """`{"as_of", "view", totals…, "by_unit": {code: {...}}}` (two queries: the counts, read
    from one index, then the units' codes)."""
    facts = facts_on(as_of)
    if unit is not None:
        facts = facts.filter(lead_unit_id__in=subtree_ids({unit.pk}))
    aggregates = {"total": Count("id")}
    aggregates |= {
        key: Count("id", filter=q) for key, q in class_filters(FACT_COLUMNS[view], as_of).items()
    }
    rows: list[Mapping[str, Any]] = list(
        facts.values("lead_unit_id").annotate(**aggregates).order_by()
    )
    codes = dict(
        Unit.objects.filter(pk__in=[r["lead_unit_id"] for r in rows]).values_list("pk", "code")
    )
    totals = dict.fromkeys(KEYS, 0)
    by_unit: dict[str, dict[str, int]] = {}
    for row in sorted(rows, key=lambda r: codes[r["lead_unit_id"]]):
        counts = {key: row[key] for key in KEYS}
        by_unit[codes[row["lead_unit_id"]]] = counts
        for key in KEYS:
            totals[key] += counts[key]
    return {"as_of": as_of.isoformat(), "view": str(view), **totals, "by_unit": by_unit}


@dataclass(frozen=True)
class StateCount:
    """The tasks a unit leads in one state, and how many of them are open past their deadline."""

    total: int
    overdue: int


def state_counts(unit: Unit, as_of: date, view: View = View.AGENCY) -> dict[State, StateCount]:
    """The tasks `unit` itself leads, by state (in the order of `State`, the states it has no
    task in left out), with those in the class "open, overdue" on `as_of` in the `view`'s
    terms, as the list's `loai=open_overdue` shows them. One query, read from the task
    table's index `task_unit_counts_idx` alone (docs/adr/0014-counts-from-an-index.md)."""
    overdue = class_filters(TASK_COLUMNS[view], as_of)["open_overdue"] & Q(
        state__in=COUNTED, fanned_out=False
    )
    rows = (
        Task.objects.filter(lead_unit=unit)
        .values("state")
        .annotate(total=Count("id"), overdue=Count("id", filter=overdue))
        .order_by()
    )
    found = {row["state"]: StateCount(row["total"], row["overdue"]) for row in rows}
    return {state: found[state] for state in State if state in found}


@dataclass(frozen=True)
class TableRow:
    """A line of the statistics page's table: whose counts, their total, one count per column."""

    label: str
    total: int
    counts: list[int]


@dataclass(frozen=True)
class Table:
    columns: list[tuple[str, str]]  # (key, label) of each column after the total
    rows: list[TableRow]  # one per lead unit, by name in alphabetical order
    footer: TableRow  # the sums


def statistics_table(result: dict[str, Any]) -> Table:
    """`statistics` as the page's table: each lead unit under its short name (1 query), then
    the sums; the columns are the four classes and "no deadline", with their labels."""
    keys = KEYS[1:]
    by_unit = result["by_unit"]
    names = dict(Unit.objects.filter(code__in=list(by_unit)).values_list("code", "short_name"))

    def line(label: str, counts: dict[str, int]) -> TableRow:
        return TableRow(label, counts["total"], [counts[key] for key in keys])

    return Table(
        columns=[(key, CLASS_LABELS[key]) for key in keys],
        rows=sorted(
            (line(names.get(code) or code, counts) for code, counts in by_unit.items()),
            key=lambda row: vi_key(row.label),
        ),
        footer=line("Cộng", result),
    )
