"""Reading the task list: filters, the rows a page shows, the querysets for lists and export."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
)
from django.db.models.expressions import OrderBy

from theodoi.accounts.models import User
from theodoi.core.dates import format_date
from theodoi.core.paging import Window
from theodoi.organisation.labels import names_for, unit_label, units_text
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import Registry, subtree_ids
from theodoi.tasks.facts import COUNTED
from theodoi.tasks.links import UnitRole, task_url
from theodoi.tasks.models import State, Task
from theodoi.tasks.scope import (
    Narrowing,
    coordinated_by,
    counted_window,
    sees_all,
    visible_by_ids,
    visible_each,
    visible_ids,
    visible_tasks,
    visible_window,
)
from theodoi.tasks.search import task_match
from theodoi.tasks.stats import CLASS_LABELS, TASK_COLUMNS, View, class_filters, task_class
from theodoi.tasks.updates import missing_update
from theodoi.workcalendar.services import get_calendar

if TYPE_CHECKING:
    from theodoi.tasks.selectors.listed import ListedTask

SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "han": ("due_order", "id"),
    "-han": (F("internal_deadline").desc(nulls_last=True), "-id"),
    "ma": ("document_id", "code", "id"),
    "moi": ("-updated_at", "-id"),
}
RELEVANCE = ""  # the best match first when there is a query (search.Match.relevance), else "han"
SORT_LABELS = {
    RELEVANCE: "Phù hợp nhất khi tìm, không tìm thì hạn gần nhất",
    "han": "Hạn gần nhất trước",
    "-han": "Hạn xa nhất trước",
    "ma": "Theo văn bản và mã",
    "moi": "Mới cập nhật",
}


@dataclass
class TaskFilters:
    q: str = ""
    document_id: int | None = None
    unit_id: int | None = None
    unit_role: UnitRole = UnitRole.ANY
    states: list[str] = field(default_factory=list)
    klass: str = ""
    view: View = View.AGENCY
    due_from: date | None = None
    due_to: date | None = None
    leader_id: int | None = None
    sort: str = RELEVANCE
    missing_update: bool = False  # tasks without a deadline that missed a period's update


@dataclass
class Found:
    tasks: QuerySet[Task]
    count: int | None  # known without counting, or None
    ids: "QuerySet[Task, tuple[int]] | None" = None  # the same tasks, cheaper to count
    window: Window | None = None  # a page's tasks found without sorting them all
    # where a window that counts (`Counted`) applied the words already: the visible tasks in
    # the same order, from which the page's rows are read by id (ADR 0024)
    shown: QuerySet[Task] | None = None

    @property
    def counted(self) -> "QuerySet[Task, Task] | QuerySet[Task, tuple[int]]":
        """What a paginator counts for `tasks`."""
        return self.tasks if self.ids is None else self.ids

    @property
    def listed(self) -> QuerySet[Task]:
        """The tasks a page's rows are read from."""
        return self.tasks if self.shown is None else self.shown


NARROWING = ("states", "due_from", "due_to")  # the filters `scope.Narrowing` carries


def search_tasks(
    user: User, filters: TaskFilters, today: date, units: Registry | None = None
) -> Found:
    """The tasks `user` may see that match `filters`, sorted (lazy; the page slices it).
    `units`: the registry when the caller read it already (else it is read when needed)."""
    narrowing = Narrowing(filters.states, filters.due_from, filters.due_to)
    unnarrowed = asks_only(filters, "q")  # the words, nothing else
    in_order = filters.sort in (RELEVANCE, "han")
    unit_page = unnarrowed and in_order and not sees_all(user)  # a unit's search, list order
    match = task_match(filters.q, probe=not unit_page)
    # words the text index finds: each task found is tested against the person's ids
    found_by_index = match is not None and not match.walk
    # a unit's whole list in its order: its rows and its page's window decide it here once
    whole_unit_list = match is None and in_order and _whole_unit_list(user, filters, narrowing)
    if whole_unit_list:
        # its window picks the page's fifty among the units' own tasks, and each is tested
        # for access on its own (ADR 0037)
        tasks = visible_each(user, units)
    else:
        tasks = (visible_by_ids if found_by_index else visible_tasks)(user, narrowing, units)
    if match is not None:
        tasks = tasks.filter(match.condition)
    if filters.document_id:
        tasks = tasks.filter(document_id=filters.document_id)
    if filters.unit_id is not None:
        below = (units.below if units is not None else subtree_ids)({filters.unit_id})
        lead = Q(lead_unit_id__in=below)
        coord = coordinated_by(below, narrowing)
        by_role = {UnitRole.LEAD: lead, UnitRole.COORD: coord, UnitRole.ANY: lead | coord}
        tasks = tasks.filter(by_role[filters.unit_role])
    tasks = tasks.filter(narrowing.condition())  # states and deadline range
    if filters.klass:
        condition = class_filters(TASK_COLUMNS[filters.view], today)[filters.klass]
        tasks = tasks.filter(condition, state__in=COUNTED, fanned_out=False)
    if filters.leader_id:
        tasks = tasks.filter(leader_id=filters.leader_id)
    if filters.missing_update:
        tasks = tasks.filter(missing_update(get_calendar(), today))
    if filters.sort == RELEVANCE and match is not None and match.relevance is not None:
        tasks = tasks.order_by(match.relevance, *SORTS["han"])  # ties: the list's own order
    else:
        tasks = tasks.order_by(*SORTS.get(filters.sort, SORTS["han"]))
    if match is not None and unnarrowed and sees_all(user):
        # the words alone decide: the index counted them, exactly up to search.COUNT_CAP and
        # one more, which is what a list shows (views.SEARCH_COUNT_CAP)
        return Found(tasks, match.hits)
    if match is not None and match.in_units is not None and unit_page:
        # a unit's search for common words: the page's ids and the count in one statement,
        # the units' tasks holding the words found through the text index (PostgreSQL: ADR
        # 0031; SQLite: ADR 0036), then the fifty rows by id
        counted = counted_window(user, match.in_units, units)
        if counted is not None:
            shown = visible_tasks(user, narrowing, units).order_by(*SORTS["han"])
            return Found(tasks, None, window=counted, shown=shown)
    if match is None and asks_only(filters, *NARROWING):
        # a list at most narrowed by state and deadline: a unit's counted from the indexes
        # (ADR 0018); in the list's order, its page found among ids (ADR 0021, 0023)
        window = _window(user, whole_unit_list, tasks, narrowing, units) if in_order else None
        return Found(tasks, None, visible_ids(user, narrowing, units), window)
    return Found(tasks, None)


