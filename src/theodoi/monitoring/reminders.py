"""The daily reminder job (`theodoi remind`): who must be reminded of what today.

- Lead units, against the internal deadline (the day the result is due at the Office): before
  it, on it, and while overdue. Before the deadline the people the unit gave the task to are
  told (its head if nobody was named yet); once it is `head_after` working days late its head
  too, and from `leader_after` days the leader who assigned it.
- Coordinating units that have not sent their input, against the lead's internal deadline
  less `coordination_days`: their heads, before and on that day.
- Extension requests waiting for a decision: the assigning leader (or every leader if the task
  names none), after `extension_after` working days and then every N.

Each reminder is written once (`Reminder` is unique by task, kind, unit, deadline and stage) in
one transaction that holds the day's `ReminderRun` row: a second run, even at the same moment,
waits for the first and then finds everything sent. Mail goes out after the transaction.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from theodoi.accounts.models import Role, User, UserRole
from theodoi.core.bulk import db_datetime, insert_rows
from theodoi.core.dates import format_date, in_range
from theodoi.monitoring.models import Reminder, ReminderKind, ReminderRun
from theodoi.monitoring.schedule import Policy, Stage, deadline_stage, waiting_stage
from theodoi.monitoring.services import CHASED, current_policy
from theodoi.notifications.services import Draft, notify
from theodoi.tasks import events
from theodoi.tasks.links import task_url
from theodoi.tasks.models import (
    EventKind,
    ExtensionRequest,
    ExtensionStatus,
    State,
    Task,
    TaskCoordination,
    TaskEvent,
)
from theodoi.workcalendar.services import WorkingDayIndex, get_calendar

SYSTEM = "Hệ thống (nhắc việc tự động)"
TaskRowData = Mapping[str, Any]  # a task read as plain values (`_tasks`)
SUMMARY = 120


@dataclass(frozen=True)
class RunResult:
    as_of: date
    sent: int  # notifications written now (one per person per reminder)
    skipped_already_sent: int  # notifications a run had written before
    # tasks left out because their deadline is outside 1900-2100 (stored before dates were
    # checked; docs/operations.md, "Dates"): named on every run until someone corrects them
    out_of_range: tuple[int, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "sent": self.sent,
            "skipped_already_sent": self.skipped_already_sent,
            "out_of_range": list(self.out_of_range),
        }


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


def _summary(task: TaskRowData) -> str:
    text = " ".join(task["content"].split())
    text = text if len(text) <= SUMMARY else text[: SUMMARY - 1] + "…"
    return f"{task['code']}. {text}" if task["code"] else text


def _lead_title(stage: Stage, task: TaskRowData) -> str:
    what = _summary(task)
    if stage.kind == "before":
        return f"Còn {stage.count} ngày làm việc đến hạn gửi Văn phòng: {what}"
    if stage.kind == "due":
        return f"Hôm nay đến hạn gửi Văn phòng: {what}"
    return f"Quá hạn {stage.late} ngày làm việc: {what}"


def _chased(horizon: date):
    """Tasks a lead unit is still working on, with an internal deadline up to `horizon`."""
    return Task.objects.filter(
        state__in=CHASED,
        fanned_out=False,
        internal_deadline__isnull=False,
        internal_deadline__lte=horizon,
        lead_unit__isnull=False,
    )


def _load_tasks(horizon: date) -> list[dict]:
    return list(
        _chased(horizon).values(
            "id",
            "code",
            "content",
            "internal_deadline",
            "deadline",
            "lead_unit_id",
            "leader_id",
            "state",
            "document__number",
        )
    )


def _heads() -> dict[int, list[int]]:
    heads: dict[int, list[int]] = defaultdict(list)
    rows = UserRole.objects.filter(
        role=Role.UNIT_HEAD, user__is_active=True, user__unit__isnull=False
    ).values_list("user__unit_id", "user_id")
    for unit_id, user_id in rows:
        heads[unit_id].append(user_id)
    return heads


def _by_task(pairs: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = defaultdict(list)
    for task_id, other in pairs:
        result[task_id].append(other)
    return result


class Planner:
    def __init__(self, as_of: date, policy: Policy) -> None:
        self.as_of, self.policy = as_of, policy
        calendar = get_calendar()
        self.horizon = calendar.add_working_days(as_of, policy.reach + 1)
        loaded = _load_tasks(self.horizon)
        self.tasks = [t for t in loaded if in_range(t["internal_deadline"])]
        self.out_of_range = tuple(t["id"] for t in loaded if not in_range(t["internal_deadline"]))
        earliest = min((t["internal_deadline"] for t in self.tasks), default=as_of)
        pending = list(
            ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values(
                "id", "requested_at", "task_id"
            )
        )
        for request in pending:
            earliest = min(earliest, timezone.localdate(request["requested_at"]))
        start = earliest - timedelta(days=policy.reach * 3 + 30)
        self.days = WorkingDayIndex(calendar, start, self.horizon + timedelta(days=30))
        self.pending = pending
        self.heads = _heads()

    def plan(self) -> list[Planned]:
        return [*self._lead(), *self._coordination(), *self._extensions()]

    def _lead(self) -> list[Planned]:
        assignees = _by_task(
            Task.assignees.through.objects.filter(task__in=_chased(self.horizon)).values_list(
                "task_id", "user_id"
            )
        )
        planned = []
        for task in self.tasks:
            deadline = task["internal_deadline"]
            stage = deadline_stage(self.days, self.policy, deadline, self.as_of)
            if stage is None:
                continue
            unit_id = task["lead_unit_id"]
            heads = self.heads.get(unit_id, [])
            users = (
                list(assignees.get(task["id"], [])) if task["state"] == State.IN_PROGRESS else []
            )
            if not users or (stage.kind == "overdue" and stage.late >= self.policy.head_after):
                users += heads
            if stage.kind == "overdue" and stage.late >= self.policy.leader_after:
                users += [task["leader_id"]] if task["leader_id"] else []
            body = (
                f"Hạn gửi kết quả cho Văn phòng: {format_date(deadline)}"
                + (
                    f"; thời hạn báo cáo: {format_date(task['deadline'])}"
                    if task["deadline"]
                    else ""
                )
                + (f". Văn bản: {task['document__number']}." if task["document__number"] else ".")
            )
            if stage.kind == "overdue":
                body += f" Nhắc lần {stage.count} khi quá hạn."
            planned.append(
                Planned(
                    task,
                    ReminderKind.LEAD,
                    unit_id,
                    deadline.isoformat(),
                    stage,
                    _lead_title(stage, task),
                    body,
                    _unique(users),
                )
            )
        return planned

    def _coordination(self) -> list[Planned]:
        if not self.tasks:
            return []
        by_id = {t["id"]: t for t in self.tasks}
        coordinations = TaskCoordination.objects.filter(task__in=_chased(self.horizon)).values_list(
            "task_id", "unit_id"
        )
        given = {
            (task_id, events.contributing_unit_id(data or {}))
            for task_id, data in TaskEvent.objects.filter(
                task__in=_chased(self.horizon), action=EventKind.CONTRIBUTE
            ).values_list("task_id", "data")
        }
        planned = []
        for task_id, unit_id in coordinations:
            task = by_id.get(task_id)
            if task is None or (task_id, unit_id) in given:
                continue
            if self.as_of > task["internal_deadline"]:
                continue  # the lead unit's own overdue reminders take over
            due = self.days.shift(task["internal_deadline"], -self.policy.coordination_days)
            stage = deadline_stage(self.days, self.policy, due, self.as_of, overdue=False)
            if stage is None:
                continue
            title = (
                f"Đơn vị phối hợp — hôm nay đến hạn gửi ý kiến: {_summary(task)}"
                if stage.kind == "due"
                else f"Đơn vị phối hợp — còn {stage.count} ngày làm việc đến hạn "
                f"gửi ý kiến: {_summary(task)}"
            )
            body = (
                f"Đơn vị chủ trì cần ý kiến phối hợp chậm nhất ngày {format_date(due)} "
                f"(hạn gửi Văn phòng {format_date(task['internal_deadline'])})."
            )
            planned.append(
                Planned(
                    task,
                    ReminderKind.COORDINATION,
                    unit_id,
                    due.isoformat(),
                    stage,
                    title,
                    body,
                    list(self.heads.get(unit_id, [])),
                )
            )
        return planned

    def _extensions(self) -> list[Planned]:
        if not self.pending:
            return []
        tasks = {
            t["id"]: t
            for t in Task.objects.filter(pk__in=[r["task_id"] for r in self.pending]).values(
                "id",
                "code",
                "content",
                "lead_unit_id",
                "leader_id",
                "state",
                "deadline",
                "internal_deadline",
                "document__number",
            )
        }
        leaders = list(
            UserRole.objects.filter(role=Role.LEADER, user__is_active=True).values_list(
                "user_id", flat=True
            )
        )
        planned = []
        for request in self.pending:
            task = tasks[request["task_id"]]
            since = timezone.localdate(request["requested_at"])
            stage = waiting_stage(self.days, self.policy, since, self.as_of)
            if stage is None or task["lead_unit_id"] is None:
                continue
            title = f"Đề nghị gia hạn chờ quyết định {stage.late} ngày làm việc: {_summary(task)}"
            body = f"Đơn vị đề nghị gia hạn ngày {format_date(since)}; cần lãnh đạo quyết định."
            users = [task["leader_id"]] if task["leader_id"] else leaders
            planned.append(
                Planned(
                    task,
                    ReminderKind.EXTENSION,
                    task["lead_unit_id"],
                    f"gh{request['id']}",
                    stage,
                    title,
                    body,
                    list(users),
                )
            )
        return planned


def _unique(users: list[int]) -> list[int]:
    return list(dict.fromkeys(users))


def _sent_since(day: date) -> dict[tuple[int, str, int, str, str], int]:
    rows = Reminder.objects.filter(day__gte=day).values_list(
        "task_id", "kind", "unit_id", "ref", "stage", "recipients"
    )
    return {row[:5]: len(row[5]) for row in rows}


def _lock(as_of: date, moment: datetime) -> None:
    """Hold the day's run row until the transaction ends (PostgreSQL: a row lock; SQLite: the
    write lock, taken at BEGIN IMMEDIATE)."""
    try:
        with transaction.atomic():
            ReminderRun.objects.get_or_create(day=as_of)
    except IntegrityError:
        pass  # another run created it at the same moment
    ReminderRun.objects.filter(day=as_of).update(runs=F("runs") + 1, last_run_at=moment)


def run_reminders(as_of: date, *, moment: datetime | None = None) -> RunResult:
    """Write today's reminders that were not written before; see the module's docstring."""
    moment = moment or timezone.now()
    policy = current_policy()  # a misconfigured policy stops here, before anything is written
    with transaction.atomic():
        _lock(as_of, moment)
        planner = Planner(as_of, policy)
        planned = [p for p in planner.plan() if p.users]
        earliest = min((p.stage.start for p in planned), default=as_of)
        sent_before = _sent_since(earliest)
        fresh = [p for p in planned if p.key not in sent_before]
        skipped = sum(sent_before[p.key] for p in planned if p.key in sent_before)
        _write(fresh, as_of, moment)
        written = notify(
            [
                Draft(
                    user_id=user_id,
                    key=f"nhac:{p.task['id']}:{p.kind}:{p.unit_id}:{p.ref}:{p.stage.key}",
                    title=p.title,
                    body=p.body,
                    url=task_url(p.task["id"]),
                    task_id=p.task["id"],
                )
                for p in fresh
                for user_id in p.users
            ],
            moment=moment,
            digest_day=as_of,
        )
        ReminderRun.objects.filter(day=as_of).update(sent=F("sent") + written)
    return RunResult(as_of, written, skipped, planner.out_of_range)


def _write(fresh: list[Planned], as_of: date, moment: datetime) -> None:
    names = dict(
        (pk, full or username)
        for pk, full, username in User.objects.filter(
            pk__in={u for p in fresh for u in p.users}
        ).values_list("pk", "full_name", "username")
    )
    at, day = db_datetime(moment), connection.ops.adapt_datefield_value(as_of)

    def json(value: object) -> object:
        return connection.ops.adapt_json_value(value, None)

    insert_rows(
        Reminder,
        ["task", "kind", "unit", "ref", "stage", "day", "recipients", "created_at"],
        [
            (p.task["id"], p.kind, p.unit_id, p.ref, p.stage.key, day, json(p.users), at)
            for p in fresh
        ],
    )
    entries = [
        events.reminded(
            title=p.title,
            recipients=", ".join(names.get(u, "?") for u in p.users),
            kind=p.kind,
            stage=p.stage.key,
            ref=p.ref,
            users=p.users,
        )
        for p in fresh
    ]
    insert_rows(  # each reminder on the task's timeline
        TaskEvent,
        ["task", "at", "actor_label", "unit", "action", "from_state", "to_state", "note", "data"],
        [
            (
                p.task["id"],
                at,
                SYSTEM,
                p.task["lead_unit_id"],
                entry.kind,
                "",
                p.task["state"],
                entry.note,
                json(entry.data),
            )
            for p, entry in zip(fresh, entries, strict=True)
        ],
    )
