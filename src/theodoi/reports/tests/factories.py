"""Rounds and requests for the tests of a unit's report (the rules that open periodic rounds
are not needed here)."""

from collections.abc import Sequence
from datetime import date

from theodoi.organisation.models import Unit
from theodoi.reports.models import ReportRequest, ReportRound

SECTIONS = [
    {"key": "ket-qua", "title": "Kết quả thực hiện", "required": True, "hint": ""},
    {"key": "kho-khan", "title": "Khó khăn, vướng mắc", "required": True, "hint": ""},
    {"key": "kien-nghi", "title": "Kiến nghị", "required": False, "hint": ""},
]
FILLED = {"ket-qua": "Đã hoàn thành 5 nhiệm vụ.", "kho-khan": "Thiếu nhân lực."}


def make_round(
    collector: Unit,
    units: Sequence[Unit],
    *,
    title: str = "Báo cáo quý I năm 2026",
    period: str = "2026-Q1",
    start: date | None = date(2026, 1, 1),
    end: date | None = date(2026, 3, 31),
    due: date = date(2026, 3, 18),
    sections: list[dict[str, object]] | None = None,
    task_table: bool = True,
) -> ReportRound:
    report_round = ReportRound.objects.create(
        title=title,
        period=period,
        collector=collector,
        window_start=start,
        window_end=end,
        due_date=due,
        sections=SECTIONS if sections is None else sections,
        task_table=task_table,
    )
    ReportRequest.objects.bulk_create([ReportRequest(round=report_round, unit=u) for u in units])
    return report_round


def request_of(report_round: ReportRound, unit: Unit) -> ReportRequest:
    return ReportRequest.objects.select_related("round__collector", "unit").get(
        round=report_round, unit=unit
    )
