"""Unit fields speak names: every unit's name reads back as that unit (names may hold a
comma), and a group is typed by its name."""

import pytest
from django.utils import timezone

from theodoi.organisation.groups import Group
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import COORDINATING_KINDS
from theodoi.organisation.selectors import units_active_on
from theodoi.tasks.tests.conftest import World
from theodoi.tasks.unitlist import read_units

pytestmark = pytest.mark.django_db


def test_every_unit_name_reads_back_as_that_unit(world: World) -> None:
    today = timezone.localdate()
    units = list(units_active_on(today).filter(kind__in=COORDINATING_KINDS).order_by("code"))
    for unit in units:
        read = read_units(unit_label(unit), today, "leads")
        assert (read.units, read.groups) == ([unit], []), unit_label(unit)
    together = read_units(", ".join(unit_label(u) for u in units), today, "leads")
    assert together.units == units


def test_a_group_is_typed_by_its_name(world: World) -> None:
    today = timezone.localdate()
    for group in Group:
        read = read_units(group.label, today, "leads")
        assert (read.units, read.groups) == ([], [group]), group.label
    mixed = read_units("BHXH các tỉnh, thành phố, Thu - Sổ, thẻ", today, "leads")
    assert (mixed.groups, mixed.units) == ([Group.PROVINCES], [world.units["TST"]])
