"""The tasks a batch of plan rows made before, as they are: read before the batch is written
(`read`), and read again, locked, in the batch's transaction to find the rows whose tasks
changed since (`moved`: a person's step, another import of the plan). Such a row is left
alone and named, with who changed what, in the import's result (docs/imports.md)."""

from dataclasses import dataclass

from django.utils import timezone

from theodoi.imports.models import PlanTask
from theodoi.imports.planning import Item, Place, changes_of
from theodoi.tasks.models import Document, State, Task, TaskCoordination, TaskEvent

Change = tuple[str, str]  # (field, what a person reads)
MOVED = (
    "{what} vừa được {who} thay đổi lúc {when} ({action}; trạng thái nay: {state}) trong khi "
    "đang nhập, nên dòng này chưa được cập nhật để không ghi đè thay đổi đó. "
    "Nhập lại tệp để áp dụng dòng này."
)
LOCKED = (
    "{what} đang được người khác thay đổi đúng lúc nhập, nên dòng này chưa được cập nhật. "
    "Nhập lại tệp để áp dụng dòng này."
)
MADE = (
    "Dòng này vừa được một lần nhập khác của kế hoạch ghi vào sổ trong lúc đang nhập; "
    "không tạo thêm nhiệm vụ trùng. Nhập lại tệp nếu cần cập nhật."
)


@dataclass
class Current:
    """A task made from the plan before, as `read` found it: with its units' tasks if it was
    fanned out, their coordinating units and the versions read."""

    origin: PlanTask
    tasks: list[Task]  # the task, then its units' tasks
    coordinations: dict[int, dict[int, int]]  # task id → unit id → coordination row id
    versions: dict[int, int]
    changes: list[Change]


@dataclass
class Read:
    items: list[Item]
    current: dict[Place, Current]


def read(document: Document, items: list[Item]) -> Read:
    """The tasks the batch's rows made before (three queries)."""
    places = {item.place for item in items}
    origins = [
        origin
        for origin in PlanTask.objects.filter(
            document=document, key__in=sorted({key for key, _ in places})
        ).select_related("task__lead_unit")
        if (origin.key, origin.occurrence) in places
    ]
    fanned = [o.task_id for o in origins if o.task.fanned_out]
    children: dict[int, list[Task]] = {}
    for child in Task.objects.filter(parent_id__in=fanned).select_related("lead_unit"):
        children.setdefault(child.parent_id or 0, []).append(child)
    tasks = {
        o.task_id: [o.task, *sorted(children.get(o.task_id, []), key=lambda t: t.pk)]
        for o in origins
    }
    coordinations: dict[int, dict[int, int]] = {t.pk: {} for group in tasks.values() for t in group}
    rows = TaskCoordination.objects.filter(task_id__in=list(coordinations))
    for pk, task_id, unit_id in rows.values_list("pk", "task_id", "unit_id"):
        coordinations[task_id][unit_id] = pk
    wanted = {item.place: item.wanted for item in items}
    current = {}
    for origin in origins:
        group = tasks[origin.task_id]
        for task in group:
            task.document = document
        parent = group[0]
        coordinating = None if parent.fanned_out else set(coordinations[parent.pk])
        place = (origin.key, origin.occurrence)
        current[place] = Current(
            origin=origin,
            tasks=group,
            coordinations={t.pk: coordinations[t.pk] for t in group},
            versions={t.pk: t.version for t in group},
            changes=changes_of(origin, wanted[place], coordinating),
        )
    return Read(items, current)


def moved(found: Read, document: Document) -> dict[Place, str]:
    """The rows whose tasks changed since `read`, with why (they are locked until the end of
    the transaction: another import of this plan waits; a task a person is changing at this
    moment is not waited for but set aside)."""
    list(Document.objects.select_for_update().filter(pk=document.pk).values_list("pk"))
    pending = {p: c for p, c in found.current.items() if c.changes}
    ids = [pk for current in pending.values() for pk in current.versions]
    now = {
        pk: (version, state)
        for pk, version, state in Task.objects.select_for_update(skip_locked=True)
        .filter(pk__in=ids)
        .values_list("pk", "version", "state")
    }
    changed: dict[Place, Task] = {}
    conflicts: dict[Place, str] = {}
    for place, current in pending.items():
        for task in current.tasks:
            if task.pk not in now:
                conflicts[place] = LOCKED.format(what=_what(task))
                break
            if now[task.pk][0] != current.versions[task.pk]:
                changed[place] = task
                break
    last: dict[int, TaskEvent] = {}
    steps = TaskEvent.objects.filter(task_id__in=[t.pk for t in changed.values()])
    for step in steps.select_related("actor").order_by("task_id", "-at", "-id"):
        last.setdefault(step.task_id, step)
    for place, task in changed.items():
        conflicts[place] = _moved(task, last.get(task.pk), now[task.pk][1])
    new = {i.place for i in found.items if i.place not in found.current}
    made = PlanTask.objects.filter(document=document, key__in=sorted({k for k, _ in new}))
    for place in made.values_list("key", "occurrence"):
        if place in new:
            conflicts[place] = MADE
    return conflicts


def _moved(task: Task, event: TaskEvent | None, state: str) -> str:
    """Why a row was left alone: who did what to its task meanwhile, and where it is now."""
    if event is None:
        who, when, action = "người khác", "vừa rồi", "không rõ thao tác"
    else:
        who = str(event.actor) if event.actor else event.actor_label
        when = f"{timezone.localtime(event.at):%H:%M %d/%m/%Y}"
        action = event.get_action_display()
    what = _what(task)
    return MOVED.format(what=what, who=who, when=when, action=action, state=State(state).label)


def _what(task: Task) -> str:
    if task.parent_id is None or task.lead_unit is None:
        return "Nhiệm vụ"
    return f"Nhiệm vụ của {task.lead_unit.short_name or task.lead_unit.code}"
