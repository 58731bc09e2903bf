"""Creating an inspection: from an approved plan's item, or ad hoc with its ground; edited until
its decision is issued. Refusals write nothing and say why by their code."""

from datetime import date

import pytest

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.inspections.creation import Details, inspection_create, inspection_edit
from theodoi.inspections.models import Ground, Inspection, Kind
from theodoi.inspections.planning import Item, plan_approve, plan_draft
from theodoi.partners import catalog
from theodoi.partners.models import Side

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(office, leader, sample_units):
    u = sample_units
    items = [Item("Nhiệm vụ Chính phủ giao", (u["CNTT"], u["NGHEAN"]), u["VP"], 3, 4)]
    draft = plan_draft(actor=office, year=2026, title="Kế hoạch kiểm tra năm 2026", items=items)
    return plan_approve(actor=leader, plan=draft, number="25/KH-BHXH", approved_on=date(2026, 1, 5))


def ad_hoc(office, sample_units, **fields):
    values = {
        "actor": office,
        "kind": Kind.AD_HOC,
        "title": "Kiểm tra đột xuất BHXH Nghệ An",
        "units": [sample_units["NGHEAN"]],
        "start": date(2026, 11, 2),
        "end": date(2026, 11, 6),
        "ground": Ground.AUTHORITY,
        "ground_detail": "Công văn số 123/VPCP-KGVX",
        **fields,
    }
    return inspection_create(**values)


def test_a_periodic_inspection_takes_its_item(office, plan, sample_units) -> None:
    item = plan.items.get()
    made = inspection_create(
        actor=office,
        kind=Kind.PERIODIC,
        title="Kiểm tra định kỳ quý I",
        units=[],
        start=date(2026, 3, 9),
        end=date(2026, 3, 13),
        plan_item=item,
    )
    assert made.plan_item == item and made.conducted_by == sample_units["VP"]
    assert {u.code for u in made.units.all()} == {"CNTT", "NGHEAN"}
    assert made.content == "Nhiệm vụ Chính phủ giao" and made.created_by == office
    record = ChangeRecord.objects.get(object_type="inspections.inspection")
    assert record.action == ChangeKind.CREATE and len(record.after["units"]) == 2


def _refused(code: Code, field: str, make, *args, **kwargs) -> str:
    with pytest.raises(ValidationFailed) as caught:
        make(*args, **kwargs)
    assert caught.value.code == code, caught.value.errors
    assert not Inspection.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="inspections.inspection").exists()
    return caught.value.errors[field]


def test_an_end_before_the_start_is_refused(office, sample_units) -> None:
    message = _refused(
        Code.INVALID, "end", ad_hoc, office, sample_units, start=date(2026, 11, 6),
        end=date(2026, 11, 2),
    )  # fmt: skip
    assert message == "Ngày kết thúc 02/11/2026 trước ngày bắt đầu 06/11/2026."


def test_a_unit_that_has_ended_is_refused_naming_its_successor(office, sample_units) -> None:
    message = _refused(
        Code.INVALID, "units", ad_hoc, office, sample_units, units=[sample_units["HAIDUONG"]]
    )
    assert "«BHXH Hải Dương» đã thôi hoạt động từ ngày 30/06/2025" in message
    assert "«BHXH Hải Phòng»" in message


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"ground": ""}, "ground", Code.REQUIRED),
        ({"ground_detail": "  "}, "ground_detail", Code.REQUIRED),
        ({"title": ""}, "title", Code.REQUIRED),
        ({"units": []}, "units", Code.REQUIRED),
        ({"start": None}, "start", Code.REQUIRED),
        ({"start": date(1899, 12, 31)}, "start", Code.INVALID),
        ({"kind": "khac"}, "kind", Code.REQUIRED),
        ({"kind": Kind.REGULAR}, "plan_item", Code.REQUIRED),
        ({"host": "nobody"}, "host", Code.REQUIRED),
    ],
)
def test_refused_input_writes_nothing(office, sample_units, fields, field, code) -> None:
    _refused(code, field, ad_hoc, office, sample_units, **fields)


