"""Ad-hoc requests of the Office (Regulation 1142 Art. 8.2): a request for a report sent to
units or groups with a due date, each recipient answering through the same report services
(one required section "Nội dung trả lời"), and the Office's view of who answered and who is
late, with a reminder to the late units."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change
from theodoi.core.access import Action, can
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.models import Unit
from theodoi.reports.models import ReportRequest, ReportRound, RequestState
from theodoi.reports.review_notices import remind_late
from theodoi.tasks.attachments import check_files

ANSWER_KEY = "noi-dung-tra-loi"
ANSWER = [{"key": ANSWER_KEY, "title": "Nội dung trả lời", "required": True, "hint": ""}]
GROUPS = (Group.PROVINCES, Group.CENTRAL)


def recipients_of(units: Sequence[Unit], groups: Sequence[Group], today: date) -> list[Unit]:
    """The units named and the members of the groups on `today`, each once, by code."""
    found = {u.pk: u for u in units}
    for group in groups:
        found.update({u.pk: u for u in group_members(group, today)})
    return sorted(found.values(), key=lambda u: u.code)


@transaction.atomic
def adhoc_create(
    *,
    actor: User,
    title: str,
    content: str,
    units: Sequence[Unit] = (),
    groups: Sequence[Group] = (),
    due_date: date,
    template: UploadedFile | None = None,
    at: datetime | None = None,
) -> ReportRound:
    """A round without a report type and one request per recipient. `at`: the moment (now;
    the demo tells past ones)."""
    moment = at or timezone.now()
    today = timezone.localdate(moment)
    if not can(actor, Action.REQUEST_REPORTS) or actor.unit is None:
        raise ValidationFailed(
            {"__all__": "Chỉ chuyên viên Văn phòng được gửi yêu cầu báo cáo đột xuất."},
            Code.NOT_PERMITTED,
        )
    title, content = " ".join(title.split()), content.strip()
    if not title:
        raise ValidationFailed({"title": "Hãy nhập tên yêu cầu báo cáo."}, Code.REQUIRED)
    if not content:
        raise ValidationFailed({"content": "Hãy nhập nội dung yêu cầu."}, Code.REQUIRED)
    if due_date < today:
        raise ValidationFailed(
            {"due_date": f"Hạn nộp {format_date(due_date)} đã qua; hãy chọn từ hôm nay trở đi."},
            Code.INVALID,
        )
    recipients = recipients_of(units, groups, today)
    if not recipients:
        raise ValidationFailed(
            {"units": "Hãy chọn ít nhất một đơn vị (hoặc nhóm đơn vị) nhận yêu cầu."},
            Code.REQUIRED,
        )
    if template is not None:
        check_files([template], "template")
    report_round = ReportRound(
        title=title,
        content=content,
        collector=actor.unit,
        due_date=due_date,
        sections=ANSWER,
        created_by=actor,
        created_at=moment,
    )
    if template is not None:
        name = PurePath(template.name or "mau").name
        report_round.template_name = name[:255]
        report_round.template.save(name, template, save=False)
    report_round.save()
    ReportRequest.objects.bulk_create(
        [ReportRequest(round=report_round, unit=unit) for unit in recipients]
    )
    record_change(
        actor=actor,
        action=ChangeKind.CREATE,
        obj=report_round,
        before=None,
        after={
            "title": title,
            "due_date": due_date.isoformat(),
            "recipients": [u.code for u in recipients],
        },
    )
    return report_round


@dataclass(frozen=True)
class Answer:
    """One recipient's answer as the round's page shows it."""

    request: ReportRequest
    answered: bool  # something was sent
    late: bool  # sent after the due date, or not sent and the due date has passed
    missing: bool  # nothing sent and the due date has passed


def is_late(request: ReportRequest, due: date, today: date) -> bool:
    """On time is judged by the first submission: by the end of the due date."""
    first = request.first_submitted_at
    if first is None:
        return today > due
    return timezone.localdate(first) > due


def answers(report_round: ReportRound, today: date) -> list[Answer]:
    """Every unit's request of the round with whether it answered and whether it is late."""
    requests = report_round.requests.select_related("unit").order_by("unit__code")
    due = report_round.due_date
    return [
        Answer(
            r,
            r.first_submitted_at is not None,
            is_late(r, due, today),
            r.first_submitted_at is None and today > due,
        )
        for r in requests
    ]


@transaction.atomic
def adhoc_remind(*, actor: User, report_round: ReportRound, today: date | None = None) -> int:
    """Remind the units that have sent nothing past the due date; returns how many people
    were told (each person once a day)."""
    today = today or timezone.localdate()
    if not can(actor, Action.REQUEST_REPORTS):
        raise ValidationFailed(
            {"__all__": "Chỉ chuyên viên Văn phòng được nhắc các đơn vị."}, Code.NOT_PERMITTED
        )
    late = [
        r
        for r in report_round.requests.select_related("unit", "round")
        if r.first_submitted_at is None
        and today > report_round.due_date
        and r.state != RequestState.ACCEPTED
    ]
    if not late:
        raise ValidationFailed(
            {"__all__": "Không có đơn vị nào quá hạn mà chưa nộp."}, Code.WRONG_STATE
        )
    return remind_late(late, actor, today.isoformat())
