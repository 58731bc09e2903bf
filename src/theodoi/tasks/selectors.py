"""Reading tasks and documents for pages, with a fixed number of queries per page."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from theodoi.accounts.models import Role
from theodoi.audit.models import ChangeKind
from theodoi.audit.selectors import changes_for
from theodoi.core.dates import format_date
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import subtree_ids
from theodoi.tasks import events
from theodoi.tasks.cycle import Act, Rel, allowed_actions
from theodoi.tasks.facts import COUNTED
from theodoi.tasks.links import UnitRole, task_list_url, task_url
from theodoi.tasks.models import (
    Attachment,
    Document,
    ExtensionRequest,
    ExtensionStatus,
    State,
    Task,
    TaskCoordination,
    TaskEvent,
)
from theodoi.tasks.scope import (
    Narrowing,
    coordinated_by,
    relations,
    sees_all,
    unit_scope,
    visible_documents,
    visible_tasks,
)
from theodoi.tasks.search import search_terms, task_match
from theodoi.tasks.stats import CLASS_LABELS, TASK_COLUMNS, View, class_filters, task_class

SORTS = {
    "han": ("due_order", "id"),
    "-han": (F("internal_deadline").desc(nulls_last=True), "-id"),
    "ma": ("document_id", "code", "id"),
    "moi": ("-updated_at", "-id"),
}
SORT_LABELS = {
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
    sort: str = "han"


@dataclass
class Found:
    tasks: QuerySet[Task]
    count: int | None  # known without counting, or None


def search_tasks(user: Any, filters: TaskFilters, today: date) -> Found:
    """The tasks `user` may see that match `filters`, sorted (lazy; the page slices it)."""
    narrowing = Narrowing(filters.states, filters.due_from, filters.due_to)
    tasks = visible_tasks(user, narrowing)
    match = task_match(filters.q)
    if match is not None:
        tasks = tasks.filter(match.condition)
    if filters.document_id:
        tasks = tasks.filter(document_id=filters.document_id)
    if filters.unit_id is not None:
        units = subtree_ids({filters.unit_id})
        lead = Q(lead_unit_id__in=units)
        coord = coordinated_by(units, narrowing)
        by_role = {UnitRole.LEAD: lead, UnitRole.COORD: coord, UnitRole.ANY: lead | coord}
        tasks = tasks.filter(by_role[filters.unit_role])
    tasks = tasks.filter(narrowing.condition())  # states and deadline range
    if filters.klass:
        condition = class_filters(TASK_COLUMNS[filters.view], today)[filters.klass]
        tasks = tasks.filter(condition, state__in=COUNTED, fanned_out=False)
    if filters.leader_id:
        tasks = tasks.filter(leader_id=filters.leader_id)
    tasks = tasks.order_by(*SORTS.get(filters.sort, SORTS["han"]))
    unnarrowed = replace(filters, q="", sort="han", view=View.AGENCY) == TaskFilters()
    if match is not None and unnarrowed and sees_all(user):
        # the words alone decide: the index counted them, exactly up to search.COUNT_CAP and
        # one more, which is what a list shows (views.SEARCH_COUNT_CAP)
        return Found(tasks, match.hits)
    return Found(tasks, None)


def filter_tasks(user: Any, filters: TaskFilters, today: date) -> QuerySet[Task]:
    return search_tasks(user, filters, today).tasks


STATE_LABELS = dict(State.choices)
SUMMARY_LENGTH = 140


@dataclass
class TaskRow:
    """A task as a list shows it, with its text ready to print (a list of fifty rows then
    renders in a third of the time the template took to work each value out)."""

    task: Task
    klass: str
    children_done: int = 0
    children_total: int = 0

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
        task = self.task
        return task.lead_unit.code if task.lead_unit_id else task.lead_text

    @property
    def deadline(self) -> str:
        return format_date(self.task.deadline)

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
    rows = [TaskRow(t, task_class(t, view, today)) for t in tasks]
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
    actions: list[Act]
    coordinating: list[Unit]
    assignees: list[Any]
    timeline: list[TimelineItem]
    task_files: list[Attachment]
    extensions: list[ExtensionRequest]
    pending_extension: ExtensionRequest | None
    children: list[TaskRow]
    unit_class: str
    agency_class: str


def task_page(user: Any, task: Task, today: date) -> TaskPage:
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
        actions=actions,
        coordinating=coordinating,
        assignees=list(task.assignees.order_by("full_name")),
        timeline=timeline,
        task_files=[f for f in files if not f.event_id],
        extensions=extensions,
        pending_extension=pending,
        children=children,
        unit_class=task_class(task, View.UNIT, today),
        agency_class=task_class(task, View.AGENCY, today),
    )


def _coordinating_ids(task: Task) -> QuerySet[TaskCoordination]:
    return TaskCoordination.objects.filter(task=task).values("unit_id")


def get_visible_task(user: Any, pk: int) -> Task | None:
    return (
        visible_tasks(user)
        .select_related("document", "lead_unit", "leader", "parent")
        .filter(pk=pk)
        .first()
    )


# "Việc của tôi": one table of sections, like `cycle.TABLE` ------------------------------------

SECTION_LIMIT = 20  # the soonest; the rest are one click away in the filtered list
UNDER_WAY = (State.ASSIGNED, State.IN_PROGRESS)


class Mine:
    """The register as one person works on it (unit scopes read only for sections that ask)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.tasks = Task.objects.all()
        self.as_leader = Q(leader=user) | Q(leader__isnull=True)

    @cached_property
    def scope(self) -> frozenset[int]:
        return unit_scope(self.user)

    @cached_property
    def led(self) -> QuerySet[Task]:
        return self.tasks.filter(lead_unit_id__in=self.scope)

    @cached_property
    def coordinated(self) -> QuerySet[Task]:
        """Tasks under way that the person's units coordinate but do not lead."""
        by_units = coordinated_by(self.scope, Narrowing(list(UNDER_WAY)))
        return self.tasks.filter(by_units, state__in=UNDER_WAY).exclude(lead_unit_id__in=self.scope)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    roles: frozenset[str]  # who sees it (any of these roles)
    tasks: Callable[[Mine], QuerySet[Task]]
    # The task list's filters that show the section's work (the list may show a little more:
    # it does not know, for instance, to which leader the Office proposed a task); None: none
    more: dict[str, Any] | None = None
    per_unit: bool = False  # the list is filtered to the person's unit


