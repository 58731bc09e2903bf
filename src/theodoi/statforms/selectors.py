"""Reading the forms: the round of a form's period, a unit's request in it, the latest
submitted version of each unit, and a unit's figures of the period before."""

from django.db.models import QuerySet

from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.periods import Kind, Period
from theodoi.organisation.models import Unit, UnitKind
from theodoi.reports.models import Frequency, ReportRequest, ReportRound, ReportType
from theodoi.reports.opening import open_period
from theodoi.statforms import catalog
from theodoi.statforms.checks import Values
from theodoi.statforms.definition import CENTRAL, PROVINCE, Definition
from theodoi.statforms.models import FormVersion
from theodoi.statforms.periods import before, periods_of

FREQUENCY_OF = {Kind.QUARTER: Frequency.QUARTER, Kind.YEAR: Frequency.YEAR}


def audience_of(unit: Unit) -> str:
    """Which part of a form a unit fills: a province's office all of it, a central unit its
    own sections (seed 001, the note under Phụ lục II)."""
    return PROVINCE if unit.kind == UnitKind.PROVINCE else CENTRAL


def year_periods(code: str, year: int) -> dict[str, object]:
    """Form `code`'s periods of `year` with their data windows and due dates, as
    `theodoi forms periods --json` and the API answer them."""
    found = periods_of(catalog.calendar(code), year)
    return {"form": code, "periods": [p.as_json() for p in found]}


def form_rounds(code: str) -> QuerySet[ReportRound]:
    return ReportRound.objects.filter(form_code=code, report_type__isnull=False)


def form_round(code: str, period: Period) -> ReportRound | None:
    return form_rounds(code).filter(period=period.slug).select_related("collector").first()


def form_type(code: str, period: Period) -> ReportType:
    """The active report type that collects form `code` for periods like `period`."""
    found = ReportType.objects.filter(
        form_code=code, active=True, frequency=FREQUENCY_OF.get(period.kind, "")
    ).first()
    if found is None:
        raise ValidationFailed(
            {
                "period": f"Chưa có loại báo cáo nào thu biểu mẫu «{code}» cho kỳ {period.label} "
                "(Quản trị: «Loại báo cáo», trường «Biểu mẫu»)."
            },
            Code.NOT_FOUND,
        )
    return found


def round_or_open(code: str, period: Period) -> ReportRound:
    """The period's round; opened now if the daily job has not opened it yet."""
    return form_round(code, period) or open_period(form_type(code, period), period)


def request_in(report_round: ReportRound, unit_code: str) -> ReportRequest:
    found = (
        ReportRequest.objects.filter(round=report_round, unit__code__iexact=unit_code.strip())
        .select_related("round__collector", "unit")
        .first()
    )
    if found is None:
        raise ValidationFailed(
            {"unit": f"Đơn vị «{unit_code}» không phải báo cáo «{report_round.title}»."},
            Code.NOT_FOUND,
        )
    return found


def definition_of(report_round: ReportRound) -> Definition:
    day = report_round.window_end or report_round.due_date
    return catalog.definition(catalog.row_for(report_round.form_code, day))


def latest_versions(report_round: ReportRound) -> dict[int, FormVersion]:
    """Request id → the form data of its latest submitted version."""
    versions = (
        FormVersion.objects.filter(submission__request__round=report_round)
        .select_related("submission")
        .order_by("submission__request_id", "submission__number")
    )
    return {v.submission.request_id: v for v in versions}


def latest_of(request: ReportRequest) -> FormVersion | None:
    return (
        FormVersion.objects.filter(submission__request=request)
        .select_related("submission")
        .order_by("-submission__number")
        .first()
    )


def previous_version(
    definition: Definition, request: ReportRequest, period: Period
) -> tuple[FormVersion | None, str]:
    """The unit's latest version of the period before (None if it sent none), and that
    period's name for messages."""
    earlier = before(definition.calendar, period)
    if earlier is None:
        return None, "kỳ trước"
    version = (
        FormVersion.objects.filter(
            submission__request__unit_id=request.unit_id,
            submission__request__round__form_code=request.round.form_code,
            submission__request__round__period=earlier.slug,
        )
        .order_by("-submission__number")
        .first()
    )
    return version, f"kỳ trước ({earlier.label})"


def previous_values(
    definition: Definition, request: ReportRequest, period: Period
) -> tuple[Values | None, str]:
    version, label = previous_version(definition, request, period)
    return (dict(version.values) if version else None), label
