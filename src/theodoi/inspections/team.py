"""The inspection team (Regulation 1142 Art. 15.2.đ, 16.2; partner agreement 004 Art. 7.4):
set before the decision, fixed by it, then grown only by members the head proposes and a
leader approves (docs/inspections.md, "Quyết định và Đoàn kiểm tra").

- Before the decision the Office names the team: exactly one head, deputies and members. Our
  members are people with an account whose unit is in force on the day (a unit that has ended
  is refused by its name); a joint inspection's partner members belong to its partner unit
  or a unit below it and may be written as name and position without an account.
- Once the decision is issued the team is fixed. While the inspection runs (until its last
  day) its head proposes an extra member with a reason; a leader approves or refuses; an
  approved member serves (`scope.may_manage`). The leaders are told of a proposal, the head
  of the answer (notifications).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role, User, UserRole
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change, snapshot
from theodoi.core.access import Action, can
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.core.text import collapse_spaces
from theodoi.inspections import scope
from theodoi.inspections.models import Inspection, MemberRole, MemberState, TeamMember
from theodoi.notifications.services import Draft, notify
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.selectors import subtree_ids
from theodoi.partners.models import Side

MEMBER_FIELDS = ["side", "user", "full_name", "position", "unit", "role", "state", "reason"]
DECIDED_FIELDS = ["state", "decided_by", "decided_at"]
STALE = "Cuộc kiểm tra vừa được người khác sửa. Hãy xem lại rồi làm tiếp."


@dataclass(frozen=True)
class Person:
    """One member as a form gives them: our person by account; a partner's by account or by
    name, position and unit."""

    role: str
    side: str = Side.OURS
    user: User | None = None
    full_name: str = ""
    position: str = ""
    unit: Unit | None = None


def fixed_message(inspection: Inspection) -> str:
    number = inspection.decision.number if inspection.decision is not None else ""
    return (
        f"Quyết định kiểm tra {number} đã ban hành: thành phần Đoàn, thời hạn và đơn vị được "
        "kiểm tra không sửa được nữa. Bổ sung thành viên: Trưởng đoàn đề xuất, Lãnh đạo phê "
        "duyệt (Điều 16.2)."
    )


def check_not_issued(inspection: Inspection) -> None:
    if inspection.decision_id is not None:
        raise ValidationFailed({"__all__": fixed_message(inspection)}, Code.WRONG_STATE)


def claim(inspection: Inspection, expected_version: int | None) -> Inspection:
    """The inspection locked for this write, at the version the person saw (or refused)."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(STALE)
    return locked


def unit_ended(unit: Unit, day: date) -> str:
    """Why `unit` cannot send a member on `day`, naming it; "" when it can."""
    if unit.is_active_on(day):
        return ""
    if unit.valid_to is not None and unit.valid_to < day:
        return (
            f"«{unit_label(unit)}» đã kết thúc hoạt động từ ngày {format_date(unit.valid_to)}, "
            f"không còn hoạt động ngày {format_date(day)}: không cử được người của đơn vị này "
            "vào Đoàn kiểm tra."
        )
    return (
        f"«{unit_label(unit)}» chưa hoạt động ngày {format_date(day)}: không cử được người "
        "của đơn vị này vào Đoàn kiểm tra."
    )


def _ours(person: Person, day: date) -> dict[str, object]:
    user = person.user
    if user is None:
        raise ValidationFailed({"user": "Cần chọn tài khoản của thành viên."}, Code.REQUIRED)
    if not user.is_active or user.unit is None:
        message = f"Tài khoản «{user.full_name or user.username}» không còn hoạt động hoặc "
        message += "chưa thuộc đơn vị nào."
        raise ValidationFailed({"user": message}, Code.INVALID)
    if user.unit.kind == UnitKind.EXTERNAL:
        message = f"«{user.full_name}» là người của đối tác: hãy chọn bên «đối tác»."
        raise ValidationFailed({"user": message}, Code.INVALID)
    ended = unit_ended(user.unit, day)
    if ended:
        raise ValidationFailed({"user": ended}, Code.INVALID)
    name = user.full_name or user.username
    return {"user": user, "full_name": name, "position": person.position or user.position,
            "unit": user.unit}  # fmt: skip


