"""Extra members (Art. 16.2): the head proposes while the inspection runs, the leaders are
told; a leader approves or refuses, the head is told; an approved member serves."""

from collections.abc import Callable
from datetime import datetime

import pytest

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.inspections import scope
from theodoi.inspections.models import Inspection, MemberRole, MemberState, TeamMember
from theodoi.inspections.team import Person, member_decide, member_propose
from theodoi.inspections.tests.decision.conftest import DURING, HANOI
from theodoi.notifications.models import Notification


def test_the_head_proposes_and_the_leaders_are_told(
    leader: User, office: User, proposal: TeamMember
) -> None:
    assert proposal.state == MemberState.PROPOSED
    told = Notification.objects.get(user=leader)
    assert "Phạm Bổ Sung" in told.title and told.body == "Cần người nắm nghiệp vụ thu"
    assert told.url == f"/kiem-tra/{proposal.inspection_id}/"
    assert not Notification.objects.filter(user=office).exists()
    assert proposal.user is not None
    assert not scope.may_manage(proposal.user, proposal.inspection)


def test_only_the_head_proposes(
    inspection: Inspection, leader: User, person: Callable[..., User]
) -> None:
    member = person("KT", "Đinh Thành Viên")
    assert member.unit is not None
    TeamMember.objects.create(inspection=inspection, user=member, full_name=member.full_name,
                              unit=member.unit, role=MemberRole.MEMBER)  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        member_propose(actor=member, inspection=inspection, reason="Cần thêm người",
                       person=Person(role=MemberRole.MEMBER, user=person("TST", "Ai Đó")),
                       at=DURING)  # fmt: skip
    assert refused.value.code == Code.NOT_PERMITTED
    assert not Notification.objects.exists()


def test_no_proposal_after_the_inspection_ended(
    inspection: Inspection, head: User, person: Callable[..., User]
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        member_propose(actor=head, inspection=inspection, reason="Muộn",
                       person=Person(role=MemberRole.MEMBER, user=person("TST", "Ai Đó")),
                       at=datetime(2026, 11, 7, 9, tzinfo=HANOI))  # fmt: skip
    assert refused.value.code == Code.WRONG_STATE
    assert "đã kết thúc ngày 06/11/2026" in refused.value.errors["__all__"]


def test_a_proposal_without_a_reason_is_refused(
    inspection: Inspection, head: User, person: Callable[..., User]
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        member_propose(actor=head, inspection=inspection, reason="  ",
                       person=Person(role=MemberRole.MEMBER, user=person("TST", "Ai Đó")),
                       at=DURING)  # fmt: skip
    assert refused.value.code == Code.REQUIRED
    assert inspection.team.count() == 1


def test_an_approved_member_serves_and_the_head_is_told(
    proposal: TeamMember, leader: User, head: User
) -> None:
    member_decide(actor=leader, member=proposal, approve=True, at=DURING)
    proposal.refresh_from_db()
    assert proposal.state == MemberState.APPROVED
    assert (proposal.decided_by, proposal.decided_at) == (leader, DURING)
    assert proposal.user is not None
    assert scope.may_manage(proposal.user, proposal.inspection)
    told = Notification.objects.get(user=head)
    assert told.title.startswith("Lãnh đạo phê duyệt bổ sung «Phạm Bổ Sung»")
    record = ChangeRecord.objects.get(
        object_type="inspections.teammember", object_id=proposal.pk, action=ChangeKind.UPDATE
    )
    assert (record.before["state"], record.after["state"]) == ("proposed", "approved")


def test_a_refused_member_does_not_serve(proposal: TeamMember, leader: User, head: User) -> None:
    member_decide(actor=leader, member=proposal, approve=False, at=DURING)
    assert proposal.user is not None
    assert not scope.may_manage(proposal.user, proposal.inspection)
    assert "không phê duyệt" in Notification.objects.get(user=head).title


def test_a_second_answer_is_stale_and_only_a_leader_answers(
    proposal: TeamMember, leader: User, office: User
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        member_decide(actor=office, member=proposal, approve=True)
    assert refused.value.code == Code.NOT_PERMITTED
    member_decide(actor=leader, member=proposal, approve=False)
    with pytest.raises(ConflictError) as stale:
        member_decide(actor=leader, member=proposal, approve=True)
    assert "Nguyễn Lãnh Đạo" in str(stale.value)
    proposal.refresh_from_db()
    assert proposal.state == MemberState.REFUSED
