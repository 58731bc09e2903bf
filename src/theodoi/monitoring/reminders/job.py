"""The daily reminder job (`theodoi remind`): who must be reminded of what today.

Each kind of reminder is planned by a module of its own: `lead` (the lead unit, against the
internal deadline), `coordination` (coordinating units that have not sent their input) and
`extensions` (requests waiting for a leader's decision), `acceptance` (new tasks waiting to be
accepted or returned), `updates` (tasks without a deadline that owe their period's update) and
`reports` (the reports units owe, kept in `ReportReminder`: they are about no task) and
`inspections` (the inspection reports teams owe, kept in `InspectionReminder`);
`common` holds what they share; `groups` turns the reminders into notifications, one per
parent task for those outside the units of a task assigned to several units.

Each reminder is written once (`Reminder` is unique by task, kind, unit, deadline and stage) in
one transaction that holds the day's `ReminderRun` row: a second run, even at the same moment,
waits for the first and then finds everything sent. Mail goes out after the transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.bulk import db_datetime, insert_rows
from theodoi.core.dates import in_range
from theodoi.monitoring.models import Reminder, ReminderKind, ReminderRun
from theodoi.monitoring.reminders import groups, inspections, reports
from theodoi.monitoring.reminders.acceptance import (
    LOOKBACK,
    acceptance_reminders,
    office_people,
    waiting_tasks,
)
from theodoi.monitoring.reminders.common import Day, Planned, unit_heads, unit_names
from theodoi.monitoring.reminders.coordination import coordination_reminders
from theodoi.monitoring.reminders.extensions import (
    earliest_request,
    extension_reminders,
    pending_requests,
)
from theodoi.monitoring.reminders.lead import lead_reminders, load_tasks
from theodoi.monitoring.reminders.updates import followed_tasks, update_reminders
from theodoi.monitoring.schedule import Policy
from theodoi.monitoring.services import current_policy
from theodoi.notifications.services import Draft, notify
from theodoi.tasks import events
from theodoi.tasks.models import TaskEvent
from theodoi.webhooks import hooks as webhooks
from theodoi.workcalendar.services import WorkingDayIndex, get_calendar

SYSTEM = "Hệ thống (nhắc việc tự động)"


@dataclass(frozen=True)
class RunResult:
    as_of: date
    sent: int  # notifications written now (one per person per reminder or group)
    skipped_already_sent: int  # people of the reminders a run had sent before
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


class Planner:
    """Reads what the day's reminders of every kind need, once, and plans them."""

    def __init__(self, as_of: date, policy: Policy) -> None:
        self.calendar = calendar = get_calendar()
        self.horizon = calendar.add_working_days(as_of, policy.reach + 1)
        loaded = load_tasks(self.horizon)
        self.tasks = [t for t in loaded if in_range(t["internal_deadline"])]
        self.out_of_range = tuple(t["id"] for t in loaded if not in_range(t["internal_deadline"]))
        earliest = min((t["internal_deadline"] for t in self.tasks), default=as_of)
        self.pending = pending_requests()
        earliest = earliest_request(self.pending, earliest)
        self.waiting = waiting_tasks(as_of)
        self.followed = followed_tasks()
        self.reports = reports.owed_requests(self.horizon)
        earliest = reports.earliest_due(self.reports, earliest)
        self.inspections = inspections.owed_reports(self.horizon, calendar)
        earliest = inspections.earliest_due(self.inspections, earliest)
        # the oldest acceptance window read; an update owed is never for a period before the
        # latest one ended, whose last working day is at most a year back (a yearly update)
        earliest = min(earliest, as_of - LOOKBACK, as_of - timedelta(days=366))
        start = earliest - timedelta(days=policy.reach * 3 + 30)
        days = WorkingDayIndex(calendar, start, self.horizon + timedelta(days=30))
        self.day = Day(as_of, policy, days, unit_heads(), unit_names())

    def plan(self) -> list[Planned]:
        units = self.day.units
        office = office_people() if self.waiting else []
        return [
            *lead_reminders(self.day, self.tasks, self.horizon),
            *coordination_reminders(self.day, self.tasks, self.horizon),
            *extension_reminders(self.day, self.pending),
            *acceptance_reminders(self.day, self.waiting, units, office),
            *update_reminders(self.day, self.calendar, self.followed, self.horizon, units),
        ]


def _sent_since(day: date) -> dict[tuple[int, str, int, str, str], int]:
    rows = Reminder.objects.filter(day__gte=day).values_list(
        "task_id", "kind", "unit_id", "ref", "stage", "recipients"
    )
    return {row[:5]: len(row[5]) for row in rows}


def _count_rounds(fresh: list[Planned]) -> list[int]:
    """End each overdue reminder's text with how many overdue reminders its unit has had for
    that task and deadline, this one included: the rounds really sent, not the stage's index
    (`overdue:147` is the 147th period of N working days since the deadline, whether or not
    the job ran then). Returns the tasks whose lead unit gets its first overdue reminder for
    the deadline now: the tasks that have just become overdue."""
    late = [p for p in fresh if p.stage.kind == "overdue"]
    # read even when none is late, so that a run reads as many queries whatever its stages
    since = min((date.fromisoformat(p.ref) for p in late), default=date.max)
    rows = (
        Reminder.objects.filter(day__gt=since, stage__startswith="overdue:")
        .values("task_id", "kind", "unit_id", "ref")
        .annotate(n=Count("pk"))
        .values_list("task_id", "kind", "unit_id", "ref", "n")
    )
    sent = {row[:4]: row[4] for row in rows}
    for p in late:
        p.body += f" Nhắc lần {sent.get(p.key[:4], 0) + 1} khi quá hạn."
    had = {(task, ref) for task, kind, _, ref in sent if kind == ReminderKind.LEAD}
    return [
        p.task["id"]
        for p in late
        if p.kind == ReminderKind.LEAD and (p.task["id"], p.ref) not in had
    ]


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
        newly_overdue = _count_rounds(fresh)
        _write(fresh, as_of, moment)
        webhooks.tasks_overdue(newly_overdue, moment)
        owed = reports.report_reminders(planner.day, planner.reports, reports.unit_staff())
        report_drafts, report_skipped = reports.write_report_reminders(owed, as_of, moment)
        skipped += report_skipped
        inspection_drafts, inspection_skipped = _inspection_drafts(planner, as_of, moment)
        skipped += inspection_skipped
        written = notify(
            groups.drafts(planner.day, planned, fresh) + report_drafts + inspection_drafts,
            moment=moment,
            digest_day=as_of,
        )
        ReminderRun.objects.filter(day=as_of).update(sent=F("sent") + written)
    return RunResult(as_of, written, skipped, planner.out_of_range)


def _inspection_drafts(planner: Planner, as_of: date, moment: datetime) -> tuple[list[Draft], int]:
    """The reminders of the inspection reports owed (`inspections`), kept once."""
    owed = planner.inspections
    office = office_people() if owed else []
    team = inspections.team_people(owed)
    planned = inspections.inspection_reminders(planner.day, owed, team, office)
    return inspections.write_inspection_reminders(planned, as_of, moment)


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
