"""The team before the decision (Art. 15.2.đ): one head, members whose unit is in force, a
partner's members on a joint inspection only; fixed once the decision is issued."""

from collections.abc import Callable
from datetime import date

import pytest

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.inspections.models import Inspection, MemberRole, MemberState, TeamMember
from theodoi.inspections.team import Person, team_add, team_remove
from theodoi.organisation.models import Unit
from theodoi.partners.models import Side

DAY = date(2026, 10, 20)


def test_a_member_from_an_ended_unit_is_refused_by_its_name(
    planned: Inspection, office: User, person: Callable[..., User]
) -> None:
    someone = person("HAIDUONG", "Vũ Hải Dương")
    with pytest.raises(ValidationFailed) as refused:
        team_add(actor=office, inspection=planned, day=DAY,
                 person=Person(role=MemberRole.MEMBER, user=someone))  # fmt: skip
    assert refused.value.code == Code.INVALID
    message = refused.value.errors["user"]
    assert "«BHXH Hải Dương» đã kết thúc hoạt động từ ngày 30/06/2025" in message
    assert not planned.team.exists()


def test_the_office_names_a_head_and_members_and_history_keeps_it(
    planned: Inspection, office: User, head: User, person: Callable[..., User]
) -> None:
    member = team_add(actor=office, inspection=planned, day=DAY, expected_version=1,
                      person=Person(role=MemberRole.HEAD, user=head))  # fmt: skip
    other = person("NGHEAN", "Hồ Thành Viên")
    deputy = Person(role=MemberRole.MEMBER, user=other, position="Phó Giám đốc")
    team_add(actor=office, inspection=planned, day=DAY, expected_version=2, person=deputy)
    rows = list(planned.team.values_list("full_name", "position", "role", "state"))
    assert rows == [
        ("Lê Trưởng Đoàn", "Trưởng ban", MemberRole.HEAD, MemberState.IN_DECISION),
        ("Hồ Thành Viên", "Phó Giám đốc", MemberRole.MEMBER, MemberState.IN_DECISION),
    ]
    record = ChangeRecord.objects.get(object_type="inspections.teammember", object_id=member.pk)
    assert record.action == ChangeKind.CREATE and record.after["role"] == MemberRole.HEAD
    planned.refresh_from_db()
    assert planned.version == 3


def test_a_second_head_is_refused(
    planned: Inspection, office: User, head: User, person: Callable[..., User]
) -> None:
    team_add(actor=office, inspection=planned, day=DAY,
             person=Person(role=MemberRole.HEAD, user=head))  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        second = Person(role=MemberRole.HEAD, user=person("KT", "Đỗ Hai Trưởng"))
        team_add(actor=office, inspection=planned, day=DAY, person=second)
    assert refused.value.code == Code.DUPLICATE
    assert "Lê Trưởng Đoàn" in refused.value.errors["role"]


def test_a_form_opened_before_another_change_is_stale(
    planned: Inspection, office: User, head: User
) -> None:
    with pytest.raises(ConflictError):
        team_add(actor=office, inspection=planned, day=DAY, expected_version=7,
                 person=Person(role=MemberRole.HEAD, user=head))  # fmt: skip
    assert not planned.team.exists()


def test_partner_members_only_on_a_joint_inspection_and_of_the_partner(
    make_inspection: Callable[..., Inspection], office: User, sample_units: dict[str, Unit]
) -> None:
    plain = make_inspection(decided=False)
    by_name = Person(role=MemberRole.MEMBER, side=Side.PARTNER, full_name="Ngô Công Đoàn",
                     position="Phó Trưởng ban", unit=sample_units["TLD"])  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        team_add(actor=office, inspection=plain, person=by_name, day=DAY)
    assert "phối hợp với đối tác" in refused.value.errors["side"]
    joint = make_inspection(decided=False, partner_unit=sample_units["TLD"])
    outsider = Person(role=MemberRole.MEMBER, side=Side.PARTNER, full_name="Người Ngoài",
                      unit=sample_units["CNTT"])  # fmt: skip
    with pytest.raises(ValidationFailed):
        team_add(actor=office, inspection=joint, person=outsider, day=DAY)
    member = team_add(actor=office, inspection=joint, person=by_name, day=DAY)
    assert (member.user, member.full_name, member.unit) == (None, "Ngô Công Đoàn",
                                                            sample_units["TLD"])  # fmt: skip


def test_after_the_decision_the_team_is_fixed(
    inspection: Inspection, office: User, person: Callable[..., User]
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        late = Person(role=MemberRole.MEMBER, user=person("NGHEAN", "Lý Muộn"))
        team_add(actor=office, inspection=inspection, day=DAY, person=late)
    assert refused.value.code == Code.WRONG_STATE
    assert "15/QĐ-BHXH đã ban hành" in refused.value.errors["__all__"]
    with pytest.raises(ValidationFailed):
        team_remove(actor=office, member=inspection.team.get())
    assert TeamMember.objects.filter(inspection=inspection).count() == 1
