"""Turning a unit name as written in a document into a unit or a group, as of a date.

Tolerant of case, diacritics, punctuation, "Ban/Vụ/Trung tâm" prefixes, "Bảo hiểm xã hội" vs
"BHXH", "tỉnh/thành phố" words, older names and abbreviations. What it cannot resolve it says.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from theodoi.core.dates import format_date
from theodoi.core.text import fold
from theodoi.organisation.groups import GROUP_LABELS, Group, match_group
from theodoi.organisation.models import Unit, UnitAlias, UnitKind, UnitName, UnitSuccession

PREFIXES = ("ban ", "vu ", "trung tam ", "phong ", "cuc ", "don vi ")
REPLACEMENTS = [
    (re.compile(r"\bbao hiem xa hoi\b"), "bhxh"),
    (re.compile(r"\bbao hiem y te\b"), "bhyt"),
    (re.compile(r"\bthanh pho\b"), "tp"),
    (re.compile(r"\bviet nam\b"), "vn"),
]
SUFFIXES = (" bhxh vn", " cua bhxh vn", " nganh bhxh")
_PLACE_WORDS = re.compile(r"^bhxh (tinh |tp )?")


def canonical(text: str) -> str:
    value = fold(text)
    for pattern, replacement in REPLACEMENTS:
        value = pattern.sub(replacement, value)
    return value


@lru_cache(maxsize=8192)
def keys_for(text: str, kind: str = "") -> frozenset[str]:
    """Every lookup key a written name yields (with and without prefixes and suffixes).
    Worked out once per process for each name and kind: a form that names units builds the
    resolver from every unit's names on each request, and folding them was most of it."""
    base = canonical(text)
    if not base:
        return frozenset()
    keys = {base}
    for suffix in SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            keys.add(base[: -len(suffix)])
    for key in list(keys):
        for prefix in PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                keys.add(key[len(prefix) :])
        if kind in (UnitKind.PROVINCE, UnitKind.GRASSROOTS, "") and _PLACE_WORDS.match(key):
            keys.add("bhxh " + _PLACE_WORDS.sub("", key))
    return frozenset(keys)


@dataclass(frozen=True)
class Resolution:
    text: str
    unit: Unit | None = None
    group: Group | None = None
    note: str = ""
    certain: bool = True

    @property
    def resolved(self) -> bool:
        return self.unit is not None or self.group is not None

    @property
    def token(self) -> str:
        """The unit code, the group token, or "?<text as written>" when unresolved."""
        if self.unit is not None:
            return self.unit.code
        if self.group is not None:
            return self.group.value
        return f"?{self.text.strip()}"


class UnitResolver:
    """An in-memory index of every unit's names; build once per import or request."""

    def __init__(
        self,
        units: list[Unit],
        aliases: list[UnitAlias],
        past_names: list[UnitName],
        successions: list[UnitSuccession],
    ) -> None:
        self.units = {unit.pk: unit for unit in units}
        self.index: dict[str, set[int]] = defaultdict(set)
        self.next_units: dict[int, list[int]] = defaultdict(list)
        # a group by the name people read ("Các đơn vị liên quan (Văn phòng chỉ định sau)")
        self.group_names = {canonical(label): group for group, label in GROUP_LABELS.items()}
        for unit in units:
            for written in (unit.code, unit.name, unit.short_name):
                self._add(written, unit)
        for alias in aliases:
            self._add(alias.alias, self.units[alias.unit_id])
        for past in past_names:
            self._add(past.name, self.units[past.unit_id])
            self._add(past.short_name, self.units[past.unit_id])
        for link in successions:
            self.next_units[link.predecessor_id].append(link.successor_id)

    def _add(self, written: str, unit: Unit) -> None:
        for key in keys_for(written or "", unit.kind):
            self.index[key].add(unit.pk)

    def resolve(self, text: str, as_of: date) -> Resolution:
        written = " ".join(text.split()).strip(" .;,-–")
        if not written:
            return Resolution(text=text, note="Ô trống: không có tên đơn vị.")
        key = canonical(written)
        group = self.group_names.get(key) or match_group(key)
        if group is not None:
            return Resolution(text=written, group=group)
        candidates: set[int] = set()
        for variant in sorted(keys_for(written), key=len, reverse=True):
            if variant in self.index:
                candidates = self.index[variant]
                break
        if not candidates:
            return Resolution(text=written, note=f"Không tìm thấy đơn vị nào tên «{written}».")
        return self._choose(written, candidates, as_of)

    def _choose(self, written: str, candidates: set[int], as_of: date) -> Resolution:
        units = [self.units[pk] for pk in candidates]
        active = [u for u in units if u.is_active_on(as_of)]
        if len(active) == 1:
            return Resolution(text=written, unit=active[0])
        if len(active) > 1:
            names = ", ".join(sorted(u.code for u in active))
            return Resolution(text=written, note=f"«{written}» có thể là nhiều đơn vị: {names}.")
        carried = {pk for u in units for pk in self._carried_on(u, as_of)}
        if len(carried) == 1:
            heir = self.units[carried.pop()]
            return Resolution(
                text=written,
                unit=heir,
                note=f"«{written}» là đơn vị đã giải thể/đổi; ngày {format_date(as_of)} "
                f"do {heir.name} ({heir.code}) đảm nhận.",
            )
        if len(carried) > 1:
            names = ", ".join(sorted(self.units[pk].code for pk in carried))
            return Resolution(
                text=written,
                note=f"«{written}» đã được chia cho nhiều đơn vị ({names}); cần chọn một.",
            )
        if len(units) == 1:
            unit = units[0]
            return Resolution(
                text=written,
                unit=unit,
                certain=False,
                note=f"{unit.name} chưa có hiệu lực vào ngày {format_date(as_of)}.",
            )
        return Resolution(text=written, note=f"«{written}» không ứng với đơn vị nào vào ngày đó.")

    def _carried_on(self, unit: Unit, as_of: date) -> set[int]:
        if unit.valid_to is None or unit.valid_to >= as_of:
            return set()
        found: set[int] = set()
        frontier, seen = list(self.next_units[unit.pk]), {unit.pk}
        while frontier:
            pk = frontier.pop()
            if pk in seen:
                continue
            seen.add(pk)
            if self.units[pk].is_active_on(as_of):
                found.add(pk)
            else:
                frontier.extend(self.next_units[pk])
        return found


def build_resolver() -> UnitResolver:
    """Load every unit, alias, past name and succession (4 queries)."""
    return UnitResolver(
        units=list(Unit.objects.all()),
        aliases=list(UnitAlias.objects.all()),
        past_names=list(UnitName.objects.all()),
        successions=list(UnitSuccession.objects.all()),
    )


def resolve_unit(text: str, as_of: date) -> Resolution:
    return build_resolver().resolve(text, as_of)