LEADER: frozenset[str] = frozenset({Role.LEADER})
TRACKER: frozenset[str] = frozenset({Role.TRACKER})
HEAD: frozenset[str] = frozenset({Role.UNIT_HEAD})
STAFF: frozenset[str] = frozenset({Role.UNIT_STAFF})

SECTIONS: tuple[Section, ...] = (
    Section(
        "assign",
        "Chờ phân công",
        "Văn phòng trình: giao đơn vị chủ trì, thời hạn.",
        LEADER,
        lambda m: m.tasks.filter(m.as_leader, state=State.PROPOSED),
        {"states": [State.PROPOSED]},
    ),
    Section(
        "returned",
        "Đơn vị trả lại",
        "Giao lại hoặc giữ nguyên phân công.",
        LEADER,
        lambda m: m.tasks.filter(m.as_leader, state=State.RETURNED),
        {"states": [State.RETURNED]},
    ),
    Section(
        "approve",
        "Chờ duyệt kết quả",
        "Văn phòng đã kiểm tra; duyệt hoặc trả lại.",
        LEADER,
        lambda m: m.tasks.filter(m.as_leader, state=State.CHECKED),
        {"states": [State.CHECKED]},
    ),
    Section(
        "extension",
        "Đề nghị gia hạn",
        "Đơn vị đề nghị gia hạn; quyết định đồng ý hay không.",
        LEADER,
        lambda m: m.tasks.filter(leader=m.user, extensions__status=ExtensionStatus.PENDING),
    ),
    Section(
        "draft",
        "Dự thảo chưa trình",
        "Hoàn thiện và trình lãnh đạo phân công.",
        TRACKER,
        lambda m: m.tasks.filter(state=State.DRAFT),
        {"states": [State.DRAFT]},
    ),
    Section(
        "returned_office",
        "Đơn vị trả lại",
        "Báo cáo lãnh đạo để điều chỉnh (Điều 5.2.b).",
        TRACKER,
        lambda m: m.tasks.filter(state=State.RETURNED),
        {"states": [State.RETURNED]},
    ),
    Section(
        "check",
        "Kết quả chờ kiểm tra",
        "Kiểm tra; trình lãnh đạo hoặc trả lại đơn vị.",
        TRACKER,
        lambda m: m.tasks.filter(state=State.SUBMITTED),
        {"states": [State.SUBMITTED]},
    ),
    Section(
        "report",
        "Đã duyệt, chờ báo cáo",
        "Gửi báo cáo cấp trên và ghi nhận.",
        TRACKER,
        lambda m: m.tasks.filter(state=State.APPROVED),
        {"states": [State.APPROVED]},
    ),
    Section(
        "accept",
        "Chờ nhận",
        "Nhận và phân công, hoặc trả lại kèm lý do.",
        HEAD,
        lambda m: m.led.filter(state=State.ASSIGNED),
        {"states": [State.ASSIGNED], "unit_role": UnitRole.LEAD},
        per_unit=True,
    ),
    Section(
        "follow",
        "Đơn vị đang thực hiện",
        "Theo dõi, gửi kết quả về Văn phòng.",
        HEAD,
        lambda m: m.led.filter(state=State.IN_PROGRESS),
        {"states": [State.IN_PROGRESS], "unit_role": UnitRole.LEAD},
        per_unit=True,
    ),
    Section(
        "update",
        "Được phân công",
        "Cập nhật tiến độ, dự thảo kết quả.",
        STAFF,
        lambda m: m.led.filter(state=State.IN_PROGRESS, assignees=m.user),
        {"states": [State.IN_PROGRESS], "unit_role": UnitRole.LEAD},
        per_unit=True,
    ),
    Section(
        "contribute",
        "Phối hợp",
        "Gửi ý kiến, số liệu cho đơn vị chủ trì (Điều 9.2).",
        HEAD | STAFF,
        lambda m: m.coordinated,
        {"unit_role": UnitRole.COORD},
        per_unit=True,
    ),
)


