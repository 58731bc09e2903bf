"""Which tasks a person sees, and how they stand to one task: decided here and nowhere else.

The Office, leaders, inspectors, the auditor and administrators see every task. A unit's head
and staff see the tasks their unit (or a unit below it) leads or coordinates.
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from theodoi.accounts.models import Role, User
from theodoi.core.paging import Counted
from theodoi.organisation.selectors import Registry, subtree_ids
from theodoi.tasks.cycle import Rel
from theodoi.tasks.models import Attachment, Document, Task, TaskCoordination
from theodoi.tasks.search import Condition

SEES_ALL = frozenset({Role.TRACKER, Role.LEADER, Role.INSPECTOR, Role.AUDITOR, Role.ADMIN})
UNIT_ROLES = frozenset({Role.UNIT_HEAD, Role.UNIT_STAFF})


def unit_scope(user: User, units: Registry | None = None) -> frozenset[int]:
    """The user's unit and every unit below it today (one query, or none from the `units`
    the page read already; cached on the user)."""
    if user.unit_scope_cache is None:
        unit_id = user.unit_id
        below = units.below if units is not None else subtree_ids
        user.unit_scope_cache = below({unit_id}) if unit_id is not None else frozenset()
    return user.unit_scope_cache


def sees_all(user: User) -> bool:
    return bool(user.roles & SEES_ALL)


@dataclass(frozen=True)
class Narrowing:
    """Conditions the caller also puts on the tasks themselves. Given here too, they shrink the
    set of coordinated tasks that is read first, through the copies of each task's state and
    deadline that coordination rows carry (migration 0007, docs/adr/0006-coordination-copies.md).
    They can only leave tasks out of what a person sees, never let one in: access does not
    depend on them."""

    states: Sequence[str] = ()
    due_from: date | None = None
    due_to: date | None = None

    def condition(self, state: str = "state", deadline: str = "deadline") -> Q:
        """The conditions on a task's fields, or on the copies of them (other names)."""
        condition = Q()
        if self.states:
            condition &= Q(**{f"{state}__in": self.states})
        if self.due_from:
            condition &= Q(**{f"{deadline}__gte": self.due_from})
        if self.due_to:
            condition &= Q(**{f"{deadline}__lte": self.due_to})
        return condition


EVERYTHING = Narrowing()


def visible_tasks(
    user: User, narrowing: Narrowing = EVERYTHING, units: Registry | None = None
) -> QuerySet[Task]:
    """Every task `user` may see (a queryset to filter further)."""
    tasks = Task.objects.all()
    if sees_all(user):
        return tasks
    scope = _unit_scope_of(user, units)
    if scope is None:
        return tasks.none()
    return tasks.filter(Q(lead_unit_id__in=scope) | coordinated_by(scope, narrowing))


def visible_each(user: User, units: Registry | None = None) -> QuerySet[Task]:
    """The tasks of `visible_tasks(user)`, each row tested on its own: its lead unit, then
    its coordination rows through their unique index (task, unit). For a statement whose
    rows are few already, such as a page's fifty picked by `visible_window`: the membership
    test of `visible_tasks` first reads every id the units coordinate (9,800 for a province
    office and its six teams) to test those fifty. ADR 0037; the two agree:
    tests/test_scope_one_task.py."""
    scope = _unit_scope_of(user, units)
    if not scope:
        return visible_tasks(user, EVERYTHING, units)
    linked = TaskCoordination.objects.filter(task_id=OuterRef("pk"), unit_id__in=scope)
    return Task.objects.filter(Q(lead_unit_id__in=scope) | Exists(linked))


def sees_task(user: User, task: Task, units: Registry | None = None) -> bool:
    """Whether `task`, already read, is one of `visible_tasks(user)`: the same rule, for one
    task (its lead unit from the row; the coordination asked only when the lead is not the
    person's). The guard that the two agree: tests/test_scope_one_task.py."""
    if sees_all(user):
        return True
    scope = _unit_scope_of(user, units)
    if not scope:
        return False
    if task.lead_unit_id in scope:
        return True
    return _links(scope, EVERYTHING).filter(task_id=task.pk).exists()


def _unit_scope_of(user: User, units: Registry | None) -> frozenset[int] | None:
    """The units whose tasks a unit's head or staff sees; None for anyone else (who sees
    every task, or none)."""
    if sees_all(user) or not user.roles & UNIT_ROLES:
        return None
    return unit_scope(user, units)


