"""Reading one task for its page: what it is, who stands how to it, what may be done, and its
timeline with each event's files, in a fixed number of queries whatever the history."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.audit.origin import via_words
from theodoi.core.collation import person_key, vi_key
from theodoi.core.compiled import Compiled
from theodoi.core.dates import format_date
from theodoi.core.forms import MAX_ID
from theodoi.organisation.labels import names_for, unit_label, units_text
from theodoi.organisation.models import Unit
from theodoi.tasks import events
from theodoi.tasks.cycle import ACT_LABELS, Act, Rel, allowed_actions
from theodoi.tasks.models import (
    Attachment,
    DocumentKind,
    EventKind,
    ExtensionRequest,
    ExtensionStatus,
    State,
    Task,
    TaskCoordination,
    TaskEvent,
)
from theodoi.tasks.scope import relations, sees_task
from theodoi.tasks.selectors.lists import TaskRow, task_rows
from theodoi.tasks.stats import CLASS_LABELS, View, task_class


@dataclass
class TimelineItem:
    """An event as the timeline shows it: what it says beyond its note, and its files."""

    event: TaskEvent
    details: list[str]
    files: list[Attachment]
    authority: str = ""  # on whose authority the actor recorded it (a paper assignment)
    via: str = ""  # what the actor went through, in words: "qua API (khóa «…»)"


@dataclass
class Submission:
    """The result the unit sent, as the people who decide on it read it: its text, the day
    it was sent, who sent it and the files sent with it (the latest submission's)."""

    result: str
    sent_on: date
    sent_by: str
    files: list[Attachment]


# The states in which the task page shows the submitted result with its files
SHOWS_RESULT = (State.SUBMITTED, State.CHECKED, State.APPROVED, State.DONE)

# Ends and stops: the actions the page sets apart (a group of their own, never the primary)
STOPS = (Act.SUSPEND, Act.CANCEL)
# The action that turns a result down comes after the one that takes it forward
_LAST = (Act.SEND_BACK,)


def _in_order(actions: Sequence[Act]) -> tuple[list[Act], list[Act]]:
    """The person's actions as the page offers them: the ones moving the task on (the first
    is the primary button; sending a result back after approving or forwarding it) and the
    stops apart."""
    stops = [a for a in actions if a in STOPS]
    moving = [a for a in actions if a not in STOPS]
    moving.sort(key=lambda a: a in _LAST)  # stable: the table's order otherwise
    return moving, stops


def submission(
    task: Task, history: list[TaskEvent], files: dict[int, list[Attachment]]
) -> Submission | None:
    """The latest submission of a task waiting for a decision on it, or done with it."""
    if not task.result or task.state not in SHOWS_RESULT:
        return None
    sent = [e for e in history if e.action == EventKind.SUBMIT]
    if not sent:
        return None
    event = sent[-1]
    who = str(event.actor) if event.actor else event.actor_label
    day = task.unit_done_on or timezone.localdate(event.at)
    return Submission(task.result, day, who, files.get(event.pk, []))


def submission_of(task: Task) -> Submission | None:
    """`submission` for a step page, which has not loaded the timeline (two queries)."""
    if not task.result or task.state not in SHOWS_RESULT:
        return None
    event = (
        task.events.filter(action=EventKind.SUBMIT).select_related("actor").order_by("-at", "-pk")
    ).first()
    if event is None:
        return None
    files = list(event.attachments.order_by("uploaded_at", "id"))
    return submission(task, [event], {event.pk: files})


@dataclass
class CoordinationInput:
    """A coordinating unit's input as the page shows it: sent (on `sent_on`), late (not sent
    and the internal deadline, else the deadline, has passed) or not yet sent."""

    unit: Unit
    state: str  # "sent", "late" or "none"
    sent_on: date | None

    @property
    def label(self) -> str:
        if self.sent_on is not None:
            return f"Đã gửi ý kiến {format_date(self.sent_on)}"
        return "Chậm gửi" if self.state == "late" else "Chưa gửi"


def coordination_inputs(
    task: Task, coordinating: list[Unit], timeline: list[TaskEvent], today: date
) -> list[CoordinationInput]:
    """Each coordinating unit's input state, read from the task's events (no query)."""
    sent: dict[int, date] = {}
    for event in timeline:
        if event.action == EventKind.CONTRIBUTE:
            unit_id = events.contributing_unit_id(event.data or {})
            if unit_id is not None and unit_id not in sent:
                sent[unit_id] = timezone.localdate(event.at)
    due = task.internal_deadline or task.deadline
    late = due is not None and today > due
    return [
        CoordinationInput(
            unit, "sent" if unit.pk in sent else "late" if late else "none", sent.get(unit.pk)
        )
        for unit in coordinating
    ]


@dataclass
class TaskPage:
    task: Task
    rels: frozenset[Rel]
    actions: list[tuple[Act, str]]  # what the person may do now, and its button's words
    stops: list[tuple[Act, str]]  # suspending and cancelling, offered apart
    submission: Submission | None  # the result sent, where it is decided on or done
    coordinating: list[Unit]
    inputs: list[CoordinationInput]
    can_chase: bool  # the person may chase a coordinating unit that has not sent its input
    lead_label: str  # the lead unit's name, or the text's units by name (never a code)
    assignees: list[User]
    timeline: list[TimelineItem]
    task_files: list[Attachment]
    extensions: list[ExtensionRequest]
    pending_extension: ExtensionRequest | None
    children: list[TaskRow]
    unit_class: str
    agency_class: str
    # a unit's own task of a task given to several units: the whole task's page, when the
    # person may see it (a province's director may not: the page then names it, unlinked)
    parent_visible: bool = False
    parent_lead: str = ""
    # a task made from a plan: "Giao theo Kế hoạch số … ngày … (người ký: …)"
    basis: str = ""

    @property
    def unit_class_label(self) -> str:
        return CLASS_LABELS.get(self.unit_class, "")

    @property
    def agency_class_label(self) -> str:
        return CLASS_LABELS.get(self.agency_class, "")


# what the page reads of a task, compiled once (ADR 0027, "Later"): by the task's id
COORDINATING = Compiled(
    lambda: Unit.objects.filter(
        pk__in=TaskCoordination.objects.filter(task_id=0).values("unit_id")
    ).order_by("code")
)
FILES = Compiled(  # the task's own files and its events': the id twice
    lambda: Attachment.objects.filter(Q(task_id=0) | Q(event__task_id=0)).order_by(
        "uploaded_at", "id"
    )
)
EVENTS = Compiled(lambda: TaskEvent.objects.filter(task_id=0).select_related("actor"))
EXTENSIONS = Compiled(
    lambda: ExtensionRequest.objects.filter(task_id=0).select_related("requested_by", "decided_by")
)
ASSIGNEES = Compiled(lambda: User.objects.filter(**{Task.assignees.field.related_query_name(): 0}))


def _of_task(read: Compiled, task: Task) -> list[Any]:
    """The rows of `task` (events, extension requests), each knowing its task without a
    query, as the task's related manager gives them."""
    rows = read.instances(task.pk)
    for row in rows:
        type(row)._meta.get_field("task").set_cached_value(row, task)
    return rows


def task_page(user: User, task: Task, today: date) -> TaskPage:
    """Everything the task page shows (a fixed number of queries, whatever the history)."""
    coordinating: list[Unit] = COORDINATING.instances(task.pk)
    rels = relations(user, task, {u.pk for u in coordinating})
    files: list[Attachment] = FILES.instances(task.pk, task.pk)
    by_event: dict[int, list[Attachment]] = defaultdict(list)
    for item in files:
        if item.event_id:
            by_event[item.event_id].append(item)
    history: list[TaskEvent] = _of_task(EVENTS, task)
    timeline = _timeline(history, by_event)
    inputs = coordination_inputs(task, coordinating, [t.event for t in timeline], today)
    extensions: list[ExtensionRequest] = _of_task(EXTENSIONS, task)
    pending = next((e for e in extensions if e.status == ExtensionStatus.PENDING), None)
    allowed = allowed_actions(task.state, rels)
    # chasing is done per unit, from the list of coordinating units
    actions = [
        a
        for a in allowed
        if (a != Act.DECIDE_EXTENSION or pending)
        and a != Act.CHASE
        and (a != Act.RECORD_EVENT or task.waiting_for_event)
    ]
    moving, stops = _in_order(actions)
    children: list[TaskRow] = []
    if task.fanned_out:
        kids = sorted(
            task.children.select_related("document", "lead_unit"),
            key=lambda kid: vi_key(str(kid.lead_unit or "")),
        )
        children = task_rows(kids, today)
    return TaskPage(
        task=task,
        rels=rels,
        actions=[(act, ACT_LABELS[act]) for act in moving],
        stops=[(act, ACT_LABELS[act]) for act in stops],
        submission=submission(task, history, by_event),
        coordinating=coordinating,
        inputs=inputs,
        can_chase=Act.CHASE in allowed,
        lead_label=_lead_label(task),
        assignees=sorted(ASSIGNEES.instances(task.pk), key=lambda u: person_key(str(u))),
        timeline=timeline,
        task_files=[f for f in files if not f.event_id],
        extensions=extensions,
        pending_extension=pending,
        children=children,
        unit_class=task_class(task, View.UNIT, today),
        agency_class=task_class(task, View.AGENCY, today),
        parent_visible=task.parent is not None and sees_task(user, task.parent),
        parent_lead=_lead_label(task.parent) if task.parent is not None else "",
        basis=_plan_basis(task, [t.event for t in timeline]),
    )


def _plan_basis(task: Task, history: list[TaskEvent]) -> str:
    """The plan a task was assigned by, and its signer (`events.imported`): read from the
    task's import event, or its parent's for a unit's own task (one query then)."""
    found = next((e for e in history if e.action == EventKind.IMPORT_PLAN), None)
    if found is None and task.parent_id is not None and task.document.kind == DocumentKind.PLAN:
        parent_events = TaskEvent.objects.filter(task_id=task.parent_id)
        found = parent_events.filter(action=EventKind.IMPORT_PLAN).first()
    if found is None or not found.data.get("decided_on"):
        return ""  # imported before the authority was recorded
    leader_id, decided_on = events.authority(found.data)
    signer = events.plan_signer(found.data)
    if leader_id is not None:
        leader = task.leader if task.leader_id == leader_id else User.objects.get(pk=leader_id)
        signer = str(leader)
    text = f"Giao theo Kế hoạch số {task.document.number} ngày {format_date(decided_on)}"
    return f"{text} (người ký: {signer})" if signer else text


def _timeline(
    history: list[TaskEvent], by_event: dict[int, list[Attachment]]
) -> list[TimelineItem]:
    """The events with what they say, naming the leaders and units their data point to (one
    query for each, only when such events are there)."""
    named = (EventKind.RECORD_ASSIGNMENT, EventKind.REFER)
    leader_ids = {
        leader_id
        for e in history
        if e.action in named and (leader_id := events.authority(e.data or {})[0]) is not None
    }
    proposed = [e for e in history if e.action == EventKind.REQUEST_REASSIGNMENT]
    unit_ids = {unit_id for e in proposed if isinstance(unit_id := e.data.get("unit_id"), int)}
    people = {u.pk: u for u in User.objects.filter(pk__in=leader_ids)} if leader_ids else {}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)} if unit_ids else {}
    items = []
    for event in history:
        item = TimelineItem(event, events.details(event), by_event.get(event.pk, []))
        item.via = via_words(event.via)
        leader_id, decided_on = events.authority(event.data or {})
        leader = people.get(leader_id) if leader_id is not None else None
        if event.action == EventKind.RECORD_ASSIGNMENT and leader and decided_on:
            item.authority = (
                f"(Văn phòng) ghi theo chỉ đạo của Lãnh đạo {leader} ngày {format_date(decided_on)}"
            )
        if event.action == EventKind.REFER and leader:
            item.details.insert(0, f"Trình Lãnh đạo {leader}")
        unit = units.get(event.data.get("unit_id") or 0) if unit_ids else None
        if event.action == EventKind.REQUEST_REASSIGNMENT and unit:
            item.details.insert(0, f"Đề xuất giao cho: {unit_label(unit)}")
        items.append(item)
    return items


