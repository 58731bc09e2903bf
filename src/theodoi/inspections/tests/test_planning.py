"""The year's inspection plan: drafted by the Office, edited while a draft, approved by a leader
and registered as a «Kế hoạch»; refusals write nothing and say why by their code."""

from datetime import date

import pytest

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.inspections.models import InspectionPlan, PlanItem, PlanState
from theodoi.inspections.planning import Item, plan_approve, plan_draft, plan_edit
from theodoi.tasks.models import Document, DocumentKind, Origin
from theodoi.tasks.services import task_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(sample_units):
    u = sample_units
    return [
        Item("Việc thực hiện nhiệm vụ Chính phủ giao", (u["CNTT"], u["NGHEAN"]), u["VP"], 3, 4),
        Item("Chế độ báo cáo", (u["HAIPHONG"],), u["VP"], 9, 10),
    ]


@pytest.fixture
def draft(office, items):
    return plan_draft(actor=office, year=2026, title="Kế hoạch kiểm tra năm 2026", items=items)


def test_the_office_drafts_the_year_plan_with_its_items(draft, sample_units, office) -> None:
    assert draft.state == PlanState.DRAFT and draft.drafted_by == office
    rows = list(draft.items.all())
    assert [(r.order, r.month_from, r.month_to) for r in rows] == [(1, 3, 4), (2, 9, 10)]
    assert {u.code for u in rows[0].units.all()} == {"CNTT", "NGHEAN"}
    record = ChangeRecord.objects.get(object_type="inspections.inspectionplan")
    assert record.action == ChangeKind.CREATE
    assert (
        "1. Việc thực hiện nhiệm vụ Chính phủ giao — BHXH Nghệ An, Trung tâm CNTT — tháng 3-4"
        " — Văn phòng" in record.after["items"]
    )


def _refused(code: Code, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        plan_draft(**kwargs)
    assert caught.value.code == code
    assert not InspectionPlan.objects.exists() and not PlanItem.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="inspections.inspectionplan").exists()
    return caught.value


def test_a_unit_that_has_ended_is_refused_naming_its_successor(office, sample_units) -> None:
    item = Item("Kiểm tra", (sample_units["HAIDUONG"],), sample_units["VP"], 9, 10)
    error = _refused(Code.INVALID, actor=office, year=2025, title="KH 2025", items=[item])
    assert "Mục 1" in error.errors["items"]
    assert "Hải Dương" in error.errors["items"] and "Hải Phòng" in error.errors["items"]
    # in force in the first half of 2025: it may be planned then
    early = Item("Kiểm tra", (sample_units["HAIDUONG"],), sample_units["VP"], 5, 6)
    assert plan_draft(actor=office, year=2025, title="KH 2025", items=[early]).items.count() == 1


@pytest.mark.parametrize(
    ("months", "code"), [((5, 3), Code.INVALID), ((0, 3), Code.INVALID), ((None, 3), Code.REQUIRED)]
)
def test_months_out_of_order_or_range_are_refused(office, sample_units, months, code) -> None:
    item = Item("Kiểm tra", (sample_units["CNTT"],), sample_units["VP"], *months)
    _refused(code, actor=office, year=2026, title="KH", items=[item])


def test_an_item_without_units_or_content_is_refused(office, sample_units) -> None:
    vp = sample_units["VP"]
    _refused(
        Code.REQUIRED, actor=office, year=2026, title="KH", items=[Item("Nội dung", (), vp, 1, 2)]
    )
    _refused(
        Code.REQUIRED,
        actor=office,
        year=2026,
        title="KH",
        items=[Item("  ", (sample_units["CNTT"],), vp, 1, 2)],
    )


def test_a_lead_unit_conducts_only_over_its_coordinating_units(office, sample_units) -> None:
    """Art. 12.2: TST leads a task CSXH coordinates; it may check CSXH, not CNTT."""
    u = sample_units
    document = Document.objects.create(
        kind=DocumentKind.DECISION, number="1/QĐ-TTg", issued_on=date(2026, 1, 5),
        issuer="Thủ tướng Chính phủ", summary="Giao nhiệm vụ", registered_by=office,
    )  # fmt: skip
    task_create(
        actor=office, document=document, content="Thu", lead_units=[u["TST"]],
        coordinating=[u["CSXH"]],
    )  # fmt: skip
    ok = Item("Kiểm tra phối hợp", (u["CSXH"], u["TST"]), u["TST"], 5, 5)
    plan = plan_draft(actor=office, year=2026, title="KH", items=[ok])
    assert plan.items.get().conducted_by == u["TST"]
    wrong = Item("Kiểm tra", (u["CNTT"],), u["TST"], 5, 5)
    with pytest.raises(ValidationFailed) as caught:
        plan_edit(actor=office, plan=plan, expected_version=plan.version, title="KH", items=[wrong])
    assert caught.value.code == Code.INVALID and "Điều 12.2" in caught.value.errors["items"]
    assert plan.items.get().content == "Kiểm tra phối hợp"