def _links(units: Collection[int], narrowing: Narrowing) -> QuerySet[TaskCoordination]:
    """The coordination rows of `units`, narrowed through their copies of the task's fields."""
    return TaskCoordination.objects.filter(
        narrowing.condition("task_state", "task_deadline"), unit_id__in=units
    )


def visible_ids(
    user: User, narrowing: Narrowing = EVERYTHING, units: Registry | None = None
) -> "QuerySet[Task, tuple[int]] | None":
    """The ids of `visible_tasks(user, narrowing)` narrowed by `narrowing`, each once, for
    counting them: the ids the units' tasks carry in `task_counts_idx`, then those of the
    tasks the units coordinate that another unit leads, through the coordination rows' copy
    of each task's lead unit (`coordination_unit_idx`), without repeats (a task two of the
    units coordinate). Each is read from its own index without touching a task's row, and
    the two are put together as they are: they cannot share a task. None for those who see
    everything, and for a unit's person without a unit, who sees nothing (their tasks are
    counted as they are). ADR 0018."""
    scope = _unit_scope_of(user, units)
    if not scope:
        return None
    led = Task.objects.filter(narrowing.condition(), lead_unit_id__in=scope)
    led_elsewhere = _links(scope, narrowing).exclude(task_lead_unit_id__in=scope)
    others = led_elsewhere.order_by().values_list("task_id")
    if len(scope) > 1:  # one unit coordinates a task once (task_coordination_unique)
        others = others.distinct()
    return led.order_by().values_list("id").union(others, all=True)


def visible_by_ids(
    user: User, narrowing: Narrowing = EVERYTHING, units: Registry | None = None
) -> QuerySet[Task]:
    """The tasks of `visible_tasks`, for a filter that finds its tasks elsewhere (a search's
    text index): on PostgreSQL each task found is kept if its lead unit is one of the
    person's or its id is among those their units coordinate, a plain `IN (SELECT …)` that
    PostgreSQL reads once into a hash ("hashed SubPlan") and asks per task found, not
    compared with each coordinated id in turn as `__among`'s array is, nor joined with every
    id the units lead and coordinate as `visible_ids` would be (docs/adr/0007-among-lookup.md,
    "Since" and "Later"). SQLite keeps `visible_tasks`: its `IN (subquery)` is already a
    lookup in a temporary index."""
    scope = _unit_scope_of(user, units) if connection.vendor == "postgresql" else None
    if not scope:
        return visible_tasks(user, narrowing, units)
    linked = _links(scope, narrowing).values("task_id")
    return Task.objects.filter(Q(lead_unit_id__in=scope) | Q(id__in=linked))


Window = Callable[[int, int], Q]

_LED = (
    'SELECT "tasks_task"."id", "tasks_task"."due_order" FROM "tasks_task" '
    'WHERE "tasks_task"."lead_unit_id" = %s ORDER BY 2, 1 LIMIT {end}'
)
_LINKED = (  # a unit coordinates a task once (task_coordination_unique)
    'SELECT "task_id", "task_due_order" FROM "tasks_taskcoordination" '
    'WHERE "unit_id" = %s ORDER BY 2, 1 LIMIT {end}'
)
_WINDOW = (
    "SELECT page.id FROM ({walks}) AS page ORDER BY page.due_order, page.id "
    "LIMIT {size} OFFSET {start}"
)


def visible_window(user: User, units: Registry | None = None) -> Window | None:
    """For a unit's head or staff, a function of (`start`, `size`) giving the condition that
    keeps the tasks `start` to `start + size` of `visible_tasks(user)` in the list's order
    (due order, id). Their ids are worked out from the first `start + size` of the tasks
    each unit leads and of those it coordinates, each walked in that order in its own index
    (`task_unit_due_idx`, and `coordination_due_idx` through the copy of each task's due
    order in its coordination rows), so that a page reads its fifty tasks and those it
    skips, not every task of the units to sort them. One walk per unit: an index on (unit,
    due order) gives the tasks of one unit in order, not those of several, which PostgreSQL
    would find by walking every task in due order instead. The walks are united without
    repeats (a task led by one unit and coordinated by another), then cut to the page. None
    for anyone else. A list narrowed by states or deadlines is found through the indexes
    that serve those instead. ADR 0021."""
    scope = sorted(_unit_scope_of(user, units) or ())
    if not scope:
        return None

    def window(start: int, size: int) -> Q:
        end = int(start) + int(size)
        walks = " UNION ".join(
            f"SELECT * FROM ({walk.format(end=end)}) AS {name}{n}"
            for n in range(len(scope))
            for name, walk in (("led", _LED), ("linked", _LINKED))
        )
        page = _WINDOW.format(walks=walks, size=int(size), start=int(start))
        return Q(id__in=RawSQL(page, [unit for unit in scope for _ in (_LED, _LINKED)]))

    return window


