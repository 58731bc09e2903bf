"""The vocabulary of a task's timeline: one constructor per kind of event (`EventKind`).

A constructor fixes what an event of its kind says (`Entry`: kind, note, data); `record` and
`unsaved` add who, when, the unit leading the task then, and the state before and after. Data
name units, people and records by id, never by a code or a name that can be corrected later
(docs/adr/0002-units-history.md); the readers of data are here too (`contributing_unit_id`,
`GRANTED`), so no other module knows the keys.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q

from theodoi.accounts.models import User
from theodoi.audit.services import actor_fields
from theodoi.core.dates import format_date
from theodoi.organisation.models import Unit
from theodoi.tasks import attachments
from theodoi.tasks.models import EventKind, Task, TaskEvent
from theodoi.webhooks import hooks as webhooks

Data = dict[str, Any]


@dataclass(frozen=True)
class Entry:
    """What an event says, before it is dated and signed."""

    kind: EventKind
    note: str = ""
    data: Data = field(default_factory=dict)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _ids(items: Sequence[Unit] | Sequence[User]) -> list[int]:
    return [item.pk for item in items]


# Registering and drafting ------------------------------------------------------------------


def created(*, deadline: date | None) -> Entry:
    return Entry(EventKind.CREATE, data={"deadline": _day(deadline)})


def edited(*, reason: str, changes: dict[str, list[Any]]) -> Entry:
    """`changes`: field → [before, after], as the change log writes them."""
    return Entry(EventKind.EDIT, reason, {"changes": changes})


def imported(
    *,
    plan_import_id: int,
    note: str,
    leader_id: int | None = None,
    decided_on: date | None = None,
    signer: str = "",
) -> Entry:
    """A task made from a plan: the plan is the assignment, on the authority of its signer
    (`leader_id`, or `signer`'s name when the signer has no account) on `decided_on`."""
    data: Data = {"plan_import": plan_import_id, "decided_on": _day(decided_on)}
    data |= {"leader_id": leader_id} if leader_id is not None else {"signer": signer}
    return Entry(EventKind.IMPORT_PLAN, note, data)


def plan_signer(data: Data) -> str:
    """The name of a plan's signer who has no account (`imported`), else ""."""
    return str(data.get("signer") or "")


def plan_updated(*, plan_import_id: int, note: str) -> Entry:
    return Entry(EventKind.PLAN_UPDATE, note, {"plan_import": plan_import_id})


# Proposal and assignment -------------------------------------------------------------------


def proposed(*, leader: User, note: str) -> Entry:
    return Entry(EventKind.PROPOSE, note, {"leader_id": leader.pk})


def assigned(
    *,
    leads: Sequence[Unit],
    coordinating: Sequence[Unit],
    deadline: date | None,
    instruction: str,
) -> Entry:
    data = {"lead_ids": _ids(leads), "coordinating_ids": _ids(coordinating)}
    return Entry(EventKind.ASSIGN, instruction, data | {"deadline": _day(deadline)})


def assignment_recorded(
    *,
    leader: User,
    decided_on: date,
    leads: Sequence[Unit],
    coordinating: Sequence[Unit],
    deadline: date | None,
    instruction: str,
) -> Entry:
    """The Office records an assignment `leader` gave on paper on `decided_on` (Art. 5.2.a):
    the event's actor is the Office person, its authority the leader and the date."""
    entry = assigned(
        leads=leads, coordinating=coordinating, deadline=deadline, instruction=instruction
    )
    authority = {"leader_id": leader.pk, "decided_on": _day(decided_on)}
    return Entry(EventKind.RECORD_ASSIGNMENT, instruction, entry.data | authority)


# An assignment, by the leader or recorded by the Office from a paper one: statistics,
# evaluation and reminders count both alike.
ASSIGNMENTS = (EventKind.ASSIGN, EventKind.RECORD_ASSIGNMENT)


def authority(data: Data) -> tuple[int | None, date | None]:
    """The leader on whose authority an assignment was recorded, and the date of the decision."""
    leader_id, day = data.get("leader_id"), data.get("decided_on")
    return (
        leader_id if isinstance(leader_id, int) else None,
        date.fromisoformat(day) if isinstance(day, str) else None,
    )


def fanned_out(*, parent: Task) -> Entry:
    """A unit's own task made from a task assigned to several units."""
    return Entry(EventKind.FAN_OUT, parent.instruction, {"parent": parent.pk})


def confirmed(*, instruction: str) -> Entry:
    return Entry(EventKind.CONFIRM, instruction)


def returned(*, reason: str, proposal: str) -> Entry:
    return Entry(EventKind.RETURN, reason, {"proposal": proposal})


def referred(*, leader: User, note: str) -> Entry:
    """The Office takes a returned task to `leader` to adjust the assignment (Art. 5.2.b)."""
    return Entry(EventKind.REFER, note, {"leader_id": leader.pk})


def reassignment_requested(*, reason: str, unit: Unit | None, proposal: str) -> Entry:
    """The lead unit, after accepting, finds the task outside its remit (Art. 5.3.b) and
    asks for it to be given to another unit (`unit`, if it proposes one)."""
    data = {"proposal": proposal, "unit_id": unit.pk if unit is not None else None}
    return Entry(EventKind.REQUEST_REASSIGNMENT, reason, data)


# A unit giving its task back (at once, or after accepting it): evaluation counts both.
RETURNS = (EventKind.RETURN, EventKind.REQUEST_REASSIGNMENT)


def accepted(*, assignees: Sequence[User], note: str) -> Entry:
    return Entry(EventKind.ACCEPT, note, {"assignee_ids": _ids(assignees)})


def distributed(*, assignees: Sequence[User], note: str) -> Entry:
    return Entry(EventKind.DISTRIBUTE, note, {"assignee_ids": _ids(assignees)})


def handed_over(*, reason: str, what: str) -> Entry:
    """`what`: the sentence the timeline shows (which unit took the task over, and how)."""
    return Entry(EventKind.HAND_OVER, reason, {"handover": what})


# Execution ----------------------------------------------------------------------------------


def progressed(*, progress: int, note: str) -> Entry:
    return Entry(EventKind.PROGRESS, note, {"progress": progress})


def contributed(*, unit_id: int, note: str) -> Entry:
    """A coordinating unit's input (Art. 9.2); the reminder job stops asking that unit."""
    return Entry(EventKind.CONTRIBUTE, note, {"unit_id": unit_id})


def contributing_unit_id(data: Data) -> int | None:
    """The unit that gave a `contributed` event's input."""
    unit_id = data.get("unit_id")
    return unit_id if isinstance(unit_id, int) else None


def chased(*, unit: Unit) -> Entry:
    """The lead unit (or the Office) asked the coordinating `unit` for its input."""
    return Entry(EventKind.CHASE, f"Đôn đốc {unit} gửi ý kiến phối hợp.", {"unit_id": unit.pk})


def event_recorded(*, happened_on: date, deadline: date, note: str) -> Entry:
    """The event the task waited for happened on `happened_on`; its deadline is `deadline`."""
    data = {"happened_on": _day(happened_on), "deadline": _day(deadline)}
    return Entry(EventKind.RECORD_EVENT, note, data)


def extension_requested(*, proposed_deadline: date, reason: str) -> Entry:
    return Entry(
        EventKind.REQUEST_EXTENSION, reason, {"proposed_deadline": _day(proposed_deadline)}
    )


def extension_decided(
    *, approved: bool, old_deadline: date | None, new_deadline: date | None, note: str
) -> Entry:
    data: Data = {"approved": approved}
    if approved:
        data |= {"old_deadline": _day(old_deadline), "new_deadline": _day(new_deadline)}
    return Entry(EventKind.DECIDE_EXTENSION, note, data)


# An extension the leader agreed to (evaluation counts them).
GRANTED = Q(action=EventKind.DECIDE_EXTENSION, data__approved=True)


def reminded(
    *, title: str, recipients: str, kind: str, stage: str, ref: str, users: list[int]
) -> Entry:
    """An automatic reminder (`kind`, `stage`, `ref` as the reminder job plans them)."""
    data = {"kind": kind, "stage": stage, "ref": ref, "users": users}
    return Entry(EventKind.REMIND, f"{title}\nGửi tới: {recipients}.", data)


def urged(*, letter_id: int, note: str) -> Entry:
    return Entry(EventKind.URGE, note, {"letter": letter_id})


# Difficulties and proposals (Art. 9.1.b, 10.3) --------------------------------------------


def obstacle_raised(*, obstacle_id: int, unit: Unit, difficulty: str, proposal: str) -> Entry:
    """A unit raised a difficulty with its proposal (`tasks/obstacles`)."""
    data = {"obstacle_id": obstacle_id, "unit_id": unit.pk, "proposal": proposal}
    return Entry(EventKind.OBSTACLE_RAISE, difficulty, data)


def obstacle_referred(*, obstacle_id: int, leader: User, note: str) -> Entry:
    """The Office took the difficulty to `leader`, with its own note."""
    text = f"Trình lãnh đạo {leader}." + (f"\n{note}" if note else "")
    return Entry(
        EventKind.OBSTACLE_REFER, text, {"obstacle_id": obstacle_id, "leader_id": leader.pk}
    )


def obstacle_decided(*, obstacle_id: int, decision: str) -> Entry:
    """The leader's decision on the difficulty."""
    return Entry(EventKind.OBSTACLE_DECIDE, decision, {"obstacle_id": obstacle_id})


OBSTACLE_KINDS = (EventKind.OBSTACLE_RAISE, EventKind.OBSTACLE_REFER, EventKind.OBSTACLE_DECIDE)


def obstacle_events(obstacle_id: int) -> Q:
    """The events of one difficulty: its own history on the task's timeline."""
    return Q(action__in=OBSTACLE_KINDS, data__obstacle_id=obstacle_id)


# Results and decisions ----------------------------------------------------------------------


def submitted(*, result: str) -> Entry:
    return Entry(EventKind.SUBMIT, result)


def sent_back(*, comment: str) -> Entry:
    return Entry(EventKind.SEND_BACK, comment)


def forwarded(*, note: str) -> Entry:
    return Entry(EventKind.FORWARD, note)


def approved(*, note: str) -> Entry:
    return Entry(EventKind.APPROVE, note)


def reported(*, reported_on: date, number: str, channel: str, note: str) -> Entry:
    data = {"reported_on": _day(reported_on), "number": number, "channel": channel}
    return Entry(EventKind.REPORT, note, data)


def completed() -> Entry:
    """A task assigned to several units, done when every unit's task is."""
    return Entry(EventKind.COMPLETE)


def suspended(*, reason: str) -> Entry:
    return Entry(EventKind.SUSPEND, reason)


def resumed(*, reason: str) -> Entry:
    return Entry(EventKind.RESUME, reason)


def cancelled(*, reason: str) -> Entry:
    return Entry(EventKind.CANCEL, reason)


# Reading ------------------------------------------------------------------------------------


def details(event: TaskEvent) -> list[str]:
    """What the timeline shows of an event beyond its note, as a person reads it."""
    data = event.data or {}
    if event.action == EventKind.HAND_OVER and data.get("handover"):
        return [str(data["handover"])]
    if event.action == EventKind.OBSTACLE_RAISE and data.get("proposal"):
        return [f"Đề xuất: {data['proposal']}"]
    if event.action in RETURNS and data.get("proposal"):
        return [f"Đề xuất: {data['proposal']}"]
    if event.action == EventKind.RECORD_EVENT and data.get("happened_on"):
        return [
            f"Ngày sự kiện phát sinh: {format_date(date.fromisoformat(data['happened_on']))}",
            f"Thời hạn: {format_date(date.fromisoformat(data['deadline']))}",
        ]
    if event.action == EventKind.DECIDE_EXTENSION and data.get("new_deadline"):
        return [f"Thời hạn mới: {format_date(date.fromisoformat(data['new_deadline']))}"]
    return []


# Writing ------------------------------------------------------------------------------------


def unsaved(
    task: Task, actor: User | None, moment: datetime, entry: Entry, *, from_state: str = ""
) -> TaskEvent:
    """The event, not yet saved (for `bulk_create` when one action touches many tasks)."""
    return TaskEvent(
        task=task,
        at=moment,
        **actor_fields(actor),
        unit_id=task.lead_unit_id,
        action=entry.kind,
        from_state=from_state,
        to_state=task.state,
        note=entry.note,
        data=entry.data,
    )


def record(
    task: Task,
    actor: User | None,
    moment: datetime,
    entry: Entry,
    *,
    from_state: str = "",
    files: Sequence[UploadedFile] = (),
) -> TaskEvent:
    """The event saved, with its files; webhook subscribers told (queued, after the commit)."""
    event = unsaved(task, actor, moment, entry, from_state=from_state)
    event.save()
    attachments.save_files(files, actor=actor, task=task, event=event)
    webhooks.task_recorded(event)
    return event
