"""The task list and a task as the API answers them, read through the pages' selectors
(`selectors.search_tasks` and `list_queryset` for the list, `selectors.task_page` for a task),
so that a person sees through a token exactly what their pages show."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.api.schemas import Page, UnitRef
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
    TaskItem,
    TaskListQuery,
)
from theodoi.tasks.cycle import ACT_LABELS, Act
from theodoi.tasks.models import Attachment, Task, TaskCoordination
from theodoi.tasks.selectors import TaskFilters, TaskPage, list_queryset, search_tasks
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


def _with_coordination(tasks: QuerySet[Task]) -> QuerySet[Task]:
    units = TaskCoordination.objects.select_related("unit").order_by("unit__code")
    return tasks.prefetch_related(Prefetch("coordinations", queryset=units))


def item_of(task: Task, coordinating: list[Unit] | None = None) -> dict[str, object]:
    """A task as a list item (its coordinating units prefetched, or given)."""
    if coordinating is None:
        coordinating = [c.unit for c in task.coordinations.all()]
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


def task_list(user: User, query: TaskListQuery, today: date) -> Page[TaskItem]:
    """One page of the tasks `user` may see that match `query`, in the page's order: the
    first page counts itself when it is not full (as the page's paginator does)."""
    units = Registry()  # read once for the unit's code, its units below and the scope
    found = search_tasks(user, list_filters(query, today, units), today, units)
    size, number = query.page_size, query.page
    start = (number - 1) * size
    listed = with_count(list_queryset(found.tasks))  # counted in the page's own statement
    tasks = list(_with_coordination(listed)[start : start + size])
    if len(tasks) < size and (tasks or number == 1):
        count = start + len(tasks)
    elif tasks:
        count = getattr(tasks[0], FOUND)
    else:  # past the last page
        count = found.tasks.order_by().count()
    items = [TaskItem(**item_of(t)) for t in tasks]  # type: ignore[arg-type]
    return Page[TaskItem](count=count, page=number, page_size=size, results=items)


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
