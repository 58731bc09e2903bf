"""Vietnamese alphabetical order: "Đ…" between "D" and "E" (not after "Y"), letters before
tones, the same in Python and in both databases; people by given name."""

import pytest
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.accounts.selectors import user_rows
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.collation import person_key, vi_key, vi_order
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import unit_choices, unit_tree
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.tasks.tests.test_steps import assigned

PROVINCES = ["Gia Lai", "Đồng Tháp", "Cà Mau", "Đắk Lắk", "Đà Nẵng", "Điện Biên", "Yên Bái"]


def test_d_with_stroke_sorts_after_d_and_tones_after_letters() -> None:
    assert sorted(PROVINCES, key=vi_key) == [
        "Cà Mau",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Đồng Tháp",
        "Gia Lai",
        "Yên Bái",
    ]
    assert sorted(["ba", "bà", "bả", "bã", "bá", "bạ", "bă", "bâ", "bb"], key=vi_key) == [
        "ba",
        "bà",
        "bả",
        "bã",
        "bá",
        "bạ",
        "bă",
        "bâ",
        "bb",
    ]
    assert sorted(["Ư", "U", "Ơ", "O", "Ô"], key=vi_key) == ["O", "Ô", "Ơ", "U", "Ư"]


def test_people_sort_by_given_name_then_whole_name() -> None:
    names = ["Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Đức", "Phạm Thị Dung", "Vũ Văn An"]
    assert sorted(names, key=person_key) == [
        "Nguyễn Văn An",
        "Vũ Văn An",
        "Trần Thị Bình",
        "Phạm Thị Dung",
        "Lê Văn Đức",
    ]


@pytest.mark.django_db
def test_the_database_sorts_as_python_does(sample_units: dict[str, Unit]) -> None:
    """The ICU collation on PostgreSQL, ours on SQLite: the same order as `vi_key`."""
    provinces = Unit.objects.filter(kind="province")
    by_database = list(provinces.order_by(vi_order("short_name")).values_list("short_name"))
    names = [name for (name,) in by_database]
    assert names == sorted(names, key=vi_key)
    assert names.index("BHXH Đà Nẵng") < names.index("BHXH Gia Lai")


@pytest.mark.django_db
def test_lists_people_read_are_in_alphabetical_order(sample_units: dict[str, Unit]) -> None:
    today = timezone.localdate()
    provinces = [name for _, name in unit_choices(today) if name.startswith("BHXH ")]
    assert provinces == sorted(provinces, key=vi_key)
    assert provinces.index("BHXH Điện Biên") < provinces.index("BHXH Gia Lai")
    tree = unit_tree(today)
    top = [c.short_name for root in tree for c in root.children if c.unit.kind == "province"]
    assert top == sorted(top, key=vi_key)
    for code in ("GIALAI", "DAKLAK", "CAMAU"):
        UserFactory.create(roles=[Role.UNIT_STAFF], unit=sample_units[code])
    units = [row.user.unit.name for row in user_rows() if row.user.unit]
    assert units == sorted(units, key=vi_key)  # Cà Mau, Đắk Lắk, Gia Lai


@pytest.mark.django_db
def test_the_assignee_choices_are_by_given_name(world: World) -> None:
    for name in ("Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Đức"):
        UserFactory.create(roles=[Role.UNIT_STAFF], unit=world.units["TST"], full_name=name)
    task = assigned(world)
    page = client_for(world.head).get(reverse("tasks:act", args=[task.pk, "accept"]))
    html = page.content.decode()
    positions = [html.index(n) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Đức")]
    assert positions == sorted(positions)
