"""Reading a list of units typed by a person: "TST, CSXH; Văn phòng" or "@PROVINCES"."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.organisation.resolver import Resolution, UnitResolver, build_resolver

_SEPARATORS = re.compile(r"[,;\n]+")
_MAX_JOIN = 4  # comma pieces one name can span ("Trung tâm CNTT, Thu - Sổ, thẻ")


@dataclass
class UnitList:
    units: list[Unit] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def proposed_leads(self) -> list[Unit]:
        """The lead units a draft can name; a group is expanded only when a leader assigns."""
        return [] if self.groups else self.units

    @property
    def text(self) -> str:
        return ", ".join([*(g.value for g in self.groups), *(u.code for u in self.units)])


def read_units(
    text: str, as_of: date, field_name: str, resolver: UnitResolver | None = None
) -> UnitList:
    """Units and groups named in `text` on `as_of`; an unknown name is refused by name."""
    resolver = resolver or build_resolver()
    result = UnitList()
    for part, found in _named(text, as_of, resolver):
        if found is None:
            result.groups.append(Group(part.upper()))
        elif found.unit is not None:
            if found.unit not in result.units:
                result.units.append(found.unit)
        elif found.group is not None:
            result.groups.append(found.group)
        else:
            result.unknown.append(part)
    if result.unknown:
        names = ", ".join(f"«{u}»" for u in result.unknown)
        raise ValidationFailed(
            {field_name: f"Không nhận ra đơn vị: {names}. Hãy ghi mã hoặc tên."}, Code.NOT_FOUND
        )
    return result


def _named(text: str, as_of: date, resolver: UnitResolver) -> list[tuple[str, Resolution | None]]:
    """The parts of `text` with what each names (None: a group typed as its token). Names
    may hold a comma ("BHXH các tỉnh, thành phố"), so the longest run of pieces that names
    a unit or a group is taken first."""
    pieces = [p.strip() for p in _SEPARATORS.split(text)]
    pieces = [p for p in pieces if p]
    found: list[tuple[str, Resolution | None]] = []
    i = 0
    while i < len(pieces):
        if pieces[i].startswith("@") and pieces[i].upper() in Group.__members__.values():
            found.append((pieces[i], None))
            i += 1
            continue
        for j in range(min(len(pieces), i + _MAX_JOIN), i, -1):
            part = ", ".join(pieces[i:j])
            resolution = resolver.resolve(part, as_of)
            if resolution.resolved or j == i + 1:
                found.append((part, resolution))
                i = j
                break
    return found


def names_text(units: Sequence[Unit]) -> str:
    """Units as a unit field shows them to be edited: by name, read back by `read_units`."""
    return ", ".join(unit_label(u) for u in units)


def expand(units: UnitList, as_of: date, field_name: str) -> list[Unit]:
    """Every unit the list stands for; groups without members on that date are refused."""
    expanded = list(units.units)
    for group in units.groups:
        members = list(group_members(group, as_of))
        if not members:
            raise ValidationFailed(
                {field_name: f"«{group.label}» chưa chỉ rõ đơn vị: hãy ghi tên từng đơn vị."}
            )
        expanded.extend(m for m in members if m not in expanded)
    return expanded


def check_parts(
    leads: Sequence[Unit], coordinating: Sequence[Unit], as_of: date, *, lead_field: str = "leads"
) -> None:
    """Who may lead and coordinate a task on `as_of`: units in force that day; the agency as a
    whole, its leadership and outside bodies do not lead; only outside bodies of those three
    coordinate. Refused by name, field by field."""
    errors: dict[str, str] = {}
    parts = (
        (lead_field, leads, [u for u in leads if not u.can_lead], "chủ trì"),
        (
            "coordinating",
            coordinating,
            [u for u in coordinating if not u.can_coordinate],
            "phối hợp",
        ),
    )
    for field_name, units, unfit, role in parts:
        gone = [u for u in units if not u.is_active_on(as_of)]
        if gone:
            errors[field_name] = (
                f"{names(gone)} không còn hoạt động ngày {format_date(as_of)}: "
                "hãy chọn đơn vị đang hoạt động (đơn vị kế thừa)."
            )
        elif unfit:
            errors[field_name] = f"{names(unfit)} không thể {role} thực hiện nhiệm vụ."
    if errors:
        raise ValidationFailed(errors, Code.INVALID)


def names(units: Sequence[Unit]) -> str:
    return ", ".join(f"«{unit_label(u)}»" for u in units)