# the tasks the index found, each tested against the units (its row's lead unit, then its
# coordination rows through their unique index): the index is read first, not the units'
# (the `+` keeps SQLite from reading the lead units' index instead)
_MATCHING = (
    'SELECT "id", COUNT(*) OVER () FROM "tasks_task" WHERE {where} AND '
    '({lead}"lead_unit_id" IN ({units}) OR EXISTS (SELECT 1 FROM "tasks_taskcoordination" AS c '
    'WHERE c."task_id" = "tasks_task"."id" AND c."unit_id" IN ({units}))) '
    'ORDER BY "due_order", "id" LIMIT %s OFFSET %s'
)


def counted_window(
    user: User, where: Callable[[Sequence[int]], Condition], units: Registry | None = None
) -> Callable[[int, int], Counted] | None:
    """For a unit's head or staff, a function of (`start`, `size`) giving the ids of the
    tasks `start` to `start + size` of `visible_tasks(user)` that meet `where(units)` (SQL on
    "tasks_task" that the text index serves: the words of a search, within those units), in
    the list's order, with how many there are in all. One statement. The text index finds
    the units' tasks holding the words itself, through each task's units held beside its
    words (SQLite: ADR 0036; PostgreSQL: ADR 0038); each is then tested against the units as
    the rule above has it, so that the index can only leave a task out, never show one. None
    for anyone else."""
    scope = sorted(_unit_scope_of(user, units) or ())
    if not scope:
        return None
    sql, params = where(scope)
    marks = ", ".join(["%s"] * len(scope))
    lead = "+" if connection.vendor == "sqlite" else ""
    statement = _MATCHING.format(units=marks, where=sql, lead=lead)
    values: list[Any] = [*params, *scope, *scope]

    def window(start: int, size: int) -> Counted:
        with connection.cursor() as cursor:
            cursor.execute(statement, [*values, int(size), int(start)])
            rows = cursor.fetchall()
        return Counted.of_rows(rows)

    return window


def coordinated_by(units: Collection[int], narrowing: Narrowing = EVERYTHING) -> Q:
    """Tasks some of `units` coordinate. A membership test of the coordination ids, read once,
    rather than EXISTS per task, through `__among` (docs/adr/0007-among-lookup.md)."""
    return Q(id__among=_links(units, narrowing).values("task_id"))


def relations(user: User, task: Task, coordinating_ids: set[int] | None = None) -> frozenset[Rel]:
    """How `user` stands to `task`: the keys of the cycle table's "who" column."""
    roles = user.roles
    rels: set[Rel] = set()
    if Role.TRACKER in roles:
        rels.add(Rel.OFFICE)
    if Role.LEADER in roles:
        rels.add(Rel.LEADER)
    if roles & UNIT_ROLES:
        scope = unit_scope(user)
        if task.lead_unit_id in scope:
            if Role.UNIT_HEAD in roles:
                rels.add(Rel.LEAD_HEAD)
            if Role.UNIT_STAFF in roles:
                rels.add(Rel.LEAD_STAFF)
        if coordinating_ids is None:
            coordinating_ids = set(task.coordinations.values_list("unit_id", flat=True))
        if coordinating_ids & scope:
            rels.add(Rel.COORDINATOR)
    return frozenset(rels)


def visible_documents(user: User) -> QuerySet[Document]:
    """Every document for those who see all tasks; for a unit, documents holding its tasks."""
    if sees_all(user):
        return Document.objects.all()
    return Document.objects.filter(pk__in=visible_tasks(user).values("document_id"))


def visible_attachment(user: User, pk: int) -> Attachment | None:
    """The attached file `pk` if `user` sees the task (or the event's task) or the document it
    is attached to; None otherwise, as if it did not exist."""
    attachment = Attachment.objects.select_related("event").filter(pk=pk).first()
    if attachment is None:
        return None
    task_id = attachment.task_id or (attachment.event.task_id if attachment.event else None)
    if task_id is not None:
        allowed = visible_tasks(user).filter(pk=task_id).exists()
    elif attachment.document_id is not None:
        allowed = visible_documents(user).filter(pk=attachment.document_id).exists()
    else:
        allowed = False
    return attachment if allowed else None
