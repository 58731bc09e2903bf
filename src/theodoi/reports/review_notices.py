"""Telling the other side of a unit's report: the collecting unit when a version is sent, the
reporting unit when it is accepted or returned, the late units when the Office reminds them.

Through `notifications.notify`, inside the caller's transaction (a refused step tells nobody);
the person who acted is never told of their own step."""

from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse

from theodoi.accounts.models import Role, User, UserRole
from theodoi.notifications.models import Notification
from theodoi.notifications.services import Draft, notify
from theodoi.organisation.labels import unit_label
from theodoi.organisation.selectors import subtree_ids
from theodoi.reports.models import ReportRequest, ReportReview, ReportRound, ReportSubmission
from theodoi.reports.scope import OFFICE_CODE

UNIT_PEOPLE = (Role.UNIT_HEAD, Role.UNIT_STAFF)


def request_url(request: ReportRequest) -> str:
    return reverse("reports:request", args=[request.pk])


def reviewer_ids(report_round: ReportRound) -> set[int]:
    """The people who review the round's reports (the Office's trackers, or the collecting
    unit's head and staff)."""
    if report_round.collector.code == OFFICE_CODE:
        grants = UserRole.objects.filter(role=Role.TRACKER)
    else:
        units = subtree_ids({report_round.collector_id})
        grants = UserRole.objects.filter(role__in=UNIT_PEOPLE, user__unit_id__in=units)
    return set(grants.filter(user__is_active=True).values_list("user_id", flat=True))


def reporter_ids(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """Unit id → the active heads and staff of that unit."""
    people: dict[int, set[int]] = {pk: set() for pk in unit_ids}
    grants = UserRole.objects.filter(
        role__in=UNIT_PEOPLE, user__unit_id__in=list(people), user__is_active=True
    )
    for user_id, unit_id in grants.values_list("user_id", "user__unit_id"):
        people[unit_id].add(user_id)
    return people


def tell_reviewers(request: ReportRequest, submission: ReportSubmission, actor: User) -> int:
    title = (
        f"{unit_label(request.unit)} nộp báo cáo «{request.round.title}» (lần {submission.number})"
    )
    drafts = [
        Draft(
            user_id=pk,
            key=f"report:{request.pk}:submit:{submission.number}",
            title=title,
            url=request_url(request),
        )
        for pk in sorted(reviewer_ids(request.round) - {actor.pk})
    ]
    return notify(drafts) if drafts else 0


def tell_reporters(request: ReportRequest, review: ReportReview, actor: User) -> int:
    number = review.submission.number
    verb = "tiếp nhận" if review.decision == "accept" else "trả lại để hoàn thiện"
    collector = unit_label(request.round.collector)
    title = f"{collector} {verb} báo cáo «{request.round.title}» (lần {number})"
    people = reporter_ids({request.unit_id})[request.unit_id]
    if review.submission.submitted_by_id is not None:
        people.add(review.submission.submitted_by_id)
    drafts = [
        Draft(
            user_id=pk,
            key=f"report:{request.pk}:{review.decision}:{number}",
            title=title,
            body=review.comment,
            url=request_url(request),
        )
        for pk in sorted(people - {actor.pk})
    ]
    return notify(drafts) if drafts else 0


def remind_late(requests: list[ReportRequest], actor: User, day_key: str) -> int:
    """Remind the heads and staff of each late unit once a day (a second click the same day
    tells nobody twice)."""
    people = reporter_ids({r.unit_id for r in requests})
    drafts = []
    for request in requests:
        due = request.round.due_date
        title = (
            f"Văn phòng nhắc: {unit_label(request.unit)} chưa nộp báo cáo "
            f"«{request.round.title}» (hạn {due:%d/%m/%Y})"
        )
        key = f"report:{request.pk}:remind:{day_key}"
        drafts += [
            Draft(user_id=pk, key=key, title=title, url=request_url(request))
            for pk in sorted(people[request.unit_id] - {actor.pk})
        ]
    sent = set(
        Notification.objects.filter(key__in={d.key for d in drafts}).values_list("user_id", "key")
    )
    drafts = [d for d in drafts if (d.user_id, d.key) not in sent]
    return notify(drafts) if drafts else 0


def tell_reopened(request: ReportRequest, reason: str, actor: User, moment: datetime) -> int:
    """The reporting unit's people: an accepted report was opened again for correction."""
    collector = unit_label(request.round.collector)
    title = f"{collector} mở lại báo cáo «{request.round.title}» để đơn vị sửa, nộp lại"
    people = reporter_ids({request.unit_id})[request.unit_id]
    key = f"report:{request.pk}:reopen:{moment:%Y%m%d%H%M%S}"
    drafts = [
        Draft(user_id=pk, key=key, title=title, body=reason, url=request_url(request))
        for pk in sorted(people - {actor.pk})
    ]
    return notify(drafts) if drafts else 0
