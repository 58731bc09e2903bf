"""The task list and a task as the API answers them, read through the pages' selectors
(`selectors.search_tasks` for the list, `selectors.task_page` for a task),
so that a person sees through a token exactly what their pages show."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.api.schemas import UnitRef
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.paging import FOUND, with_count
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import Registry
from theodoi.tasks.api_schemas import (
    ActionOut,
    DocumentRef,
    EventOut,
    FileOut,
    PersonRef,
    TaskDetail,
    TaskListQuery,
)
from theodoi.tasks.cycle import ACT_LABELS, Act
from theodoi.tasks.models import Attachment, Task, TaskCoordination
from theodoi.tasks.selectors import TaskFilters, TaskPage, search_tasks
from theodoi.tasks.selectors.lists import STATE_LABELS


def unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.pk, code=unit.code, name=unit.name)


def person_ref(user: User | None) -> PersonRef | None:
    if user is None:
        return None
    return PersonRef(username=user.get_username(), full_name=user.full_name)


def list_filters(query: TaskListQuery, today: date, units: Registry | None = None) -> TaskFilters:
    """The page's `TaskFilters` from the API's query: a unit named by its code, in force today
    (the page offers the units in force as its choices)."""
    unit_id = None
    if query.unit.strip():
        code = query.unit.strip()
        unit_id = (units or Registry()).active_id(code, today)
        if unit_id is None:
            raise ValidationFailed(
                {"unit": f"Không có đơn vị mã «{code}» đang hoạt động ngày {today:%d/%m/%Y}."},
                Code.NOT_FOUND,
            )
    return TaskFilters(
        q=query.q,
        document_id=query.document,
        unit_id=unit_id,
        unit_role=query.role,
        states=[state.value for state in query.state],
        due_from=query.deadline_from,
        due_to=query.deadline_to,
    )


def item_of(task: Task, coordinating: list[Unit]) -> dict[str, object]:
    """A task as the API shows it (`TaskItem`'s fields): the detail's head."""
    document = task.document
    return {
        "id": task.pk,
        "code": task.code,
        "content": task.content,
        "state": task.state,
        "state_label": STATE_LABELS.get(task.state, task.state),
        "lead": unit_ref(task.lead_unit) if task.lead_unit is not None else None,
        "lead_text": task.lead_text if task.lead_unit is None else "",
        "coordinating": [unit_ref(u) for u in coordinating],
        "deadline": task.deadline,
        "internal_deadline": task.internal_deadline,
        "document": DocumentRef(id=document.pk, number=document.number),
        "progress": task.progress,
        "version": task.version,
        "updated_at": timezone.localtime(task.updated_at),
    }


# What a list item reads of a task, as values (docs/adr/0016-api-list-as-values.md)
ITEM_FIELDS = (
    "pk",
    "code",
    "content",
    "state",
    "lead_unit_id",
    "lead_unit__code",
    "lead_unit__name",
    "lead_text",
    "deadline",
    "internal_deadline",
    "document_id",
    "document__number",
    "progress",
    "version",
    "updated_at",
)
Json = dict[str, Any]


def _coordinating(task_ids: list[int]) -> dict[int, list[Json]]:
    """The coordinating units of each of `task_ids` as `UnitRef`s, by code: one statement."""
    units: dict[int, list[Json]] = {}
    if not task_ids:
        return units
    rows = TaskCoordination.objects.filter(task_id__in=task_ids).order_by("unit__code")
    for task_id, unit_id, code, name in rows.values_list(
        "task_id", "unit_id", "unit__code", "unit__name"
    ):
        units.setdefault(task_id, []).append({"id": unit_id, "code": code, "name": name})
    return units


def _item(row: Mapping[str, Any], coordinating: list[Json]) -> Json:
    """A row of `ITEM_FIELDS` as `item_of` shows its task (the guard: test_api_list.py)."""
    state, lead = row["state"], row["lead_unit_id"]
    return {
        "id": row["pk"],
        "code": row["code"],
        "content": row["content"],
        "state": state,
        "state_label": STATE_LABELS.get(state, state),
        "lead": None
        if lead is None
        else {"id": lead, "code": row["lead_unit__code"], "name": row["lead_unit__name"]},
        "lead_text": row["lead_text"] if lead is None else "",
        "coordinating": coordinating,
        "deadline": row["deadline"],
        "internal_deadline": row["internal_deadline"],
        "document": {"id": row["document_id"], "number": row["document__number"]},
        "progress": row["progress"],
        "version": row["version"],
        "updated_at": timezone.localtime(row["updated_at"]),
    }


def task_list(user: User, query: TaskListQuery, today: date) -> Json:
    """One page of the tasks `user` may see that match `query`, in the page's order, as the
    JSON of `Page[TaskItem]` (plain values, not models nor pydantic objects: ADR 0016). The
    first page counts itself when it is not full (as the page's paginator does)."""
    units = Registry()  # read once for the unit's code, its units below and the scope
    found = search_tasks(user, list_filters(query, today, units), today, units)
    size, number = query.page_size, query.page
    start = (number - 1) * size
    # counted in the same statement
    listed = with_count(found.tasks, rows=found.counted).values(*ITEM_FIELDS, FOUND)
    rows = list(listed[start : start + size])
    if len(rows) < size and (rows or number == 1):
        count = start + len(rows)
    elif rows:
        count = rows[0][FOUND]
    else:  # past the last page
        count = found.counted.order_by().count()
    coordinating = _coordinating([row["pk"] for row in rows])
    items = [_item(row, coordinating.get(row["pk"], [])) for row in rows]
    return {"count": count, "page": number, "page_size": size, "results": items}


def _file(request: HttpRequest, attachment: Attachment) -> FileOut:
    url = request.build_absolute_uri(reverse("tasks:attachment", args=[attachment.pk]))
    return FileOut(id=attachment.pk, name=attachment.name, size=attachment.size, url=url)


def actions_of(page: TaskPage) -> list[ActionOut]:
    """What the task page offers the person now, in its order: the steps moving the task on,
    chasing a coordinating unit, then suspending and cancelling."""
    acts = [act for act, _ in page.actions]
    if page.can_chase:
        acts.append(Act.CHASE)
    acts += [act for act, _ in page.stops]
    return [ActionOut(action=act.value, label=ACT_LABELS[act]) for act in acts]


def detail_of(request: HttpRequest, page: TaskPage) -> TaskDetail:
    task = page.task
    timeline = [
        EventOut(
            at=timezone.localtime(item.event.at),
            action=item.event.action,
            action_label=item.event.get_action_display(),
            from_state=item.event.from_state,
            to_state=item.event.to_state,
            actor=person_ref(item.event.actor),
            actor_label=item.event.actor_label,
            via=item.event.via,
            note=item.event.note,
            details=[item.authority, *item.details] if item.authority else item.details,
            files=[_file(request, f) for f in item.files],
        )
        for item in page.timeline
    ]
    return TaskDetail(
        **item_of(task, page.coordinating),  # type: ignore[arg-type]
        item=task.item,
        product=task.product,
        instruction=task.instruction,
        result=task.result,
        original_deadline=task.original_deadline,
        leader=person_ref(task.leader),
        assignees=[p for p in map(person_ref, page.assignees) if p is not None],
        parent=task.parent_id,
        children=[row.task.pk for row in page.children],
        files=[_file(request, f) for f in page.task_files],
        timeline=timeline,
        actions=actions_of(page),
    )
