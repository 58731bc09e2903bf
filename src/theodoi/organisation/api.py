"""/api/v1/units/: the unit tree on a date, one unit's history, the name resolver — the reads
of the unit pages (`selectors.unit_tree`, `selectors.unit_history`, `resolver`) as JSON."""

from datetime import date

from django.http import Http404
from django.utils import timezone
from ninja import Path, Query, Router, Schema
from pydantic import Field

from theodoi.api.schemas import UnitRef, answers
from theodoi.core.access import Action, require
from theodoi.core.dates import IsoDate
from theodoi.core.http import AuthedRequest
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.models import Unit, UnitKind, UnitSuccession
from theodoi.organisation.resolver import build_resolver
from theodoi.organisation.selectors import TreeNode, unit_history, unit_tree

router = Router(tags=["Đơn vị"])

# the groups (DOMAIN §3) a unit of each kind is a member of
KIND_GROUPS = {UnitKind.PROVINCE: [Group.PROVINCES], UnitKind.CENTRAL: [Group.CENTRAL]}


class UnitOut(Schema):
    id: int
    code: str
    name: str  # as it was on the date asked
    short_name: str
    kind: str
    kind_label: str
    parent: int | None  # the parent's id; null for a root
    depth: int  # 0 for a root: the list is the tree read top-down
    groups: list[str]  # e.g. ["@PROVINCES"]


class TreeOut(Schema):
    date: date
    count: int
    results: list[UnitOut]


class NameOut(Schema):
    name: str
    short_name: str
    valid_from: date | None
    valid_to: date | None  # null: still in force


class SuccessionOut(Schema):
    unit: UnitRef  # the other unit: the predecessor, or the successor
    effective_date: date
    kind: str
    kind_label: str
    document: str


class UnitDetailOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent: UnitRef | None
    valid_from: date | None
    valid_to: date | None
    names: list[NameOut]  # every name it carried, oldest first; the last is the current one
    aliases: list[str]
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]


class GroupOut(Schema):
    token: str
    label: str


class ResolvedOut(Schema):
    text: str  # the name as read (spaces and edge punctuation trimmed)
    date: date
    resolved: bool
    certain: bool  # false: found, but not in force on the date
    unit: UnitRef | None
    group: GroupOut | None
    units: list[UnitRef]  # the unit, or the group's members on the date
    note: str  # what could not be read, or how it was read


class DayQuery(Schema):
    day: IsoDate | None = Field(None, alias="date", description="YYYY-MM-DD; mặc định hôm nay")


class ResolveQuery(DayQuery):
    text: str = Field(..., min_length=1, max_length=500, description="tên như văn bản viết")


def _day(given: date | None) -> date:
    return given or timezone.localdate()


def _ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.pk, code=unit.code, name=unit.name)


def _flat(nodes: list[TreeNode], depth: int = 0) -> list[UnitOut]:
    rows: list[UnitOut] = []
    for node in nodes:
        unit = node.unit
        rows.append(
            UnitOut(
                id=unit.pk,
                code=unit.code,
                name=node.name,
                short_name=node.short_name,
                kind=unit.kind,
                kind_label=unit.get_kind_display(),
                parent=unit.parent_id if depth else None,
                depth=depth,
                groups=[g.value for g in KIND_GROUPS.get(UnitKind(unit.kind), [])],
            )
        )
        rows.extend(_flat(node.children, depth + 1))
    return rows


@router.get(
    "/",
    response=answers({200: TreeOut}, 400, 403),
    summary="Cây đơn vị tại một ngày",
    description="Các đơn vị có hiệu lực ngày `date`, mỗi đơn vị mang tên của ngày đó, thành danh "
    "sách phẳng theo thứ tự của trang Đơn vị: cấp trên trước cấp dưới, `depth` là cấp, `parent` "
    "là id đơn vị cấp trên (quyền `view_units`, mọi vai trò). Ngày sai dạng hay ngoài "
    "1900–2100: `400`.",
)
def unit_list(request: AuthedRequest, query: Query[DayQuery]) -> TreeOut:
    """Every unit in force on `date`, named as it was then, as a flat list in the page's
    order (a parent before its children, `depth` its level, `parent` its id)."""
    require(request.user, Action.VIEW_UNITS)
    on = _day(query.day)
    rows = _flat(unit_tree(on))
    return TreeOut(date=on, count=len(rows), results=rows)


@router.get(
    "/resolve/",
    response=answers({200: ResolvedOut}, 400, 403),
    summary="Đọc tên đơn vị như văn bản viết",
    description="Bộ đọc tên mà việc nhập kế hoạch dùng: một tên như văn bản viết (tên cũ, tên "
    "viết tắt, đơn vị đã sáp nhập được dẫn đến đơn vị đảm nhận) ứng với đơn vị hay nhóm nào "
    "ngày `date`; `note` nói điều không đọc được hoặc đã đọc thế nào.",
)
def unit_resolve(request: AuthedRequest, query: Query[ResolveQuery]) -> ResolvedOut:
    """The unit or group a written name stands for on `date` (older names, abbreviations,
    merged units followed to their successor); `note` says what could not be read."""
    require(request.user, Action.VIEW_UNITS)
    on = _day(query.day)
    found = build_resolver().resolve(query.text, on)
    units: list[Unit] = []
    if found.unit is not None:
        units = [found.unit]
    elif found.group is not None:
        units = list(group_members(found.group, on).order_by("code"))
    group = found.group
    return ResolvedOut(
        text=found.text,
        date=on,
        resolved=found.resolved,
        certain=found.certain,
        unit=_ref(found.unit) if found.unit is not None else None,
        group=GroupOut(token=group.value, label=group.label) if group is not None else None,
        units=[_ref(u) for u in units],
        note=found.note,
    )


def _link(link: UnitSuccession, other: Unit) -> SuccessionOut:
    return SuccessionOut(
        unit=_ref(other),
        effective_date=link.effective_date,
        kind=link.kind,
        kind_label=link.get_kind_display(),
        document=link.document,
    )


@router.get(
    "/{code}/",
    response=answers({200: UnitDetailOut}, 403, 404),
    summary="Một đơn vị",
    description="Một đơn vị theo mã (không phân biệt hoa thường), còn hay đã hết hiệu lực: mọi "
    "tên đã mang (cũ trước), tên gọi khác, sáp nhập, chia tách, thay thế. Mã không có: `404`.",
)
def unit_detail(
    request: AuthedRequest, code: str = Path(..., description="mã đơn vị, ví dụ TST")
) -> UnitDetailOut:
    """A unit by its code, with every name it carried and its merges, splits and renames."""
    require(request.user, Action.VIEW_UNITS)
    unit = Unit.objects.select_related("parent").filter(code__iexact=code.strip()).first()
    if unit is None:
        raise Http404
    history = unit_history(unit)
    return UnitDetailOut(
        id=unit.pk,
        code=unit.code,
        name=unit.name,
        short_name=unit.short_name,
        kind=unit.kind,
        kind_label=unit.get_kind_display(),
        parent=_ref(unit.parent) if unit.parent is not None else None,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        names=[
            NameOut(
                name=n.name,
                short_name=n.short_name,
                valid_from=n.valid_from,
                valid_to=None if n.valid_to == date.max else n.valid_to,
            )
            for n in history.names
        ],
        aliases=list(unit.aliases.values_list("alias", flat=True)),
        predecessors=[_link(link, link.predecessor) for link in history.predecessors],
        successors=[_link(link, link.successor) for link in history.successors],
    )