def test_only_the_office_creates(leader, sample_units) -> None:
    _refused(Code.NOT_PERMITTED, "__all__", ad_hoc, leader, sample_units)


def test_a_planned_inspection_needs_an_approved_plan_and_its_year(office, sample_units) -> None:
    u = sample_units
    draft = plan_draft(
        actor=office, year=2026, title="KH", items=[Item("X", (u["CNTT"],), u["VP"], 3, 4)]
    )
    item = draft.items.get()
    kwargs = {
        "actor": office, "kind": Kind.REGULAR, "title": "Theo KH", "units": [],
        "start": date(2026, 3, 9), "end": date(2026, 3, 13), "plan_item": item,
    }  # fmt: skip
    _refused(Code.WRONG_STATE, "plan_item", inspection_create, **kwargs)
    draft.state = "approved"
    draft.save()
    message = _refused(
        Code.INVALID, "start", inspection_create, **kwargs | {"end": date(2027, 1, 4)}
    )
    assert "trong năm 2026" in message
    _refused(Code.INVALID, "kind", inspection_create, **kwargs | {"kind": Kind.AD_HOC})


def test_an_ad_hoc_inspection_keeps_its_ground(office, sample_units) -> None:
    made = ad_hoc(office, sample_units)
    assert (made.kind, made.ground) == (Kind.AD_HOC, Ground.AUTHORITY)
    assert made.ground_detail == "Công văn số 123/VPCP-KGVX"
    assert made.conducted_by.code == "VP" and made.plan_item is None


def test_a_joint_inspection_names_a_unit_of_the_partner(office, sample_units) -> None:
    catalog.agreement()
    partner = sample_units["TLD"]
    made = ad_hoc(office, sample_units, partner_unit=partner, host=Side.PARTNER)
    assert made.is_joint and made.host == Side.PARTNER
    message = _refused_again(office, sample_units, partner_unit=sample_units["KT"])
    assert "không phải đơn vị của đối tác" in message


def _refused_again(office, sample_units, **fields) -> str:
    before = Inspection.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        ad_hoc(office, sample_units, **fields)
    assert Inspection.objects.count() == before
    return caught.value.errors["partner_unit"]


def _details(inspection: Inspection, **fields) -> Details:
    values = {
        "title": inspection.title,
        "units": list(inspection.units.all()),
        "start": inspection.start,
        "end": inspection.end,
        "ground": inspection.ground,
        "ground_detail": inspection.ground_detail,
        **fields,
    }
    return Details(**values)


def test_an_inspection_is_edited_until_its_decision(office, sample_units, inspection) -> None:
    made = ad_hoc(office, sample_units)
    edited = inspection_edit(
        actor=office,
        inspection=made,
        expected_version=1,
        details=_details(made, units=[sample_units["CNTT"]], end=date(2026, 11, 13)),
    )
    assert edited.version == 2 and edited.end == date(2026, 11, 13)
    assert [u.code for u in edited.units.all()] == ["CNTT"]
    with pytest.raises(ConflictError):
        inspection_edit(actor=office, inspection=made, expected_version=1, details=_details(made))
    record = ChangeRecord.objects.get(
        object_type="inspections.inspection", action=ChangeKind.UPDATE
    )
    assert record.before["end"] == "2026-11-06" and record.after["end"] == "2026-11-13"
    # the fixture's inspection is decided by 15/QĐ-BHXH
    with pytest.raises(ValidationFailed) as caught:
        inspection_edit(
            actor=office, inspection=inspection, expected_version=None,
            details=_details(inspection, title="Khác"),
        )  # fmt: skip
    assert caught.value.code == Code.WRONG_STATE
    assert "15/QĐ-BHXH đã ban hành" in caught.value.errors["__all__"]
    assert Inspection.objects.get(pk=inspection.pk).title != "Khác"
