"""Unit fields speak names: the assign form is prefilled with the names of the units (never
their codes) and reads them back as the same units, a group is typed by its name, the
import's row editor does the same, and the picker is offered the units in force on a date by
every name they have or had (organisation/suggestions.py)."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from theodoi.conftest import with_token
from theodoi.imports.examples import excel
from theodoi.imports.models import PlanImport
from theodoi.imports.services import plan_upload
from theodoi.organisation.groups import Group
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import COORDINATING_KINDS
from theodoi.organisation.selectors import units_active_on
from theodoi.tasks import services
from theodoi.tasks.models import State
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.tasks.unitlist import read_units

pytestmark = pytest.mark.django_db


def _value(page: str, name: str) -> str:
    """The value a text field of the page is prefilled with (and that it carries the picker)."""
    found = re.search(rf'<input type="text" name="{name}" value="([^"]*)"[^>]*>', page)
    assert found is not None, f"no field {name}"
    assert "data-unit-picker=" in found.group(0)
    return found.group(1).replace("&amp;", "&")


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


def test_the_assign_form_shows_names_that_assign_the_same_units(world: World) -> None:
    units = world.units
    task = services.task_create(
        actor=world.office,
        document=world.document(),
        content="Rà soát quy trình cấp sổ",
        lead_units=[units["TST"]],
        coordinating=[units["CNTT"], units["CSXH"]],
    )
    leader = client_for(world.leader)
    url = reverse("tasks:act", args=[task.pk, "assign"])
    page = leader.get(url).content.decode()
    leads, coordinating = _value(page, "leads"), _value(page, "coordinating")
    assert leads == "Thu - Sổ, thẻ"
    assert set(coordinating.split(", ")) == {"Trung tâm CNTT", unit_label(units["CSXH"])}
    data = {"version": task.version, "leads": leads, "coordinating": coordinating}
    response = leader.post(url, with_token(leader, {**data, "deadline": "30/06/2099"}))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == State.ASSIGNED and task.lead_unit == units["TST"]
    assert set(task.coordinations.values_list("unit__code", flat=True)) == {"CNTT", "CSXH"}


def test_a_draft_for_every_province_is_prefilled_with_the_group_name(world: World) -> None:
    task = services.task_create(
        actor=world.office,
        document=world.document(),
        content="Báo cáo của các tỉnh",
        lead_text="@PROVINCES",
    )
    leader = client_for(world.leader)
    url = reverse("tasks:act", args=[task.pk, "assign"])
    leads = _value(leader.get(url).content.decode(), "leads")
    assert leads == "BHXH các tỉnh, thành phố"
    data = {"version": task.version, "leads": leads, "deadline": "30/06/2099"}
    assert leader.post(url, with_token(leader, data)).status_code == 302
    task.refresh_from_db()
    assert task.state == State.FANNED_OUT and task.children.count() == 34


def test_the_row_editor_shows_names_that_read_back_the_same(world: World) -> None:
    rows = [["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]]
    rows.append(["1", "Báo cáo", "BHXH các tỉnh, thành phố", "Ban Thu - Sổ, Thẻ", "Quý IV/2026"])
    plan = plan_upload(
        actor=world.office,
        file=SimpleUploadedFile("kh.xlsx", excel(rows)),
        number="9/KH",
        plan_date=date(2026, 1, 1),
        signer_name="Nguyễn Văn Ký",
    )
    before = plan.rows[0]
    office = client_for(world.office)
    url = reverse("imports:row", args=[plan.pk, before["number"]])
    page = office.get(url + "?sua=1").content.decode()
    lead, coordinating = _value(page, "lead"), _value(page, "coordinating")
    assert (lead, coordinating) == ("BHXH các tỉnh, thành phố", "Thu - Sổ, thẻ")
    assert "ngay=" in page  # the picker offers the units of the plan's date
    data = {"version": plan.version, "lead": lead, "coordinating": coordinating}
    data |= {"content": before["content"], "product": before["product"]}
    office.post(url, {**data, "schedule": before["schedule"], "deadline": "31/12/2026"})
    after = PlanImport.objects.get(pk=plan.pk).rows[0]
    assert after["corrected"]
    for side in ("lead", "coordinating"):
        assert [u["token"] for u in after[side]] == [u["token"] for u in before[side]]
        assert all(not u["token"].startswith("?") for u in after[side])


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
