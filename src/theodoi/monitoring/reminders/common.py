"""What every kind of reminder shares: the planned reminder, the task as plain values, who
heads each unit, and how a task is named in a reminder's title."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from theodoi.accounts.models import Role, UserRole
from theodoi.monitoring.schedule import Policy, Stage
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.workcalendar.services import WorkingDayIndex

TaskRowData = Mapping[str, Any]  # a task read as plain values (`lead.load_tasks`)
SUMMARY = 120


@dataclass
class Planned:
    task: TaskRowData
    kind: str
    unit_id: int
    ref: str
    stage: Stage
    title: str
    body: str
    users: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, str, int, str, str]:
        return (self.task["id"], self.kind, self.unit_id, self.ref, self.stage.key)


@dataclass(frozen=True)
class Day:
    """The day a run judges, with what every kind of reminder reads once per run."""

    as_of: date
    policy: Policy
    days: WorkingDayIndex
    heads: dict[int, list[int]]
    units: Mapping[int, str] = field(default_factory=dict)  # every unit's name, by id

    def unit(self, unit_id: int | None) -> str:
        return self.units.get(unit_id or 0, "Đơn vị chủ trì")


def summary(task: TaskRowData) -> str:
    text = " ".join(task["content"].split())
    text = text if len(text) <= SUMMARY else text[: SUMMARY - 1] + "…"
    return f"{task['code']}. {text}" if task["code"] else text


def unit_heads() -> dict[int, list[int]]:
    heads: dict[int, list[int]] = defaultdict(list)
    rows = UserRole.objects.filter(
        role=Role.UNIT_HEAD, user__is_active=True, user__unit__isnull=False
    ).values_list("user__unit_id", "user_id")
    for unit_id, user_id in rows:
        heads[unit_id].append(user_id)
    return heads


def unit_names() -> dict[int, str]:
    """Every unit's name by id (a few hundred rows: one query, whatever the tasks)."""
    units = Unit.objects.only("pk", "name", "short_name")
    return {unit.pk: unit_label(unit) for unit in units}


def by_task(pairs: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = defaultdict(list)
    for task_id, other in pairs:
        result[task_id].append(other)
    return result


def unique(users: list[int]) -> list[int]:
    return list(dict.fromkeys(users))