def _theirs(inspection: Inspection, person: Person) -> dict[str, object]:
    if inspection.partner_unit_id is None:
        message = "Chỉ cuộc kiểm tra phối hợp với đối tác mới có thành viên của đối tác."
        raise ValidationFailed({"side": message}, Code.INVALID)
    unit = person.unit or (person.user.unit if person.user is not None else None)
    if unit is None or unit.pk not in subtree_ids({inspection.partner_unit_id}):
        assert inspection.partner_unit is not None
        message = f"Thành viên của đối tác phải thuộc «{unit_label(inspection.partner_unit)}» "
        message += "hoặc đơn vị trực thuộc."
        raise ValidationFailed({"unit": message}, Code.INVALID)
    name = collapse_spaces(person.full_name)
    if not name and person.user is not None:
        name = person.user.full_name or person.user.username
    if not name:
        raise ValidationFailed({"full_name": "Cần ghi họ và tên thành viên."}, Code.REQUIRED)
    position = collapse_spaces(person.position)
    return {"user": person.user, "full_name": name, "position": position, "unit": unit}


def _fields(inspection: Inspection, person: Person, day: date) -> dict[str, object]:
    if person.role not in MemberRole.values:
        raise ValidationFailed({"role": "Cần chọn nhiệm vụ trong đoàn."}, Code.REQUIRED)
    if person.side not in Side.values:
        raise ValidationFailed({"side": "Cần chọn bên của thành viên."}, Code.REQUIRED)
    values = _ours(person, day) if person.side == Side.OURS else _theirs(inspection, person)
    user = values["user"]
    if (
        isinstance(user, User)
        and inspection.team.filter(user=user).exclude(state=MemberState.REFUSED).exists()
    ):
        message = f"«{values['full_name']}» đã có trong Đoàn kiểm tra (hoặc đang được đề xuất)."
        raise ValidationFailed({"user": message}, Code.DUPLICATE)
    return {"side": person.side, "role": person.role, **values}


def heads(inspection: Inspection) -> list[TeamMember]:
    return list(inspection.team.filter(role=MemberRole.HEAD, state__in=scope.SERVING))


def _next_order(inspection: Inspection) -> int:
    return (inspection.team.aggregate(last=Max("order"))["last"] or 0) + 1


def _created(actor: User | None, member: TeamMember) -> None:
    after = snapshot(member, MEMBER_FIELDS)
    record_change(actor=actor, action=ChangeKind.CREATE, obj=member, before=None, after=after)


@transaction.atomic
def team_add(
    *,
    actor: User | None,
    inspection: Inspection,
    person: Person,
    expected_version: int | None = None,
    day: date | None = None,
) -> TeamMember:
    """Name a member in the draft decision (before it is issued); `day` is when the unit must
    be in force (today by default)."""
    check_not_issued(inspection)
    locked = claim(inspection, expected_version)
    check_not_issued(locked)  # issued by someone else while this request waited for the lock
    values = _fields(locked, person, day or timezone.localdate())
    if person.role == MemberRole.HEAD and heads(locked):
        message = f"Đoàn kiểm tra đã có Trưởng đoàn («{heads(locked)[0].full_name}»): mỗi Đoàn "
        message += "chỉ có một Trưởng đoàn."
        raise ValidationFailed({"role": message}, Code.DUPLICATE)
    member = TeamMember.objects.create(
        inspection=locked, state=MemberState.IN_DECISION, order=_next_order(locked), **values
    )
    _created(actor, member)
    locked.version += 1
    locked.save(update_fields=["version"])
    inspection.version = locked.version
    return member


@transaction.atomic
def team_remove(
    *, actor: User | None, member: TeamMember, expected_version: int | None = None
) -> None:
    """Take a member off the draft decision (before it is issued)."""
    check_not_issued(member.inspection)
    locked = claim(member.inspection, expected_version)
    check_not_issued(locked)  # issued by someone else while this request waited for the lock
    before = snapshot(member, MEMBER_FIELDS)
    record_change(actor=actor, action=ChangeKind.DELETE, obj=member, before=before, after=None)
    member.delete()
    locked.version += 1
    locked.save(update_fields=["version"])


def _leader_ids() -> list[int]:
    grants = UserRole.objects.filter(role=Role.LEADER, user__is_active=True)
    return sorted(set(grants.values_list("user_id", flat=True)))


