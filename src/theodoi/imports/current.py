"""The tasks a plan's rows made before, as they are (`read`): with their units' tasks, their
coordinating units, their versions and what each row would change."""

from dataclasses import dataclass

from theodoi.imports.models import PlanTask
from theodoi.imports.planning import Item, Place, changes_of
from theodoi.tasks.models import Document, Task, TaskCoordination

Change = tuple[str, str]  # (field, what a person reads)


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
    """The tasks the rows made before (three queries)."""
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