def test_one_plan_a_year(draft, office) -> None:
    with pytest.raises(ValidationFailed) as caught:
        plan_draft(actor=office, year=2026, title="Kế hoạch khác")
    assert caught.value.code == Code.DUPLICATE
    assert InspectionPlan.objects.count() == 1


def test_only_the_office_drafts(leader, items) -> None:
    _refused(Code.NOT_PERMITTED, actor=leader, year=2026, title="KH", items=items)


def test_the_draft_is_edited_and_a_stale_form_refused(draft, office, sample_units) -> None:
    item = Item("Chỉ một cuộc", (sample_units["KT"],), sample_units["VP"], 6, 6)
    edited = plan_edit(
        actor=office, plan=draft, expected_version=1, title="Kế hoạch (sửa)", items=[item]
    )
    assert edited.version == 2 and edited.title == "Kế hoạch (sửa)"
    assert [i.content for i in edited.items.all()] == ["Chỉ một cuộc"]
    with pytest.raises(ConflictError):
        plan_edit(actor=office, plan=draft, expected_version=1, title="Cũ", items=[])
    assert InspectionPlan.objects.get().title == "Kế hoạch (sửa)"
    assert ChangeRecord.objects.filter(action=ChangeKind.UPDATE).count() == 1


def test_a_leader_approves_and_the_plan_is_registered(draft, leader) -> None:
    plan = plan_approve(
        actor=leader, plan=draft, number="25/KH-BHXH", approved_on=date(2026, 1, 15)
    )
    assert plan.state == PlanState.APPROVED and plan.approved_by == leader
    assert plan.approved_on == date(2026, 1, 15)
    document = Document.objects.get(number="25/KH-BHXH")
    assert plan.document == document
    assert (document.kind, document.origin) == (DocumentKind.PLAN, Origin.INTERNAL)
    assert document.summary == "Kế hoạch kiểm tra năm 2026"
    record = ChangeRecord.objects.filter(object_type="inspections.inspectionplan").first()
    assert record is not None and record.after["state"] == PlanState.APPROVED


def test_an_approved_plan_is_not_edited_any_more(draft, leader, office, items) -> None:
    plan_approve(actor=leader, plan=draft, number="25/KH-BHXH", approved_on=date(2026, 1, 15))
    with pytest.raises(ValidationFailed) as caught:
        plan_edit(actor=office, plan=draft, expected_version=None, title="Khác", items=items)
    assert caught.value.code == Code.WRONG_STATE
    assert "đã được phê duyệt ngày 15/01/2026" in caught.value.errors["__all__"]
    with pytest.raises(ValidationFailed) as again:
        plan_approve(actor=leader, plan=draft, number="26/KH-BHXH", approved_on=date(2026, 1, 16))
    assert again.value.code == Code.WRONG_STATE
    assert InspectionPlan.objects.get().title == "Kế hoạch kiểm tra năm 2026"


@pytest.mark.parametrize(
    ("who", "number", "day", "code"),
    [
        ("office", "25/KH-BHXH", date(2026, 1, 15), Code.NOT_PERMITTED),
        ("leader", " ", date(2026, 1, 15), Code.REQUIRED),
        ("leader", "25/KH-BHXH", None, Code.REQUIRED),
        ("leader", "25/KH-BHXH", date(2099, 1, 1), Code.INVALID),
    ],
)
def test_refused_approvals_write_nothing(draft, request, who, number, day, code) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(ValidationFailed) as caught:
        plan_approve(actor=actor, plan=draft, number=number, approved_on=day)
    assert caught.value.code == code
    assert InspectionPlan.objects.get().state == PlanState.DRAFT
    assert not Document.objects.exists()


def test_an_empty_plan_is_not_approved(office, leader) -> None:
    plan = plan_draft(actor=office, year=2027, title="Kế hoạch 2027")
    with pytest.raises(ValidationFailed) as caught:
        plan_approve(actor=leader, plan=plan, number="1/KH-BHXH", approved_on=date(2026, 1, 2))
    assert caught.value.code == Code.REQUIRED and not Document.objects.exists()


def test_a_number_already_registered_is_refused(draft, leader, office, items) -> None:
    plan_approve(actor=leader, plan=draft, number="25/KH-BHXH", approved_on=date(2026, 1, 15))
    other = plan_draft(actor=office, year=2027, title="KH 2027", items=items)
    with pytest.raises(ValidationFailed) as caught:
        plan_approve(actor=leader, plan=other, number="25/KH-BHXH", approved_on=date(2026, 1, 15))
    assert caught.value.code == Code.DUPLICATE and "number" in caught.value.errors
    assert InspectionPlan.objects.get(year=2027).state == PlanState.DRAFT
