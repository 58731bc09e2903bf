"""Targets and entered actuals through the services: bad input named in Vietnamese and nothing
written, a correction keeps the earlier entry, a stale form is refused, who may enter."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.audit.models import ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.targets.actuals import standing
from theodoi.targets.amounts import parse_amount
from theodoi.targets.models import Direction, Measure, Source, Target, TargetActual
from theodoi.targets.services import actual_enter, target_create
from theodoi.targets.tests.conftest import fields, make_target

pytestmark = pytest.mark.django_db
AT = datetime(2026, 7, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def refused(**changed) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        target_create(actor=None, fields=fields(changed.pop("owner"), **changed))
    assert not Target.objects.exists()
    return caught.value


def test_a_deadline_before_its_baseline_is_refused(units) -> None:
    error = refused(
        owner=units["VP"], baseline_value=Decimal(10), baseline_date=date(2025, 1, 1),
        deadline=date(2024, 12, 31),
    )  # fmt: skip
    assert error.errors["deadline"] == (
        "Thời hạn 31/12/2024 không được trước ngày của mốc 01/01/2025."
    )


def test_a_formula_naming_an_unknown_code_is_refused(units) -> None:
    error = refused(
        owner=units["VP"], source=Source.COMPUTED, form_code="tthc", formula="100*[5.2]/[5.0]"
    )
    assert "[5.0]" in error.errors["formula"] and "«tthc»" in error.errors["formula"]


def test_a_reduction_needs_its_baseline(units) -> None:
    error = refused(owner=units["VP"], direction=Direction.REDUCE_BY, value=Decimal(30))
    assert "giá trị mốc" in error.errors["baseline_value"]
    target = make_target(
        units["VP"], direction=Direction.REDUCE_BY, value=Decimal(30), unit=Measure.DAYS,
        baseline_value=Decimal(10), baseline_date=date(2024, 12, 31),
    )  # fmt: skip
    assert target.goal == Decimal("7.0")


def test_a_code_is_unique_and_a_slug(units) -> None:
    make_target(units["VP"])
    with pytest.raises(ValidationFailed) as twice:
        target_create(actor=None, fields=fields(units["VP"]))
    assert twice.value.code == Code.DUPLICATE
    with pytest.raises(ValidationFailed) as caught:
        target_create(actor=None, fields=fields(units["VP"], code="Hồ sơ"))
    assert "«Hồ sơ»" in caught.value.errors["code"]


def test_80_5_percent_in_a_count_is_refused_clearly() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_amount("80,5%", Measure.COUNT, field="value", label="Giá trị thực hiện")
    assert caught.value.errors["value"] == (
        "Giá trị thực hiện: «80,5%» không phải số nguyên. Chỉ tiêu tính bằng số lượng chỉ nhận "
        "số nguyên, không có dấu % hay phần thập phân (ví dụ 1.250)."
    )
    assert parse_amount("1.250", Measure.COUNT, field="v", label="V") == Decimal(1250)
    assert parse_amount("80,5%", Measure.PERCENT, field="v", label="V") == Decimal("80.5")
    assert parse_amount("7,5", Measure.DAYS, field="v", label="V") == Decimal("7.5")
    for typed, hint in (("80.5", "dấu phẩy"), ("80,55", "một chữ số thập phân")):
        with pytest.raises(ValidationFailed) as bad:
            parse_amount(typed, Measure.PERCENT, field="v", label="V")
        assert hint in bad.value.errors["v"]


def test_a_count_given_with_a_decimal_is_refused_by_the_service(units, forms) -> None:
    target = make_target(units["VP"], unit=Measure.COUNT, value=Decimal(100))
    with pytest.raises(ValidationFailed) as caught:
        actual_enter(
            actor=forms.office, target=target, period="2026-Q2", value=Decimal("80.5"),
            evidence="Báo cáo quý II", expected_number=0, at=AT,
        )  # fmt: skip
    assert "không phải số nguyên" in caught.value.errors["value"]
    assert not TargetActual.objects.exists()


def enter(actor, target, value: str, expected: int, reason: str = "", period: str = "2026-Q2"):
    return actual_enter(
        actor=actor, target=target, period=period, value=Decimal(value),
        evidence="Kết quả khảo sát quý II/2026", expected_number=expected, reason=reason, at=AT,
        files=[SimpleUploadedFile("khao-sat.pdf", b"%PDF-1.4 khao sat")],
    )  # fmt: skip


def test_a_correction_keeps_the_earlier_entry_and_its_reason(units, forms) -> None:
    target = make_target(units["HANOI"])
    first = enter(forms.hanoi, target, "86.5", 0)
    assert first.files.get().name == "khao-sat.pdf"
    with pytest.raises(ValidationFailed) as no_reason:
        enter(forms.hanoi, target, "87.5", 1)
    assert no_reason.value.code == Code.REQUIRED and "lý do sửa" in no_reason.value.errors["reason"]
    second = enter(forms.hanoi, target, "87.5", 1, reason="Cộng thiếu phiếu của cấp xã")
    line = standing(target, date(2026, 7, 10)).line("2026-Q2")
    assert line is not None and line.value == Decimal("87.5") and line.entry == second
    assert line.history == [first]
    with pytest.raises(ConflictError):  # a form opened before the correction
        enter(forms.office, target, "88.0", 1, reason="Sửa")
    records = ChangeRecord.objects.filter(object_type="targets.targetactual").order_by("id")
    assert [r.action for r in records] == ["create", "update"]
    assert records[1].before == {"value": "86,5", "evidence": "Kết quả khảo sát quý II/2026"}
    assert records[1].reason == "Cộng thiếu phiếu của cấp xã"


def test_who_may_enter(units, forms) -> None:
    target = make_target(units["HANOI"])
    other = UserFactory.create(roles=[Role.UNIT_STAFF], unit=units["HAIPHONG"])
    leader = UserFactory.create(roles=[Role.LEADER], unit=units["VP"])
    for person in (other, leader):
        with pytest.raises(ValidationFailed) as caught:
            enter(person, target, "80", 0)
        assert caught.value.code == Code.NOT_PERMITTED
    staff = UserFactory.create(roles=[Role.UNIT_STAFF], unit=units["HANOI"])
    assert enter(staff, target, "80", 0).number == 1
    assert enter(forms.office, target, "81", 1, reason="Số chính thức").number == 2


def test_a_period_not_begun_or_of_another_kind_is_refused(units, forms) -> None:
    target = make_target(units["HANOI"])
    for period, words in (("2026-Q4", "chưa bắt đầu"), ("2026-07", "theo quý")):
        with pytest.raises(ValidationFailed) as caught:
            enter(forms.hanoi, target, "80", 0, period=period)
        assert words in caught.value.errors["period"]


def test_a_computed_target_takes_no_entry(units, forms) -> None:
    from theodoi.targets.tests.conftest import online_target

    with pytest.raises(ValidationFailed) as caught:
        enter(forms.office, online_target(units["VP"]), "80", 0)
    assert caught.value.code == Code.WRONG_STATE
