"""Who sees which meetings and obligations of an agreement, and who may record a meeting:
decided here and nowhere else (docs/partners.md, "Người dùng của đối tác thấy gì").

- The Office, leaders, inspectors, the auditor and administrators see every meeting (as they
  see every task: tasks.scope.SEES_ALL).
- A unit's head and staff see the meetings their unit (or a unit below it) attended for our
  side, or whose conclusions it leads.
- A partner user sees the meetings their unit (or a unit below it) attended for the partner
  or whose conclusions it leads, and the obligations of joint duties whose task their unit
  (or a unit below it) coordinates: a user of the partner's top unit sees every meeting and
  every joint duty; a user of a provincial federation sees only their province's meetings.
  Partner users never see a task page (core.access: VIEW_TASKS leaves them out); the pages of
  this app show them each follow-up's state, deadline, lead and last progress instead.

Recording: the Office records any meeting, adds conclusions, registers the conclusion notice
and turns conclusions into tasks (it keeps the register and records assignments); the head
and staff of a province record their own province's provincial meeting and its conclusions.
"""

from datetime import date

from django.db.models import Q, QuerySet

from theodoi.accounts.models import Role, User
from theodoi.organisation.models import LEADING_KINDS, Unit, UnitKind
from theodoi.partners.models import Agreement, Level, Meeting, Obligation
from theodoi.tasks.scope import SEES_ALL, UNIT_ROLES, unit_scope


def sees_all(user: User) -> bool:
    return bool(user.roles & SEES_ALL)


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """Every meeting `user` may see (a queryset to filter further)."""
    meetings = Meeting.objects.all()
    if sees_all(user):
        return meetings
    roles = user.roles
    units = unit_scope(user)
    if Role.PARTNER in roles:
        return meetings.filter(
            Q(partner_unit_id__in=units) | Q(conclusions__lead_unit_id__in=units)
        ).distinct()
    if roles & UNIT_ROLES:
        return meetings.filter(
            Q(unit_id__in=units) | Q(conclusions__lead_unit_id__in=units)
        ).distinct()
    return meetings.none()


def visible_obligations(user: User, agreement: Agreement) -> QuerySet[Obligation]:
    """The obligations of `agreement` that `user` may see on the year's page."""
    obligations = Obligation.objects.filter(duty__agreement=agreement)
    if sees_all(user):
        return obligations
    if Role.PARTNER in user.roles:
        units = unit_scope(user)
        return obligations.filter(
            duty__joint=True, task__coordinations__unit_id__in=units
        ).distinct()
    return obligations.none()


def may_record(user: User, unit: Unit | None = None, level: str = "") -> bool:
    """May `user` record a meeting (of `unit` at `level`, when they are known)?"""
    if Role.TRACKER in user.roles:
        return True
    if not user.roles & UNIT_ROLES or user.unit is None:
        return False
    if user.unit.kind != UnitKind.PROVINCE:
        return False
    if unit is None:
        return True
    return unit.pk == user.unit_id and level == Level.PROVINCIAL


def may_edit(user: User, meeting: Meeting) -> bool:
    """May `user` add participants' files and conclusions to `meeting`?"""
    unit = meeting.unit
    return may_record(user, unit, meeting.level) if unit is not None else may_record(user)


def may_assign(user: User) -> bool:
    """May `user` register the conclusion notice and turn conclusions into tasks? The Office,
    which keeps the register and records the leaders' assignments (tasks.cycle)."""
    return Role.TRACKER in user.roles


def our_units(day: date) -> QuerySet[Unit]:
    """Our units that may lead a conclusion's follow-up on `day` (they may lead a task)."""
    return (
        Unit.objects.filter(kind__in=LEADING_KINDS)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("kind", "code")
    )


def partner_units(agreement: Agreement) -> list[Unit]:
    """The partner's units: its top unit and the outside units below it, top first."""
    found = [agreement.partner]
    below = {u.pk: u for u in Unit.objects.filter(kind=UnitKind.EXTERNAL)}
    children: dict[int, list[Unit]] = {}
    for unit in below.values():
        if unit.parent_id is not None:
            children.setdefault(unit.parent_id, []).append(unit)
    queue = [agreement.partner.pk]
    while queue:
        for child in sorted(children.get(queue.pop(0), []), key=lambda u: u.code):
            found.append(child)
            queue.append(child.pk)
    return found
