"""Report types, rounds and requests written straight into the tables, for the tests of on
time / late / missing (the services that open rounds and submit reports are other modules')."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from theodoi.organisation.models import Unit
from theodoi.reports.models import (
    DueRule,
    Frequency,
    ReportRequest,
    ReportRound,
    ReportSubmission,
    ReportType,
    RequestState,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def report_type(
    collector: Unit,
    *,
    code: str = "bao-cao-quy",
    frequency: str = Frequency.QUARTER,
    active: bool = True,
) -> ReportType:
    return ReportType.objects.create(
        code=code,
        name=f"Báo cáo {code}",
        frequency=frequency,
        collector=collector,
        reporters="@PROVINCES",
        due_rule=DueRule.DAY_OF_NEXT_MONTH,
        due_day=5,
        active=active,
    )


def round_of(
    collector: Unit, due: date, *, kind: ReportType | None = None, period: str = ""
) -> ReportRound:
    title = f"{kind.name if kind else 'Báo cáo đột xuất'} {period or due.isoformat()}"
    return ReportRound.objects.create(
        report_type=kind, period=period, title=title, collector=collector, due_date=due
    )


def request_for(
    round: ReportRound, unit: Unit, sent: datetime | None = None, *, returned: bool = False
) -> ReportRequest:
    """A unit's request, first sent at `sent` (None: nothing sent). `returned`: the first
    version was returned and a second sent long after the due date."""
    request = ReportRequest.objects.create(
        round=round,
        unit=unit,
        state=RequestState.OPEN if sent is None else RequestState.SUBMITTED,
        first_submitted_at=sent,
    )
    if sent is not None:
        ReportSubmission.objects.create(request=request, number=1, submitted_at=sent)
    if returned and sent is not None:
        later = local(date(round.due_date.year + 1, 1, 15))
        ReportSubmission.objects.create(request=request, number=2, submitted_at=later)
    return request
