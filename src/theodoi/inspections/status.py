"""Where an inspection stands, from its dates and the records it holds (never stored).

In order: planned (no decision issued yet), decided (the decision issued, the inspection not
begun), under way (between its first and last day), awaiting the report (ended; the report
is due 5 working days after the end, `rules.report_due`, and is late after that day),
reported (the team reported; the results notice not issued), notified (the notice issued to
the inspected units), archived (the file handed to the Office's archive, Art. 18.2).
"""

from dataclasses import dataclass
from datetime import date

from django.db import models

from theodoi.inspections.models import Inspection


class Status(models.TextChoices):
    PLANNED = "planned", "Chưa ra quyết định"
    DECIDED = "decided", "Đã có quyết định"
    UNDER_WAY = "under_way", "Đang kiểm tra"
    AWAITING_REPORT = "awaiting_report", "Chờ báo cáo kết quả"
    REPORT_LATE = "report_late", "Quá hạn báo cáo kết quả"
    REPORTED = "reported", "Đã báo cáo, chờ thông báo kết quả"
    NOTIFIED = "notified", "Đã thông báo kết quả"
    ARCHIVED = "archived", "Đã bàn giao hồ sơ lưu trữ"


@dataclass(frozen=True)
class Facts:
    """What the status is read from: one inspection's row and whether its records exist."""

    start: date
    end: date
    report_due: date
    decided: bool
    reported: bool
    notified: bool
    archived: bool

    @classmethod
    def of(cls, inspection: Inspection, report_due: date) -> "Facts":
        """An inspection's facts; read it with its report (`dossier.with_papers`) to spare a
        query."""
        return cls(
            start=inspection.start,
            end=inspection.end,
            report_due=report_due,
            decided=inspection.decision_id is not None,
            reported=getattr(inspection, "report", None) is not None,
            notified=inspection.notice_id is not None,
            archived=inspection.archived_on is not None,
        )


def status_of(facts: Facts, today: date) -> Status:
    if facts.archived:
        return Status.ARCHIVED
    if facts.notified:
        return Status.NOTIFIED
    if facts.reported:
        return Status.REPORTED
    if not facts.decided:
        return Status.PLANNED
    if today < facts.start:
        return Status.DECIDED
    if today <= facts.end:
        return Status.UNDER_WAY
    if today <= facts.report_due:
        return Status.AWAITING_REPORT
    return Status.REPORT_LATE
