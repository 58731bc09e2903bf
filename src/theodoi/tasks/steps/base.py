"""What every step of the cycle does: check the table and the version, change, record.

`begin_step` checks the cycle table (`cycle.TABLE`) for the actor's relation to the task and
locks the version the actor saw; `finish_step` saves the task, adds the step's event
(`tasks/events.py`) and keeps the statistics spans (`facts.sync_fact`) in step, in the caller's
transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db.models import F
from django.utils import timezone

from theodoi.accounts.models import Role, User, name_of
from theodoi.core.dates import format_date, in_range, range_message
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.organisation.models import Unit
from theodoi.tasks import events
from theodoi.tasks.cycle import Act, refusal, rule_for
from theodoi.tasks.events import Entry
from theodoi.tasks.facts import sync_fact
from theodoi.tasks.models import Document, EventKind, State, Task, TaskCoordination
from theodoi.tasks.scope import relations
from theodoi.tasks.search import indexed_text
from theodoi.workcalendar.services import WorkingCalendar, get_calendar

Files = Sequence[UploadedFile]
CONFLICT = (
    "Nhiệm vụ vừa được {who} thay đổi trong lúc bạn đang thao tác. Nội dung bạn nhập vẫn còn "
    "trên biểu mẫu; hãy xem lại trạng thái mới của nhiệm vụ rồi gửi lại nếu vẫn cần."
)


def moment_of(at: datetime | None) -> tuple[datetime, date]:
    moment = at or timezone.now()
    return moment, timezone.localdate(moment)


def required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed({field: message}, Code.REQUIRED)
    return value


def a_leader(leader: User | None, missing: str) -> User:
    """`leader`, who must be an active person with the leader role (field "leader")."""
    if leader is None:
        raise ValidationFailed({"leader": missing}, Code.REQUIRED)
    if not leader.is_active or Role.LEADER not in leader.roles:
        raise ValidationFailed(
            {"leader": f"{leader} không phải lãnh đạo Ngành đang làm việc."}, Code.INVALID
        )
    return leader


def search_text_of(task: Task) -> str:
    lead = task.lead_unit
    parts = [task.code, task.content, task.product, task.lead_text, task.document.number]
    if lead is not None:
        parts += [lead.code, lead.short_name, lead.name]
    return indexed_text(" ".join(p for p in parts if p))


def check_deadline(document: Document, deadline: date | None, field: str = "deadline") -> None:
    if deadline is not None and deadline < document.issued_on:
        raise ValidationFailed(
            {
                field: f"Thời hạn {format_date(deadline)} trước ngày ban hành văn bản "
                f"({format_date(document.issued_on)})."
            }
        )


def set_deadline(
    task: Task, deadline: date | None, calendar: WorkingCalendar | None = None
) -> None:
    """The deadline and the internal one, 1 working day before it (Art. 6.1); a deadline
    outside 1900-2100 is refused (`core.dates`), whichever form or file it came from.
    `calendar`: one loaded for many tasks (else it is read for this one)."""
    if deadline is not None and not in_range(deadline):
        raise ValidationFailed({"deadline": range_message("Thời hạn", deadline)})
    task.deadline = deadline
    if deadline is None:
        task.internal_deadline = None
        return
    task.internal_deadline = (calendar or get_calendar()).add_working_days(deadline, -1)


def set_coordination(task: Task, units: Sequence[Unit]) -> None:
    wanted = {u.pk for u in units if u.pk != task.lead_unit_id}
    current = set(task.coordinations.values_list("unit_id", flat=True))
    task.coordinations.filter(unit_id__in=current - wanted).delete()
    TaskCoordination.objects.bulk_create(
        [TaskCoordination(task=task, unit_id=pk) for pk in sorted(wanted - current)]
    )


@dataclass
class Step:
    """A cycle step under way: the task locked at the version the actor saw."""

    task: Task
    act: Act
    actor: User
    moment: datetime
    day: date
    from_state: str


def check_step(actor: User, task: Task, act: Act) -> None:
    """Refuse `act` on `task` by `actor` if the cycle table does not allow it in the task's
    state (`wrong_state`) or to the actor's relation to the task (`not_permitted`). Every
    step starts with it; the API asks it before reading a step's body, as a page does
    before showing the step's form."""
    rule = rule_for(task.state, act)
    rels = relations(actor, task)
    if rule is None:
        raise ValidationFailed({"__all__": refusal(task.state, act, rels)}, Code.WRONG_STATE)
    if not rule.by & rels:
        raise ValidationFailed({"__all__": refusal(task.state, act, rels)}, Code.NOT_PERMITTED)


def begin_step(
    actor: User, task: Task, act: Act, expected_version: int, at: datetime | None
) -> Step:
    check_step(actor, task, act)
    bumped = Task.objects.filter(pk=task.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        last = task.events.select_related("actor").order_by("-at", "-id").first()
        raise ConflictError(
            CONFLICT.format(who=name_of(last.actor, last.actor_label) if last else "người khác")
        )
    task.version = expected_version + 1
    moment, day = moment_of(at)
    return Step(task, act, actor, moment, day, task.state)


def finish_step(step: Step, entry: Entry, *, files: Files = (), state: State | None = None) -> Task:
    """The task saved in its new state (the table's, or `state`), with the step's event."""
    if entry.kind != EventKind(step.act):
        raise ValueError(f"the step {step.act} cannot record a {entry.kind} event")
    task = step.task
    rule = rule_for(step.from_state, step.act)
    if state is not None:
        task.state = state
    elif rule is not None and rule.target is not None:
        task.state = rule.target
    task.updated_at = step.moment
    task.search_text = search_text_of(task)
    task.save()
    events.record(task, step.actor, step.moment, entry, from_state=step.from_state, files=files)
    sync_fact(task, step.day)
    if task.parent_id is not None and task.state in {State.DONE, State.CANCELLED}:
        _settle_parent(task.parent, step)
    return task


def follow(task: Task, state: State, step: Step, entry: Entry) -> None:
    """A change that follows from a step on another task (a parent completing, children
    cancelled with their parent): same event and statistics bookkeeping as a step."""
    previous = task.state
    task.state = state
    task.resume_state = ""
    task.version += 1
    task.updated_at = step.moment
    task.save()
    events.record(task, step.actor, step.moment, entry, from_state=previous)
    sync_fact(task, step.day)


def _settle_parent(parent: Task | None, step: Step) -> None:
    """A fanned-out task is done when every unit's task is done (cancelled ones aside)."""
    if parent is None:
        return
    children = list(parent.children.values_list("state", "agency_done_on"))
    states = {state for state, _ in children}
    if parent.state != State.FANNED_OUT or State.DONE not in states:
        return
    if not states <= {State.DONE, State.CANCELLED}:
        return
    parent.agency_done_on = max(done for state, done in children if state == State.DONE and done)
    parent.progress = 100
    follow(parent, State.DONE, step, events.completed())
