"""Reading "Việc của tôi": what waits for a person, by role, soonest deadline first.

`SECTIONS` is the page as one table, like `cycle.TABLE`: each section names the roles that see
it, the tasks it holds (a function of `Mine`, the person's view of the register) and the task
list's filters that show the same work when there is more than the section lists.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet

from theodoi.accounts.models import Role, User
from theodoi.core import compiled
from theodoi.core.compiled import Compiled, slot
from theodoi.tasks.links import UnitRole, task_list_url
from theodoi.tasks.models import ExtensionStatus, Obstacle, ObstacleStatus, State, Task
from theodoi.tasks.scope import Narrowing, coordinated_by, unit_scope
from theodoi.tasks.selectors.lists import SORTS, TaskRow, list_queryset, task_rows

SECTION_LIMIT = 20  # the soonest; the rest are one click away in the filtered list
UNDER_WAY = (State.ASSIGNED, State.IN_PROGRESS)


class Mine:
    """The register as one person works on it (unit scopes read only for sections that ask)."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.tasks = Task.objects.all()
        self.as_leader = Q(leader=user) | Q(leader__isnull=True)

    def with_obstacles(self, status: str, **more: Any) -> QuerySet[Task]:
        """Tasks with a difficulty at `status` (and `more` conditions on it)."""
        waiting = Obstacle.objects.filter(status=status, **more).values("task_id")
        return self.tasks.filter(pk__in=waiting)

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
    # its tasks, of the person (`Mine.user`) and, if `per_unit`, of their units (`Mine.scope`)
    tasks: Callable[[Mine], QuerySet[Task]]
    # The task list's filters that show the section's work (the list may show a little more:
    # it does not know, for instance, to which leader the Office proposed a task); None: none
    more: dict[str, Any] | None = None
    per_unit: bool = False  # the tasks are their units' (the list is filtered to the unit)


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
        "Đơn vị chuyển lại",
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
        "obstacle_decide",
        "Khó khăn, vướng mắc chờ chỉ đạo",
        "Văn phòng trình; cho ý kiến chỉ đạo để gửi lại đơn vị.",
        LEADER,
        lambda m: m.with_obstacles(ObstacleStatus.REFERRED, leader=m.user),
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
        "Đơn vị chuyển lại",
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
        "obstacle_refer",
        "Khó khăn, vướng mắc chờ xử lý",
        "Đơn vị nêu khó khăn, đề xuất: trình lãnh đạo (Điều 10.3).",
        TRACKER,
        lambda m: m.with_obstacles(ObstacleStatus.OPEN),
    ),
    Section(
        "accept",
        "Chờ nhận",
        "Nhận và phân công, hoặc chuyển lại kèm lý do.",
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


def section_tasks(section: Section, mine: Mine, limit: int) -> QuerySet[Task]:
    """The section's first `limit` tasks, soonest deadline first, as a list reads them."""
    return list_queryset(section.tasks(mine)).order_by(*SORTS["han"])[:limit]


# Each section's read, compiled once per process (docs/adr/0027-compiled-once.md, "Later")
# for a number of units and a limit: the person's id in slot 0, their units' in the next.
_READS: dict[tuple[str, int, int], Compiled] = {}


def _read(section: Section, units: int, limit: int) -> Compiled:
    key = (section.key, units, limit)
    if key not in _READS:
        example = User(pk=slot(0))
        example.unit_scope_cache = frozenset(slot(1 + n) for n in range(units))
        _READS[key] = Compiled(
            lambda: section_tasks(section, Mine(example), limit),
            slots=[slot(n) for n in range(1 + units)],
            every_slot=False,  # a section reads the person, their units, both or neither
        )
    return _READS[key]


def my_work(user: User, today: date) -> list[WorkSection]:
    """What waits for this person, by role, soonest deadline first; empty sections omitted."""
    mine = Mine(user)
    shown = []
    for section in SECTIONS:
        if not section.roles & user.roles:
            continue
        units = sorted(mine.scope) if section.per_unit else []
        if section.per_unit and not units:
            continue  # a section of the person's units holds nothing without one
        found: list[Task]
        if 1 + len(units) <= compiled.SLOTS:
            found = _read(section, len(units), SECTION_LIMIT + 1).instances(user.pk, *units)
        else:  # more units than a compiled read takes: the root unit's people
            found = list(section_tasks(section, mine, SECTION_LIMIT + 1))
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
