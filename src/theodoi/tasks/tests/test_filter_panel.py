"""The task list's filter panel, each field drawn once per process for what it shows
(docs/adr/0032-filter-fields-drawn-once.md): the same value, choices and day give the field
drawn before; a renamed unit, a new leader, another value or a bad one is drawn afresh."""

import re

import pytest
from django.forms import BoundField
from django.http import QueryDict
from django.utils.safestring import SafeString

from theodoi.accounts.models import Role, UserRole
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.rendering import DrawnOnce, field_blocks
from theodoi.organisation.models import Unit
from theodoi.tasks import filters
from theodoi.tasks.filters import TaskFilterForm
from theodoi.tasks.links import task_list_url
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def panel_of(world: World, **params: str) -> str:
    body = client_for(world.office).get(task_list_url(), params).content.decode()
    start = body.index('<div class="filter-grid">')
    return body[start : body.index("</details>", start)]


def chosen(panel: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', panel, re.S)
    assert select is not None
    return re.findall(r"<option[^>]*selected[^>]*>([^<]*)</option>", select.group(0))


def query(**params: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update(params)
    return data


def test_each_field_is_drawn_once_for_what_it_shows(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []

    def spied(fields: list[BoundField]) -> SafeString:
        drawn.extend(field.name for field in fields)
        return field_blocks(fields)

    monkeypatch.setattr(filters, "field_blocks", spied)
    monkeypatch.setattr(filters, "FIELDS", DrawnOnce(1024))  # none drawn by another test
    tst, csxh = str(world.units["TST"].pk), str(world.units["CSXH"].pk)
    first = TaskFilterForm(query(don_vi=tst, han_tu="01/03/2026")).panel()
    assert len(drawn) == 11 and "don_vi" in drawn and "q" not in drawn  # the search box apart
    drawn.clear()
    again = TaskFilterForm(query(don_vi=tst, han_tu="01/03/2026", trang="2", q="khác")).panel()
    assert again == first and drawn == []  # neither the page nor the words are in the panel
    window = TaskFilterForm(query(don_vi=tst, han_tu="01/06/2026"))
    assert window.panel() == field_blocks([f for f in window.visible_fields() if f.name != "q"])
    assert drawn == ["han_tu"]  # the unit's select, its sixty options, kept
    drawn.clear()
    other = TaskFilterForm(query(don_vi=csxh, han_tu="01/06/2026")).panel()
    assert drawn == ["don_vi"] and chosen(other, "don_vi") == [world.units["CSXH"].short_name]


def test_a_new_leader_and_a_renamed_unit_are_drawn_afresh(world: World) -> None:
    before = panel_of(world)
    assert "Phó Giám đốc Mới" not in before and ">lanhdao<" in before
    UserRole.objects.create(
        user=UserFactory.create(username="phogiamdoc", full_name="Phó Giám đốc Mới"),
        role=Role.LEADER,
    )
    assert "Phó Giám đốc Mới" in panel_of(world)  # the leaders alone changed
    Unit.objects.filter(pk=world.units["TST"].pk).update(short_name="Ban Thực hiện chính sách")
    assert "Ban Thực hiện chính sách" in panel_of(world)  # the units alone changed


def test_a_form_built_otherwise_is_drawn_each_time(world: World) -> None:
    tst = str(world.units["TST"].pk)
    plain = TaskFilterForm(query(q="so")).panel()  # no value of the panel's fields
    other = TaskFilterForm(query(**{"loc-don_vi": tst}), prefix="loc").panel()
    assert 'name="loc-don_vi"' in other and other is not plain
    assert chosen(other, "loc-don_vi") == [world.units["TST"].short_name]


def test_each_value_is_drawn_as_chosen_and_a_bad_one_with_its_error(world: World) -> None:
    tst, csxh = world.units["TST"], world.units["CSXH"]
    assert chosen(panel_of(world, don_vi=str(tst.pk)), "don_vi") == [tst.short_name]
    assert chosen(panel_of(world, don_vi=str(csxh.pk)), "don_vi") == [csxh.short_name]
    assert chosen(panel_of(world), "don_vi") == ["Tất cả"]
    for _ in range(2):  # drawn, then kept: the error stays
        bad = panel_of(world, han_tu="31/02/2026")
        assert bad.count('role="alert"') == 1 and "Ngày không hợp lệ" in bad
