"""Reading tasks and documents for pages, with a fixed number of queries per page."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
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


# "Việc của tôi" -----------------------------------------------------------------------------

SECTION_LIMIT = 20  # the soonest; the rest are one click away in the filtered list


@dataclass
class WorkSection:
    key: str
    title: str
    hint: str
    rows: list[TaskRow]
    more: bool
    link: str = ""  # the task list filtered to this kind of work, when there is more


# The task list's filters that show a section's work (the list may show a little more: it
# does not know, for instance, to which leader the Office proposed a task).
SECTION_FILTERS: dict[str, dict[str, Any]] = {
    "assign": {"states": [State.PROPOSED]},
    "returned": {"states": [State.RETURNED]},
    "approve": {"states": [State.CHECKED]},
    "draft": {"states": [State.DRAFT]},
    "returned_office": {"states": [State.RETURNED]},
    "check": {"states": [State.SUBMITTED]},
    "report": {"states": [State.APPROVED]},
    "accept": {"states": [State.ASSIGNED], "unit_role": UnitRole.LEAD},
    "follow": {"states": [State.IN_PROGRESS], "unit_role": UnitRole.LEAD},
    "update": {"states": [State.IN_PROGRESS], "unit_role": UnitRole.LEAD},
    "contribute": {"unit_role": UnitRole.COORD},
}


def _link(section: WorkSection, unit_id: int | None) -> str:
    params = SECTION_FILTERS.get(section.key)
    if not section.more or params is None:
        return ""
    if "unit_role" in params:
        if unit_id is None:
            return ""
        params = {**params, "unit_id": unit_id}
    return task_list_url(**params)


def _section(key: str, title: str, hint: str, tasks: QuerySet[Task], today: date) -> WorkSection:
    found = list(list_queryset(tasks).order_by(*SORTS["han"])[: SECTION_LIMIT + 1])
    return WorkSection(
        key, title, hint, task_rows(found[:SECTION_LIMIT], today), len(found) > SECTION_LIMIT
    )


def my_work(user: Any, today: date) -> list[WorkSection]:
    """What waits for this person, by role, soonest deadline first; empty sections omitted."""
    roles = getattr(user, "roles", frozenset())
    tasks = Task.objects.all()
    sections: list[WorkSection] = []
    if Role.LEADER in roles:
        mine = Q(leader=user) | Q(leader__isnull=True)
        sections += [
            _section(
                "assign",
                "Chờ phân công",
                "Văn phòng trình: giao đơn vị chủ trì, thời hạn.",
                tasks.filter(mine, state=State.PROPOSED),
                today,
            ),
            _section(
                "returned",
                "Đơn vị trả lại",
                "Giao lại hoặc giữ nguyên phân công.",
                tasks.filter(mine, state=State.RETURNED),
                today,
            ),
            _section(
                "approve",
                "Chờ duyệt kết quả",
                "Văn phòng đã kiểm tra; duyệt hoặc trả lại.",
                tasks.filter(mine, state=State.CHECKED),
                today,
            ),
            _section(
                "extension",
                "Đề nghị gia hạn",
                "Đơn vị đề nghị gia hạn; quyết định đồng ý hay không.",
                tasks.filter(Q(leader=user), extensions__status=ExtensionStatus.PENDING),
                today,
            ),
        ]
    if Role.TRACKER in roles:
        sections += [
            _section(
                "draft",
                "Dự thảo chưa trình",
                "Hoàn thiện và trình lãnh đạo phân công.",
                tasks.filter(state=State.DRAFT),
                today,
            ),
            _section(
                "returned_office",
                "Đơn vị trả lại",
                "Báo cáo lãnh đạo để điều chỉnh (Điều 5.2.b).",
                tasks.filter(state=State.RETURNED),
                today,
            ),
            _section(
                "check",
                "Kết quả chờ kiểm tra",
                "Kiểm tra; trình lãnh đạo hoặc trả lại đơn vị.",
                tasks.filter(state=State.SUBMITTED),
                today,
            ),
            _section(
                "report",
                "Đã duyệt, chờ báo cáo",
                "Gửi báo cáo cấp trên và ghi nhận.",
                tasks.filter(state=State.APPROVED),
                today,
            ),
        ]
    if roles & {Role.UNIT_HEAD, Role.UNIT_STAFF}:
        scope = unit_scope(user)
        led = tasks.filter(lead_unit_id__in=scope)
        under_way = [State.ASSIGNED, State.IN_PROGRESS]
        coordinated = tasks.filter(
            coordinated_by(scope, Narrowing(under_way)), state__in=under_way
        ).exclude(lead_unit_id__in=scope)
        if Role.UNIT_HEAD in roles:
            sections += [
                _section(
                    "accept",
                    "Chờ nhận",
                    "Nhận và phân công, hoặc trả lại kèm lý do.",
                    led.filter(state=State.ASSIGNED),
                    today,
                ),
                _section(
                    "follow",
                    "Đơn vị đang thực hiện",
                    "Theo dõi, gửi kết quả về Văn phòng.",
                    led.filter(state=State.IN_PROGRESS),
                    today,
                ),
            ]
        if Role.UNIT_STAFF in roles:
            sections.append(
                _section(
                    "update",
                    "Được phân công",
                    "Cập nhật tiến độ, dự thảo kết quả.",
                    led.filter(state=State.IN_PROGRESS, assignees=user),
                    today,
                )
            )
        sections.append(
            _section(
                "contribute",
                "Phối hợp",
                "Gửi ý kiến, số liệu cho đơn vị chủ trì (Điều 9.2).",
                coordinated,
                today,
            )
        )
    shown = [s for s in sections if s.rows]
    for section in shown:
        section.link = _link(section, getattr(user, "unit_id", None))
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
