"""What a unit field offers as a person types (the picker, core/static/theodoi/unit-picker.js):
the units in force on a date that can lead or coordinate, by the name people read, with
their full name, past names and other names to match on, and the groups by their labels.
Choosing one writes the name into the field; the field reads it back through the resolver."""

from datetime import date
from typing import TypedDict

from theodoi.core.collation import vi_key
from theodoi.organisation.groups import Group
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import COORDINATING_KINDS, UnitAlias, UnitName
from theodoi.organisation.selectors import units_active_on

# groups a unit field may name (a leader's later choice is not typed: it is the plan's wording)
OFFERED_GROUPS = (Group.PROVINCES, Group.CENTRAL, Group.RELATED)


class Suggestion(TypedDict):
    name: str  # what the field gets
    also: list[str]  # other names it is found by (full, past, aliases, code)


def unit_suggestions(as_of: date) -> list[Suggestion]:
    """Groups first, then units in Vietnamese alphabetical order (3 queries)."""
    units = list(units_active_on(as_of).filter(kind__in=COORDINATING_KINDS))
    others: dict[int, list[str]] = {unit.pk: [] for unit in units}
    for past in UnitName.objects.filter(unit__in=units):
        others[past.unit_id] += [past.name, past.short_name]
    for alias in UnitAlias.objects.filter(unit__in=units):
        others[alias.unit_id].append(alias.alias)
    found: list[Suggestion] = [{"name": group.label, "also": []} for group in OFFERED_GROUPS]
    for unit in sorted(units, key=lambda u: vi_key(unit_label(u))):
        name = unit_label(unit)
        written = [unit.name, unit.short_name, *others[unit.pk], unit.code]
        also = list(dict.fromkeys(a for a in written if a and a != name))
        found.append({"name": name, "also": also})
    return found
