"""The team's report on the inspection (Regulation 1142 Art. 17.1-17.2; partner agreement 004
Art. 7.3; docs/inspections.md, "Hồ sơ, báo cáo, thông báo và kiến nghị").

The report is due 5 working days after the inspection ends (`rules.report_due`). It may be
dated from the last day of the inspection on (the team may close its work and report on that
day), never before it and never in the future. It holds the three parts of Art. 17.2: the
evaluation (required), what was not done with its causes and responsibilities, and the
recommendations, each for one of the inspected units with a deadline not before the report.
A report dated after its due day is late by the working days between the two.

Our report is generated as a Word file (`results_word.build_report`). In a joint inspection
the host side signs the report and sends it to the other (Art. 7.3): when we host, the Office
or the team records the day it was sent to the partner (`report_send_to_partner`); when the
partner hosts, the report is the partner's: it is recorded with the file received
(`report_receive`) instead of one generated here.
"""

from collections.abc import Sequence
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeKind
from theodoi.audit.services import record_change, snapshot
from theodoi.core.dates import format_date
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.text import collapse_spaces
from theodoi.inspections.decision_word import unit_name
from theodoi.inspections.models import Inspection, InspectionReport, MemberRole, Recommendation
from theodoi.inspections.records import check_day, check_manager, check_unit
from theodoi.inspections.results_word import Measure, ResultsText, build_report
from theodoi.inspections.rules import report_due
from theodoi.organisation.models import Unit
from theodoi.partners.models import Side
from theodoi.tasks import attachments
from theodoi.tasks.models import Attachment
from theodoi.tasks.steps.base import Files
from theodoi.workcalendar.services import working_days_between

REPORT_FIELDS = ["inspection", "number", "reported_on", "evaluation", "shortcomings", "file"]
Proposed = tuple[str, Unit | None, date | None]  # a recommendation: text, unit, deadline


def days_late(inspection: Inspection, reported_on: date) -> int:
    """Working days the report came after its due day (0 when on time)."""
    return max(0, working_days_between(report_due(inspection.end), reported_on))


def results_text(inspection: Inspection, report: InspectionReport) -> ResultsText:
    """What the report and the notice say; units by their full names on the report's day, as
    the decision names them (an official paper, not a list on a screen)."""
    decision = inspection.decision
    assert decision is not None
    return ResultsText(
        title=inspection.title,
        decision=f"Quyết định số {decision.number} ngày {format_date(decision.issued_on)}",
        units=[unit_name(u, report.reported_on) for u in inspection.units.order_by("code")],
        start=inspection.start,
        end=inspection.end,
        evaluation=report.evaluation,
        shortcomings=report.shortcomings,
        measures=[
            Measure(unit_name(r.unit, report.reported_on), r.text, r.deadline)
            for r in inspection.recommendations.select_related("unit")
        ],
    )


def _check_report(inspection: Inspection, reported_on: date | None, evaluation: str) -> date:
    if InspectionReport.objects.filter(inspection=inspection).exists():
        raise ValidationFailed({"__all__": "Cuộc kiểm tra đã có báo cáo kết quả."}, Code.DUPLICATE)
    day = check_day(
        reported_on, "reported_on", "ngày báo cáo", inspection.end, "ngày kết thúc kiểm tra"
    )
    today = timezone.localdate()
    if day > today:
        raise ValidationFailed(
            {
                "reported_on": f"Ngày báo cáo {format_date(day)} ở tương lai "
                f"(hôm nay là {format_date(today)})."
            }
        )
    if not evaluation.strip():
        raise ValidationFailed(
            {
                "evaluation": "Cần ghi đánh giá việc triển khai, kết quả thực hiện và chế độ báo "
                "cáo (Điều 17.2.a)."
            },
            Code.REQUIRED,
        )
    return day


def _save_recommendations(
    inspection: Inspection, reported_on: date, proposed: Sequence[Proposed]
) -> list[Recommendation]:
    rows = []
    for n, (text, unit, deadline) in enumerate(proposed, start=1):
        field = f"recommendations-{n}"
        text = collapse_spaces(text)
        if not text:
            raise ValidationFailed({field: f"Kiến nghị {n}: cần ghi nội dung."}, Code.REQUIRED)
        check_unit(inspection, unit, field)
        assert unit is not None
        day = check_day(deadline, field, f"thời hạn của kiến nghị {n}", reported_on,
                        "ngày báo cáo")  # fmt: skip
        rows.append(Recommendation(inspection=inspection, order=n, text=text, unit=unit,
                                   deadline=day))  # fmt: skip
    return Recommendation.objects.bulk_create(rows)


