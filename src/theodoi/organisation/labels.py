"""How units read to a person: a unit by its name, a group token (`@PROVINCES`) by its label,
a list of codes kept in a text ("@PROVINCES, TST") by those names. Never a code alone."""

import re
from collections.abc import Iterable, Mapping

from theodoi.organisation.groups import GROUP_LABELS, Group
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import Registry

_SEPARATORS = re.compile(r"\s*[,;]\s*")


def unit_label(unit: Unit) -> str:
    """The name a list prints: the short name ("BHXH An Giang"), else the full name."""
    return str(unit)


def names_for(texts: Iterable[str], units: Registry | None = None) -> dict[str, str]:
    """The names of the unit codes found in `texts`, by code (one query, or none from the
    `units` a page read already)."""
    codes = {part for text in texts for part in _SEPARATORS.split(text.strip()) if part}
    if not codes:
        return {}
    if units is not None:  # as unit_label: the short name, else the full name
        return {row[7]: row[3] or row[4] for row in units.rows if row[7] in codes}
    found = Unit.objects.filter(code__in=codes).only("code", "name", "short_name")
    return {unit.code: unit_label(unit) for unit in found}


def units_text(text: str, names: Mapping[str, str]) -> str:
    """`text` with each group token and known unit code replaced by what a person reads;
    any other words (a lead as the document wrote it) stay as they are."""
    parts = [part for part in _SEPARATORS.split(text.strip()) if part]
    if not parts:
        return text
    labels = {group.value: GROUP_LABELS[group] for group in Group}
    if not any(part.upper() in labels or part in names for part in parts):
        return text
    return ", ".join(labels.get(part.upper(), names.get(part, part)) for part in parts)
