"""Unit fields speak names: every unit's name reads back as that unit (names may hold a
comma), a group is typed by its name, and the picker is offered the units in force on a
date by every name they have or had (organisation/suggestions.py)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from theodoi.organisation.groups import Group
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import COORDINATING_KINDS
from theodoi.organisation.selectors import units_active_on
from theodoi.tasks.tests.conftest import World, client_for
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


def test_the_picker_offers_units_in_force_by_every_name(world: World) -> None:
    office = client_for(world.office)
    url = reverse("organisation:suggestions")
    offered = {s["name"]: s["also"] for s in office.get(url).json()["units"]}
    assert "BHXH các tỉnh, thành phố" in offered and "BHXH An Giang" in offered
    assert "Vụ Pháp chế" in offered["Pháp chế"]  # a past name finds the unit
    assert "Lãnh đạo Ngành" not in offered  # the leadership neither leads nor coordinates
    assert "Thu - Sổ, thẻ" in offered
    before = office.get(url, {"ngay": "01/01/2020"}).json()["units"]
    assert "Thu - Sổ, thẻ" not in {s["name"] for s in before}  # TST begins on 01/10/2020
    assert date(2020, 10, 1) == world.units["TST"].valid_from
