"""Reading the organisation: units on a date, the tree, names as they were, a unit's history."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache

from django.db.models import Q, QuerySet

from theodoi.core.collation import Key, vi_key
from theodoi.core.compiled import Compiled
from theodoi.organisation.models import Unit, UnitKind, UnitName, UnitSuccession


def units_active_on(day: date) -> QuerySet[Unit]:
    return Unit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def name_as_of(unit: Unit, day: date, past_names: list[UnitName] | None = None) -> UnitName:
    """The unit's name on `day`: a past name whose period covers it, else the current name."""
    names = past_names if past_names is not None else list(unit.past_names.all())
    for past in sorted(names, key=lambda n: n.valid_to):
        if day <= past.valid_to and (past.valid_from is None or past.valid_from <= day):
            return past
    return UnitName(unit=unit, name=unit.name, short_name=unit.short_name, valid_to=date.max)


@dataclass
class TreeNode:
    unit: Unit
    name: str
    short_name: str
    predecessors: list[UnitSuccession] = field(default_factory=list)
    successors: list[UnitSuccession] = field(default_factory=list)
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def descendant_count(self) -> int:
        return sum(1 + child.descendant_count for child in self.children)


KIND_ORDER = [
    UnitKind.AGENCY,
    UnitKind.LEADERSHIP,
    UnitKind.CENTRAL,
    UnitKind.PROVINCE,
    UnitKind.GRASSROOTS,
    UnitKind.EXTERNAL,
]


def unit_tree(day: date) -> list[TreeNode]:
    """The units active on `day` as a forest, named as they were then (4 queries)."""
    units = list(units_active_on(day).select_related("parent"))
    past = defaultdict(list)
    for name in UnitName.objects.filter(unit__in=units):
        past[name.unit_id].append(name)
    successions = list(
        UnitSuccession.objects.filter(Q(successor__in=units) | Q(predecessor__in=units))
        .select_related("predecessor", "successor")
        .order_by("effective_date", "predecessor__name")
    )
    nodes: dict[int, TreeNode] = {}
    for unit in units:
        shown = name_as_of(unit, day, past[unit.pk])
        nodes[unit.pk] = TreeNode(unit=unit, name=shown.name, short_name=shown.short_name)
    for link in successions:
        if link.successor_id in nodes and link.effective_date <= day:
            nodes[link.successor_id].predecessors.append(link)
        if link.predecessor_id in nodes:
            nodes[link.predecessor_id].successors.append(link)
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent_id = node.unit.parent_id
        (nodes[parent_id].children if parent_id in nodes else roots).append(node)

    def order(node: TreeNode) -> tuple[int, Key]:
        return (KIND_ORDER.index(UnitKind(node.unit.kind)), vi_key(node.short_name or node.name))

    for node in nodes.values():
        node.children.sort(key=order)
    return sorted(roots, key=order)


@dataclass
class UnitHistory:
    unit: Unit
    names: list[UnitName]
    predecessors: list[UnitSuccession]
    successors: list[UnitSuccession]


def unit_history(unit: Unit) -> UnitHistory:
    names = list(unit.past_names.order_by("valid_to"))
    current = UnitName(
        unit=unit,
        name=unit.name,
        short_name=unit.short_name,
        valid_from=names[-1].valid_to + timedelta(days=1) if names else unit.valid_from,
        valid_to=unit.valid_to or date.max,
    )
    return UnitHistory(
        unit=unit,
        names=[*names, current],
        predecessors=list(unit.precedents.select_related("predecessor")),
        successors=list(unit.successions.select_related("successor")),
    )


def successors_chain(unit: Unit, day: date) -> list[Unit]:
    """The units that carry on `unit`'s work on `day`, following merges and splits."""
    found: list[Unit] = []
    frontier = [unit]
    seen = {unit.pk}
    while frontier:
        current = frontier.pop()
        if current.is_active_on(day):
            found.append(current)
            continue
        for link in current.successions.select_related("successor"):
            if link.successor_id not in seen:
                seen.add(link.successor_id)
                frontier.append(link.successor)
    return found


def _below(pairs: Iterable[tuple[int, int | None]], unit_ids: Iterable[int]) -> frozenset[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in pairs:
        children[parent_id].append(pk)
    found: set[int] = set()
    stack = list(unit_ids)
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return frozenset(found)


def subtree_ids(unit_ids: set[int] | frozenset[int]) -> frozenset[int]:
    """The given units and every unit below them in today's tree (one query)."""
    return _below(Unit.objects.values_list("pk", "parent_id"), unit_ids)


# (pk, parent_id, kind, short_name, name, valid_from, valid_to, code)
UnitRow = tuple[int, int | None, str, str, str, date | None, date | None, str]
ROW_FIELDS = ("pk", "parent_id", "kind", "short_name", "name", "valid_from", "valid_to", "code")


def _active(row: UnitRow, day: date) -> bool:
    """As `units_active_on`."""
    return (row[5] is None or row[5] <= day) and (row[6] is None or row[6] >= day)


# read by every list page: compiled once per process (docs/adr/0027-compiled-once.md)
REGISTRY = Compiled(lambda: Unit.objects.order_by("pk").values_list(*ROW_FIELDS))


class Registry:
    """Every unit as a plain row, read in one query when first asked: what a list page needs
    of the registry (the units below a unit, the units it can be narrowed to) from one read
    instead of one read each (docs/adr/0013-list-page-reads.md). One per request: a unit
    changed meanwhile is seen by the next page."""

    @cached_property
    def rows(self) -> tuple[UnitRow, ...]:
        return tuple(REGISTRY.rows())  # type: ignore[arg-type]  # the columns of ROW_FIELDS

    def below(self, unit_ids: set[int] | frozenset[int]) -> frozenset[int]:
        """As `subtree_ids`, from the rows read."""
        return _below(((row[0], row[1]) for row in self.rows), unit_ids)

    def choices(self, as_of: date) -> list[tuple[int, str]]:
        """As `unit_choices`, from the rows read."""
        return list(_choices(self.rows, as_of))

    def active_id(self, code: str, day: date) -> int | None:
        """The id of the unit of `code` in force on `day`, or None."""
        return next((r[0] for r in self.rows if r[7] == code and _active(r, day)), None)


@lru_cache(maxsize=16)
def _choices(rows: tuple[UnitRow, ...], as_of: date) -> tuple[tuple[int, str], ...]:
    """The choices, worked out once per process for the same rows and day: keyed on the rows
    themselves, so any change to a unit (a name, a date, a new unit) is a new key, and the
    Vietnamese ordering, most of the work, is not redone on every page."""
    kinds = (UnitKind.CENTRAL, UnitKind.PROVINCE)
    active = [row for row in rows if row[2] in kinds and _active(row, as_of)]
    ordered = sorted(active, key=lambda r: (r[2] != UnitKind.CENTRAL, vi_key(r[3] or r[4])))
    return tuple((row[0], row[3] or row[4]) for row in ordered)


def unit_choices(as_of: date) -> list[tuple[int, str]]:
    """Units a list or dashboard can be narrowed to, as plain rows (id, short name or name),
    central units first: those in force on `as_of` that lead tasks, without the grassroots
    offices (a province's list covers them). One query."""
    return Registry().choices(as_of)