def _head_name(inspection: Inspection) -> str:
    head = inspection.team.filter(role=MemberRole.HEAD, side=Side.OURS).first()
    return head.full_name if head else ""


@transaction.atomic
def report_record(
    *,
    actor: User,
    inspection: Inspection,
    reported_on: date | None,
    evaluation: str,
    shortcomings: str = "",
    recommendations: Sequence[Proposed] = (),
    number: str = "",
    received: Files = (),
) -> InspectionReport:
    """The team's report with its recommendations; our Word file, or the partner's received
    when the partner hosts a joint inspection (`received`: its file, then required)."""
    check_manager(actor, inspection)
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    day = _check_report(locked, reported_on, evaluation)
    partner_hosts = locked.is_joint and locked.host == Side.PARTNER
    if partner_hosts and not received:
        raise ValidationFailed(
            {"received": "Bên đối tác chủ trì: cần đính kèm tệp báo cáo kết quả nhận từ đối tác."},
            Code.REQUIRED,
        )
    attachments.check_files(received[:1], "received")
    _save_recommendations(locked, day, recommendations)
    report = InspectionReport.objects.create(
        inspection=locked,
        number=collapse_spaces(number),
        reported_on=day,
        evaluation=evaluation.strip(),
        shortcomings=shortcomings.strip(),
        created_by=actor,
    )
    if partner_hosts:
        [report.file] = attachments.save_files(received[:1], actor=actor)
    else:
        content = build_report(
            results_text(locked, report),
            number=report.number,
            reported_on=day,
            head_name=_head_name(locked),
        )
        name = f"bao-cao-kiem-tra-{locked.pk}-{day:%Y%m%d}.docx"
        report.file = _stored(ContentFile(content, name=name), actor)
    report.save(update_fields=["file"])
    after = snapshot(
        report, REPORT_FIELDS, recommendations=locked.recommendations.count(),
        late_days=days_late(locked, day),
    )  # fmt: skip
    record_change(actor=actor, action=ChangeKind.CREATE, obj=report, before=None, after=after)
    return report


def _stored(content: ContentFile, actor: User) -> Attachment:
    [saved] = attachments.save_files([content], actor=actor)  # type: ignore[list-item]
    return saved


@transaction.atomic
def report_send_to_partner(
    *, actor: User, inspection: Inspection, sent_on: date | None
) -> InspectionReport:
    """We host a joint inspection: the day our report was sent to the partner (Art. 7.3)."""
    check_manager(actor, inspection)
    if not inspection.is_joint or inspection.host != Side.OURS:
        raise ValidationFailed(
            {
                "__all__": "Chỉ cuộc kiểm tra phối hợp do BHXH Việt Nam chủ trì mới gửi báo cáo "
                "cho bên đối tác."
            },
            Code.WRONG_STATE,
        )
    report = InspectionReport.objects.select_for_update().filter(inspection=inspection).first()
    if report is None:
        raise ValidationFailed({"__all__": "Chưa có báo cáo kết quả để gửi."}, Code.WRONG_STATE)
    if report.sent_to_other_side_on is not None:
        raise ValidationFailed(
            {
                "__all__": "Báo cáo đã được ghi nhận gửi bên đối tác ngày "
                f"{format_date(report.sent_to_other_side_on)}."
            },
            Code.DUPLICATE,
        )
    day = check_day(sent_on, "sent_on", "ngày gửi", report.reported_on, "ngày báo cáo")
    if day > timezone.localdate():
        raise ValidationFailed({"sent_on": f"Ngày gửi {format_date(day)} ở tương lai."})
    before = snapshot(report, ["sent_to_other_side_on"])
    report.sent_to_other_side_on = day
    report.version += 1
    report.save(update_fields=["sent_to_other_side_on", "version"])
    after = snapshot(report, ["sent_to_other_side_on"])
    record_change(actor=actor, action=ChangeKind.UPDATE, obj=report, before=before, after=after)
    return report
