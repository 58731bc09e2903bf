"""Reading one task for its page: what it is, who stands how to it, what may be done, and its
timeline with each event's files, in a fixed number of queries whatever the history."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from theodoi.accounts.models import User
from theodoi.organisation.labels import names_for, unit_label, units_text
from theodoi.organisation.models import Unit
from theodoi.tasks import events
from theodoi.tasks.cycle import ACT_LABELS, Act, Rel, allowed_actions
from theodoi.tasks.models import (
    Attachment,
    ExtensionRequest,
    ExtensionStatus,
    Task,
    TaskCoordination,
    TaskEvent,
)
from theodoi.tasks.scope import relations, visible_tasks
from theodoi.tasks.selectors.lists import TaskRow, task_rows
from theodoi.tasks.stats import CLASS_LABELS, View, task_class


@dataclass
class TimelineItem:
    """An event as the timeline shows it: what it says beyond its note, and its files."""

    event: TaskEvent
    details: list[str]
    files: list[Attachment]


@dataclass
class TaskPage:
    task: Task
    rels: frozenset[Rel]
    actions: list[tuple[Act, str]]  # what the person may do now, and its button's words
    coordinating: list[Unit]
    lead_label: str  # the lead unit's name, or the text's units by name (never a code)
    assignees: list[User]
    timeline: list[TimelineItem]
    task_files: list[Attachment]
    extensions: list[ExtensionRequest]
    pending_extension: ExtensionRequest | None
    children: list[TaskRow]
    unit_class: str
    agency_class: str

    @property
    def unit_class_label(self) -> str:
        return CLASS_LABELS.get(self.unit_class, "")

    @property
    def agency_class_label(self) -> str:
        return CLASS_LABELS.get(self.agency_class, "")


def task_page(user: User, task: Task, today: date) -> TaskPage:
    """Everything the task page shows (a fixed number of queries, whatever the history)."""
    coordinating = list(Unit.objects.filter(pk__in=_coordinating_ids(task)).order_by("code"))
    rels = relations(user, task, {u.pk for u in coordinating})
    files = list(
        Attachment.objects.filter(Q(task=task) | Q(event__task=task)).order_by("uploaded_at", "id")
    )
    by_event: dict[int, list[Attachment]] = defaultdict(list)
    for item in files:
        if item.event_id:
            by_event[item.event_id].append(item)
    timeline = [
        TimelineItem(event, events.details(event), by_event.get(event.pk, []))
        for event in task.events.select_related("actor")
    ]
    extensions = list(task.extensions.select_related("requested_by", "decided_by"))
    pending = next((e for e in extensions if e.status == ExtensionStatus.PENDING), None)
    actions = [a for a in allowed_actions(task.state, rels) if a != Act.DECIDE_EXTENSION or pending]
    children: list[TaskRow] = []
    if task.fanned_out:
        kids = list(
            task.children.select_related("document", "lead_unit").order_by("lead_unit__code")
        )
        children = task_rows(kids, today)
    return TaskPage(
        task=task,
        rels=rels,
        actions=[(act, ACT_LABELS[act]) for act in actions],
        coordinating=coordinating,
        lead_label=_lead_label(task),
        assignees=list(task.assignees.order_by("full_name")),
        timeline=timeline,
        task_files=[f for f in files if not f.event_id],
        extensions=extensions,
        pending_extension=pending,
        children=children,
        unit_class=task_class(task, View.UNIT, today),
        agency_class=task_class(task, View.AGENCY, today),
    )


def _lead_label(task: Task) -> str:
    if task.lead_unit is not None:
        return unit_label(task.lead_unit)
    return units_text(task.lead_text, names_for([task.lead_text]))


def _coordinating_ids(task: Task) -> QuerySet[TaskCoordination, int]:
    return TaskCoordination.objects.filter(task=task).values_list("unit_id", flat=True)


def get_visible_task(user: User, pk: int) -> Task | None:
    return (
        visible_tasks(user)
        .select_related("document", "lead_unit", "leader", "parent")
        .filter(pk=pk)
        .first()
    )
