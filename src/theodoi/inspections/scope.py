"""Who sees which inspection and who carries one out: decided here and nowhere else
(docs/inspections.md, "Ai thấy gì, ai làm gì").

- The Office, leaders, inspectors, the auditor and administrators see every inspection (as
  they see every task: tasks.scope.SEES_ALL).
- A unit's head and staff see the inspections of their unit (or a unit below it): those that
  inspect it, and those it conducts (a lead unit checking its coordinating units, Art. 12.2),
  and those where one of them is on the team.
- Partners see none here (core.access: VIEW_INSPECTIONS).

Carrying an inspection out (core.access: WORK_ON_INSPECTIONS, then `may_manage` here): the
Office, and the people of its team who serve now (named in the decision, or proposed and
approved). An inspected unit's people never manage their own inspection: they answer its
records requests and follow-up tasks in the task cycle.
"""

from django.db.models import Q, QuerySet

from theodoi.accounts.models import Role, User
from theodoi.inspections.models import Inspection, MemberRole, MemberState
from theodoi.tasks.scope import SEES_ALL, UNIT_ROLES, unit_scope

SERVING = (MemberState.IN_DECISION, MemberState.APPROVED)


def visible_inspections(user: User) -> QuerySet[Inspection]:
    """Every inspection `user` may see (a queryset to filter further)."""
    inspections = Inspection.objects.all()
    roles = user.roles
    if roles & SEES_ALL:
        return inspections
    on_team = Q(team__user=user, team__state__in=SERVING)
    if not roles & UNIT_ROLES:
        return inspections.filter(pk__in=Inspection.objects.filter(on_team).values("pk"))
    units = unit_scope(user)
    ids = Inspection.objects.filter(
        Q(units__in=units) | Q(conducted_by_id__in=units) | on_team
    ).values("pk")
    return inspections.filter(pk__in=ids)


def is_member(user: User, inspection: Inspection) -> bool:
    return inspection.team.filter(user=user, state__in=SERVING).exists()


def may_manage(user: User, inspection: Inspection) -> bool:
    """The Office, or a serving member of the team."""
    if not user.is_active:
        return False
    if Role.TRACKER in user.roles:
        return True
    return is_member(user, inspection)


def is_head(user: User, inspection: Inspection) -> bool:
    return inspection.team.filter(user=user, role=MemberRole.HEAD, state__in=SERVING).exists()