def _lead_label(task: Task) -> str:
    if task.lead_unit is not None:
        return unit_label(task.lead_unit)
    return units_text(task.lead_text, names_for([task.lead_text]))


def _task_read() -> QuerySet[Task]:
    # the inspection a task answers, if any (inspections/_task_link.html): joined, not asked
    related = ("recommendation__inspection", "records_request__inspection")
    loaded = ("document", "lead_unit", "leader", "parent", *related)
    return Task.objects.select_related(*loaded).filter(pk=0)


# one task with what its pages show beside it: compiled once (ADR 0027), seven tables' columns
TASK = Compiled(_task_read)


def get_visible_task(user: User, pk: int) -> Task | None:
    """The task `pk` with its document, units, leader, parent and inspection, if `user` sees
    it (`scope.sees_task`, the rule of `visible_tasks`). An id no database stores is no
    task (SQLite refuses to be given it; the ORM's own lookup answers nothing)."""
    found: list[Task] = TASK.instances(pk) if 0 < pk <= MAX_ID else []
    return found[0] if found and sees_task(user, found[0]) else None


def visible_task_or_404(user: User, pk: int) -> Task:
    """The task for a page, or the 404 that does not say whether it exists (ids do not leak)."""
    task = get_visible_task(user, pk)
    if task is None:
        raise Http404("Không có nhiệm vụ này hoặc bạn không được xem.")
    return task