def _url(inspection: Inspection) -> str:
    return reverse("inspections:detail", args=[inspection.pk])


@transaction.atomic
def member_propose(
    *,
    actor: User,
    inspection: Inspection,
    person: Person,
    reason: str,
    at: datetime | None = None,
) -> TeamMember:
    """The head proposes an extra member while the inspection runs (Art. 16.2); the leaders
    are told."""
    moment = at or timezone.now()
    today = timezone.localdate(moment)
    if inspection.decision_id is None:
        message = "Chưa có quyết định kiểm tra: thành phần Đoàn ghi ở trang quyết định."
        raise ValidationFailed({"__all__": message}, Code.WRONG_STATE)
    if not scope.is_head(actor, inspection):
        message = "Chỉ Trưởng đoàn kiểm tra đề xuất bổ sung thành viên (Điều 16.2)."
        raise ValidationFailed({"__all__": message}, Code.NOT_PERMITTED)
    if today > inspection.end:
        message = f"Cuộc kiểm tra đã kết thúc ngày {format_date(inspection.end)}: không bổ "
        message += "sung thành viên được nữa."
        raise ValidationFailed({"__all__": message}, Code.WRONG_STATE)
    if person.role == MemberRole.HEAD:
        message = "Đoàn kiểm tra đã có Trưởng đoàn: đề xuất Phó trưởng đoàn hoặc thành viên."
        raise ValidationFailed({"role": message}, Code.INVALID)
    reason = reason.strip()
    if not reason:
        message = "Cần ghi lý do đề xuất bổ sung thành viên."
        raise ValidationFailed({"reason": message}, Code.REQUIRED)
    locked = claim(inspection, None)
    values = _fields(locked, person, today)
    member = TeamMember.objects.create(
        inspection=locked,
        state=MemberState.PROPOSED,
        reason=reason,
        proposed_by=actor,
        order=_next_order(locked),
        **values,
    )
    _created(actor, member)
    title = f"Trưởng đoàn đề xuất bổ sung «{member.full_name}» vào Đoàn «{locked.title}»"
    drafts = [
        Draft(user_id=pk, key=f"inspection:{locked.pk}:member:{member.pk}:proposed",
              title=title[:300], body=reason, url=_url(locked))
        for pk in _leader_ids() if pk != actor.pk
    ]  # fmt: skip
    if drafts:
        notify(drafts, moment=moment)
    return member


@transaction.atomic
def member_decide(
    *, actor: User, member: TeamMember, approve: bool, at: datetime | None = None
) -> TeamMember:
    """A leader approves or refuses a proposed member; the head who proposed is told."""
    moment = at or timezone.now()
    if not can(actor, Action.APPROVE_INSPECTIONS):
        message = "Chỉ Lãnh đạo phê duyệt bổ sung thành viên Đoàn kiểm tra (Điều 16.2)."
        raise ValidationFailed({"__all__": message}, Code.NOT_PERMITTED)
    state = MemberState.APPROVED if approve else MemberState.REFUSED
    claimed = TeamMember.objects.filter(pk=member.pk, state=MemberState.PROPOSED).update(
        state=state, decided_by=actor, decided_at=moment
    )
    if not claimed:
        now = TeamMember.objects.select_related("decided_by").get(pk=member.pk)
        who = now.decided_by.full_name if now.decided_by is not None else "người khác"
        message = f"Đề xuất này đã được {who} trả lời ({now.get_state_display().lower()})."
        raise ConflictError(message)
    before = snapshot(member, DECIDED_FIELDS)
    member.refresh_from_db()
    after = snapshot(member, DECIDED_FIELDS)
    record_change(actor=actor, action=ChangeKind.UPDATE, obj=member, before=before, after=after)
    inspection = member.inspection
    verb = "phê duyệt" if approve else "không phê duyệt"
    title = f"Lãnh đạo {verb} bổ sung «{member.full_name}» vào Đoàn «{inspection.title}»"
    if member.proposed_by_id is not None and member.proposed_by_id != actor.pk:
        key = f"inspection:{inspection.pk}:member:{member.pk}:{state}"
        draft = Draft(user_id=member.proposed_by_id, key=key, title=title[:300],
                      url=_url(inspection))  # fmt: skip
        notify([draft], moment=moment)
    return member
