"""Who may see, write and review a unit's report: decided here and nowhere else.

- The reporting unit's head and staff (units below it included, as for tasks) write, attach
  files to and submit their own unit's request.
- The collecting unit's people review (accept or return): for the Office (Văn phòng, code
  `OFFICE_CODE`) the people with the tracker role; for another collecting unit (Ban Pháp chế)
  its head and staff.
- Leaders, inspectors, the auditor, administrators and the Office's trackers read every
  report. Anyone else gets "not found" (views: 404), as if the report did not exist.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from theodoi.accounts.models import Role, User
from theodoi.reports.models import ReportRequest, ReportRound
from theodoi.tasks.scope import UNIT_ROLES, unit_scope

OFFICE_CODE = "VP"
READS_ALL = frozenset({Role.LEADER, Role.INSPECTOR, Role.AUDITOR, Role.ADMIN, Role.TRACKER})


def reads_all(user: User) -> bool:
    return bool(user.roles & READS_ALL)


def reviews(user: User, report_round: ReportRound) -> bool:
    """`user` is one of the people of the round's collecting unit."""
    if report_round.collector.code == OFFICE_CODE:
        return Role.TRACKER in user.roles
    return bool(user.roles & UNIT_ROLES) and report_round.collector_id in unit_scope(user)


def reads_round(user: User, report_round: ReportRound) -> bool:
    """`user` sees the whole round (its table, a form's national roll-up): who reads every
    report or reviews the round's."""
    return reads_all(user) or reviews(user, report_round)


def writes(user: User, request: ReportRequest) -> bool:
    """`user` is the head or staff of the reporting unit (or of a unit above it)."""
    return bool(user.roles & UNIT_ROLES) and request.unit_id in unit_scope(user)


def reads(user: User, request: ReportRequest) -> bool:
    return reads_all(user) or writes(user, request) or reviews(user, request.round)


def visible_requests(user: User) -> QuerySet[ReportRequest]:
    """Every request `user` may read (a queryset to filter further)."""
    requests = ReportRequest.objects.all()
    if reads_all(user):
        return requests
    if not user.roles & UNIT_ROLES:
        return requests.none()
    scope = unit_scope(user)
    # A collecting unit other than the Office: its people read what it collects.
    collected = Q(round__collector_id__in=scope) & ~Q(round__collector__code=OFFICE_CODE)
    return requests.filter(Q(unit_id__in=scope) | collected)


def reviewed_rounds(user: User) -> QuerySet[ReportRound]:
    """The rounds whose reports `user` reviews, or reads as one who reads every report."""
    rounds = ReportRound.objects.all()
    if reads_all(user):
        return rounds
    if not user.roles & UNIT_ROLES:
        return rounds.none()
    return rounds.filter(collector_id__in=unit_scope(user)).exclude(collector__code=OFFICE_CODE)


def request_for(user: User, pk: int) -> ReportRequest:
    """The request `pk` with its round and units, or 404 if `user` may not read it."""
    found = ReportRequest.objects.select_related("round__collector", "unit").filter(pk=pk).first()
    if found is None or not reads(user, found):
        raise Http404("Không tìm thấy báo cáo.")
    return found


def round_for(user: User, pk: int) -> ReportRound:
    found = ReportRound.objects.select_related("collector").filter(pk=pk).first()
    if found is None or not reads_round(user, found):
        raise Http404("Không tìm thấy đợt báo cáo.")
    return found


def round_for_reader(user: User, pk: int) -> ReportRound:
    """The round `pk` for anyone who reads one of its requests (a recipient reads the template
    of an ad-hoc request)."""
    found = ReportRound.objects.select_related("collector").filter(pk=pk).first()
    if found is None:
        raise Http404("Không tìm thấy đợt báo cáo.")
    if reads_round(user, found):
        return found
    if not visible_requests(user).filter(round=found).exists():
        raise Http404("Không tìm thấy đợt báo cáo.")
    return found