def _whole_unit_list(user: User, filters: TaskFilters, narrowing: Narrowing) -> bool:
    """A unit's person's list with no filter: paged by `visible_window` when in order."""
    return not sees_all(user) and asks_only(filters, *NARROWING) and not narrowing.condition()


def _window(
    user: User,
    whole_unit_list: bool,
    tasks: QuerySet[Task],
    narrowing: Narrowing,
    units: Registry | None,
) -> Window | None:
    """How the page of a list in its own order, at most narrowed by states and a deadline
    range, is found: a unit's whole list (`whole_unit_list`, the decision that also tests
    its rows one by one) among the units' indexes (ADR 0021); everyone's tasks in a window
    of deadlines by their ids first, read from the index of states and deadlines, then the
    page's rows (ADR 0023). Else by reading the rows in order."""
    if whole_unit_list:
        return visible_window(user, units)
    if sees_all(user) and narrowing.condition():
        return _ids_first(tasks)
    return None


def _ids_first(tasks: QuerySet[Task]) -> Window:
    def window(start: int, size: int) -> Q:
        return Q(id__in=tasks.values("id")[start : start + size])

    return window


def asks_only(filters: TaskFilters, *names: str) -> bool:
    """Whether `filters` ask for nothing beyond the fields `names`: the sort and the view
    change the order and the columns, not the tasks."""
    ignored = {"sort", "view", *names}
    empty = vars(TaskFilters())
    return all(value == empty[name] for name, value in vars(filters).items() if name not in ignored)


def filter_tasks(user: User, filters: TaskFilters, today: date) -> QuerySet[Task]:
    return search_tasks(user, filters, today).tasks


STATE_LABELS = dict(State.choices)
SUMMARY_LENGTH = 140


@dataclass
class TaskRow:
    """A task as a list shows it, with its text ready to print, so that the template does not
    work each value out for each of fifty rows (docs/bench.md, session 4)."""

    task: "Task | ListedTask"
    klass: str
    children_done: int = 0
    children_total: int = 0
    names: Mapping[str, str] = field(default_factory=dict)  # unit codes in lead texts

    @property
    def url(self) -> str:
        return task_url(self.task.pk)

    @property
    def summary(self) -> str:
        text = self.task.content
        return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"

    @property
    def source(self) -> str:
        document = self.task.document
        return document.number or str(document)

    @property
    def lead(self) -> str:
        lead = self.task.lead_unit
        if lead is None:
            return units_text(self.task.lead_text, self.names)
        return unit_label(lead) if isinstance(lead, Unit) else str(lead)

    @property
    def deadline(self) -> str:
        return format_date(self.task.deadline)

    @property
    def waiting(self) -> str:
        """ "Chờ sự kiện: …" for a task whose deadline runs from an event not yet recorded."""
        task = self.task
        if not task.waiting_for_event:
            return ""
        words = " ".join(task.event_text.split())
        words = words if len(words) <= SUMMARY_LENGTH else words[: SUMMARY_LENGTH - 1] + "…"
        return f"Chờ sự kiện: {words}"

    @property
    def original_deadline(self) -> str:
        """The first deadline, when an extension has moved it."""
        task = self.task
        moved = task.original_deadline and task.original_deadline != task.deadline
        return format_date(task.original_deadline) if moved else ""

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.task.state, self.task.state)

    @property
    def klass_label(self) -> str:
        return CLASS_LABELS.get(self.klass, "")


def task_rows(tasks: list[Task], today: date, view: View = View.AGENCY) -> list[TaskRow]:
    """Rows for a list page: the class today, and for fanned-out tasks "done/total" (1 query)."""
    names = names_for(t.lead_text for t in tasks if t.lead_unit_id is None)
    rows = [TaskRow(t, task_class(t, view, today), names=names) for t in tasks]
    parents = {row.task.pk: row for row in rows if row.task.fanned_out}
    if parents:
        counts = (
            Task.objects.filter(parent_id__in=parents)
            .values("parent_id")
            .annotate(total=Count("id"), done=Count("id", filter=Q(state=State.DONE)))
        )
        for item in counts:
            parents[item["parent_id"]].children_total = item["total"]
            parents[item["parent_id"]].children_done = item["done"]
    return rows


# Long texts a list row does not show, left unread (the export reads them: `full_queryset`)
LIST_DEFERRED = (
    "search_text",
    "instruction",
    "product",
    "document__summary",
    "document__search_text",
)


def list_queryset(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related("document", "lead_unit").defer(*LIST_DEFERRED)


def full_queryset(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related("document", "lead_unit")
