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

Recording (core.access: RECORD_MEETINGS, then `may_record` / `may_edit` here): the Office
records any meeting and its conclusions; the head and staff of a province record their own
province's provincial meeting and its conclusions. Registering the conclusion notice and
turning conclusions into tasks is the Office's alone (ASSIGN_CONCLUSIONS): it keeps the
register and records the leaders' assignments (tasks.cycle).
"""

from dataclasses import replace
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from theodoi.accounts.models import Role, User
from theodoi.organisation.models import LEADING_KINDS, Unit, UnitKind
from theodoi.organisation.selectors import units_active_on
from theodoi.partners.models import Agreement, Level, Meeting, Obligation
from theodoi.partners.selectors import Occurrence, YearPage
from theodoi.tasks.models import TaskCoordination
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
        attended = Q(partner_unit_id__in=units)
    elif roles & UNIT_ROLES:
        attended = Q(unit_id__in=units)
    else:
        return meetings.none()
    # by ids, so that what the caller counts over conclusions is not narrowed by this join
    ids = Meeting.objects.filter(attended | Q(conclusions__lead_unit_id__in=units)).values("pk")
    return meetings.filter(pk__in=ids)


def visible_obligations(user: User, agreement: Agreement) -> QuerySet[Obligation]:
    """The obligations of `agreement` that `user` may see on the year's page."""
    obligations = Obligation.objects.filter(duty__agreement=agreement)
    if sees_all(user):
        return obligations
    if Role.PARTNER in user.roles:
        # a correlated EXISTS on the coordination's task index: one lookup per obligation,
        # whatever the planner thinks of the tables' sizes (an IN over the joined tasks was
        # planned as nested full scans on freshly loaded tables: minutes for the demo)
        coordinated = TaskCoordination.objects.filter(
            task_id=OuterRef("task_id"), unit_id__in=unit_scope(user)
        )
        return obligations.filter(Exists(coordinated), duty__joint=True)
    return obligations.none()


def _seen(user: User, agreement: Agreement) -> set[tuple[int, str, int]]:
    return set(visible_obligations(user, agreement).values_list("duty_id", "period", "unit_id"))


def _narrowed(occurrence: Occurrence, seen: set[tuple[int, str, int]]) -> Occurrence | None:
    """The occurrence with the lines `seen` only, none leading to a task page."""
    lines = [
        replace(line, task_url="")
        for line in occurrence.lines
        if (occurrence.duty.pk, occurrence.period, line.unit.pk) in seen
    ]
    return replace(occurrence, lines=lines) if lines else None


def joint_occurrence(user: User, occurrence: Occurrence) -> Occurrence | None:
    """What a person who opens no task page sees of one occurrence (None: nothing)."""
    return _narrowed(occurrence, _seen(user, occurrence.duty.agreement))


def joint_page(user: User, page: YearPage) -> YearPage:
    """The year's page as a person who opens no task page sees it: the joint duties whose
    tasks their unit coordinates, without links to the tasks."""
    seen = _seen(user, page.agreement)
    occurrences = [_narrowed(o, seen) for o in page.occurrences]
    return replace(
        page,
        occurrences=[o for o in occurrences if o is not None],
        duties=[row for row in page.duties if row.duty.joint],
        on_request=[d for d in page.on_request if d.joint],
    )


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


def our_units(day: date) -> QuerySet[Unit]:
    """Our units that may lead a conclusion's follow-up on `day` (they may lead a task)."""
    return units_active_on(day).filter(kind__in=LEADING_KINDS).order_by("kind", "code")


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
