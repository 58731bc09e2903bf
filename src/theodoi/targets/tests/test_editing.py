"""Correcting a target (the Office): the same checks as its creation, a reason, the version the
form showed; what may not change; the change log keeps the values before and after."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.targets.models import Measure, Source, Target
from theodoi.targets.services import actual_enter, target_edit
from theodoi.targets.tests.conftest import fields, make_target

pytestmark = pytest.mark.django_db
REASON = "Sai chính tả trong tên, thời hạn theo kế hoạch mới"


def edits(target: Target) -> int:
    return ChangeRecord.objects.filter(
        object_type="targets.target", action=ChangeKind.UPDATE
    ).count()


def refused(target: Target, reason: str = REASON, version: int = 1, **changed) -> ValidationFailed:
    """The edit refused, the target as it was and nothing in the change log."""
    before = Target.objects.values().get(pk=target.pk)
    with pytest.raises(ValidationFailed) as caught:
        target_edit(
            actor=None, target=target, expected_version=version,
            fields=replace(fields(target.owner), **changed), reason=reason,
        )  # fmt: skip
    assert Target.objects.values().get(pk=target.pk) == before
    assert edits(target) == 0
    return caught.value


def test_the_office_corrects_name_deadline_and_owner(units, forms) -> None:
    target = make_target(units["HANOI"], name="Mức độ hài lòng đạt tôi thiểu 90%")
    changed = fields(
        units["HAIPHONG"], name="Mức độ hài lòng đạt tối thiểu 90%", deadline=date(2027, 6, 30)
    )
    edited = target_edit(
        actor=forms.office, target=target, expected_version=1, fields=changed, reason=REASON
    )
    kept = Target.objects.get(pk=target.pk)
    assert (kept.name, kept.deadline, kept.owner, kept.version) == (
        "Mức độ hài lòng đạt tối thiểu 90%", date(2027, 6, 30), units["HAIPHONG"], 2
    )  # fmt: skip
    assert edited.version == 2
    record = ChangeRecord.objects.get(object_type="targets.target", action=ChangeKind.UPDATE)
    assert record.reason == REASON and record.actor == forms.office
    assert record.before["name"] == "Mức độ hài lòng đạt tôi thiểu 90%"
    assert record.after["name"] == "Mức độ hài lòng đạt tối thiểu 90%"
    assert (record.before["deadline"], record.after["deadline"]) == ("2026-12-31", "2027-06-30")
    assert (record.before["owner"], record.after["owner"]) == ("HANOI", "HAIPHONG")


def test_a_stale_form_is_refused_and_nothing_is_written(units, forms) -> None:
    target = make_target(units["HANOI"])
    target_edit(
        actor=forms.office, target=target, expected_version=1, reason=REASON,
        fields=fields(units["HANOI"], value=Decimal(91)),
    )  # fmt: skip
    with pytest.raises(ConflictError) as caught:
        target_edit(
            actor=forms.office, target=target, expected_version=1, reason="Sửa lần hai",
            fields=fields(units["HANOI"], value=Decimal(95)),
        )  # fmt: skip
    assert caught.value.code == Code.STALE and "vừa được người khác sửa" in str(caught.value)
    kept = Target.objects.get(pk=target.pk)
    assert (kept.value, kept.version) == (Decimal(91), 2)
    assert edits(target) == 1


def test_bad_input_is_named_as_on_creation(units) -> None:
    target = make_target(units["HANOI"])
    error = refused(
        target, baseline_value=Decimal(80), baseline_date=date(2027, 1, 1),
        deadline=date(2026, 12, 31),
    )  # fmt: skip
    assert error.errors["deadline"] == (
        "Thời hạn 31/12/2026 không được trước ngày của mốc 01/01/2027."
    )
    error = refused(target, source=Source.COMPUTED, form_code="tthc", formula="100*[5.2]/[5.0]")
    assert "[5.0]" in error.errors["formula"] and "«tthc»" in error.errors["formula"]
    error = refused(target, reason="  ", name="Tên mới")
    assert error.code == Code.REQUIRED and "lý do sửa" in error.errors["reason"]
    error = refused(target)
    assert error.errors["__all__"] == "Không có gì thay đổi so với chỉ tiêu đang có."


def test_the_code_never_changes(units) -> None:
    target = make_target(units["HANOI"])
    error = refused(target, code="hai-long-moi")
    assert error.code == Code.WRONG_STATE and "«hai-long» không sửa được" in error.errors["code"]


def test_entered_actuals_keep_the_unit_and_the_source(units, forms) -> None:
    target = make_target(units["HANOI"])
    actual_enter(
        actor=forms.hanoi, target=target, period="2025", value=Decimal("86.5"),
        evidence="Khảo sát năm 2025", expected_number=0,
    )  # fmt: skip
    error = refused(target, source=Source.COMPUTED, form_code="tthc", formula="100*[5.2]/[5.1]")
    assert error.code == Code.WRONG_STATE
    assert error.errors["source"].startswith("Chỉ tiêu đã có 1 lần nhập số thực hiện")
    error = refused(target, unit=Measure.DAYS)
    assert "không đổi được đơn vị tính" in error.errors["unit"]
    # the value, the deadline and the owner may still be corrected
    target_edit(
        actor=None, target=target, expected_version=1, reason=REASON,
        fields=fields(units["HAIPHONG"], value=Decimal(92)),
    )  # fmt: skip
    assert Target.objects.get(pk=target.pk).value == Decimal(92)


def test_a_computed_target_becomes_entered(units) -> None:
    from theodoi.targets.tests.conftest import online_target

    target = online_target(units["VP"])
    changed = replace(
        fields(units["VP"]), code=target.code, name=target.name, value=Decimal(80),
        deadline=target.deadline,
    )  # fmt: skip
    target_edit(actor=None, target=target, expected_version=1, fields=changed, reason=REASON)
    kept = Target.objects.get(pk=target.pk)
    assert (kept.source, kept.form_code, kept.formula) == (Source.ENTERED, "", "")


def test_only_the_office_and_administrators_edit(units, forms) -> None:
    target = make_target(units["HANOI"])
    for role in (Role.LEADER, Role.UNIT_HEAD):
        person = UserFactory.create(roles=[role], unit=units["HANOI"])
        with pytest.raises(ValidationFailed) as caught:
            target_edit(
                actor=person, target=target, expected_version=1, reason=REASON,
                fields=fields(units["HANOI"], value=Decimal(95)),
            )  # fmt: skip
        assert caught.value.code == Code.NOT_PERMITTED
    admin = UserFactory.create(roles=[Role.ADMIN], unit=units["VP"])
    target_edit(
        actor=admin, target=target, expected_version=1, reason=REASON,
        fields=fields(units["HANOI"], value=Decimal(95)),
    )  # fmt: skip
    assert Target.objects.get(pk=target.pk).value == Decimal(95)