@dataclass
class WorkSection:
    key: str
    title: str
    hint: str
    rows: list[TaskRow]
    more: bool  # there is more than the section lists
    link: str = ""  # the task list filtered to this kind of work, when there is more


def _link(section: Section, unit_id: int | None) -> str:
    if section.more is None:
        return ""
    if not section.per_unit:
        return task_list_url(**section.more)
    return task_list_url(**section.more, unit_id=unit_id) if unit_id is not None else ""


def my_work(user: Any, today: date) -> list[WorkSection]:
    """What waits for this person, by role, soonest deadline first; empty sections omitted."""
    mine = Mine(user)
    shown = []
    for section in SECTIONS:
        if not section.roles & user.roles:
            continue
        tasks = list_queryset(section.tasks(mine)).order_by(*SORTS["han"])
        found = list(tasks[: SECTION_LIMIT + 1])
        if not found:
            continue
        more = len(found) > SECTION_LIMIT
        shown.append(
            WorkSection(
                section.key,
                section.title,
                section.hint,
                task_rows(found[:SECTION_LIMIT], today),
                more,
                _link(section, user.unit_id) if more else "",
            )
        )
    return shown


# Documents ----------------------------------------------------------------------------------


def document_list(user: Any, q: str = "") -> QuerySet[Document]:
    documents = visible_documents(user)
    for term in search_terms(q):
        documents = documents.filter(search_text__contains=term)
    return documents.annotate(task_count=Count("tasks", filter=Q(tasks__parent__isnull=True)))


@dataclass
class DocumentChange:
    at: Any
    actor_label: str
    reason: str
    fields: list[tuple[str, str, str]]  # label, old value, new value (as shown)


def _shown(document_field: str, value: Any) -> str:
    if value in (None, ""):
        return "(trống)"
    if document_field == "issued_on":
        return format_date(date.fromisoformat(value))
    choices = dict(Document._meta.get_field(document_field).choices or [])
    return str(choices.get(value, value))


def document_changes(document: Document) -> list[DocumentChange]:
    """The corrections made to a registered document, oldest first, with old and new values."""
    result = []
    for record in changes_for(document).filter(action=ChangeKind.UPDATE).order_by("at", "id"):
        before, after = record.before or {}, record.after or {}
        fields = [
            (
                str(Document._meta.get_field(name).verbose_name).capitalize(),
                _shown(name, before.get(name)),
                _shown(name, after.get(name)),
            )
            for name in after
            if before.get(name) != after.get(name)
        ]
        result.append(DocumentChange(record.at, record.actor_label, record.reason, fields))
    return result
