"""What every kind of reminder shares: the planned reminder, the task as plain values, who
heads each unit, how a task is named in a reminder's title, and how the reminders about no
task (`reports`, `inspections`) are kept once (`write_kept`)."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from django.db import connection, models

from theodoi.accounts.models import Role, UserRole
from theodoi.core.bulk import db_datetime, insert_rows
from theodoi.monitoring.schedule import Policy, Stage
from theodoi.notifications.services import Draft
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


class KeptPlanned(Protocol):
    """A reminder about no task, kept in a table of its own unique by (owner, ref, stage)."""

    stage: Stage
    title: str
    body: str
    users: list[int]

    @property
    def key(self) -> tuple[int, str, str]: ...


P = TypeVar("P", bound=KeptPlanned)


def write_kept(
    planned: Sequence[P],
    as_of: date,
    moment: datetime,
    *,
    model: type[models.Model],
    owner: str,
    prefix: str,
    url: Callable[[P], str],
) -> tuple[list[Draft], int]:
    """Keep in `model` (its `owner` foreign key, ref, stage) the reminders not sent before
    and return their notifications (keys `prefix:owner:ref:stage`), with how many people's
    reminders had been sent before (skipped)."""
    planned = [p for p in planned if p.users]
    earliest = min((p.stage.start for p in planned), default=as_of)
    sent = {
        (owner_id, ref, stage): len(recipients)
        for owner_id, ref, stage, recipients in model._default_manager.filter(
            day__gte=earliest
        ).values_list(f"{owner}_id", "ref", "stage", "recipients")
    }
    fresh = [p for p in planned if p.key not in sent]
    skipped = sum(sent[p.key] for p in planned if p.key in sent)
    at, day = db_datetime(moment), connection.ops.adapt_datefield_value(as_of)
    insert_rows(
        model,
        [owner, "ref", "stage", "day", "recipients", "created_at"],
        [(*p.key, day, connection.ops.adapt_json_value(p.users, None), at) for p in fresh],
    )
    drafts = [
        Draft(
            user_id=user_id,
            key="{}:{}:{}:{}".format(prefix, *p.key),
            title=p.title,
            body=p.body,
            url=url(p),
        )
        for p in fresh
        for user_id in p.users
    ]
    return drafts, skipped
