"""The reports' tables; everything is imported from `theodoi.reports.models`.

`regime`: report types, rounds, each unit's request, its versions and their review;
`reminders`: the reminders sent about the reports units owe.
"""

from theodoi.reports.models.regime import (
    Decision,
    DueRule,
    Frequency,
    ReportFile,
    ReportRequest,
    ReportReview,
    ReportRound,
    ReportSubmission,
    ReportType,
    RequestState,
    WindowRule,
    report_file_path,
    template_path,
)
from theodoi.reports.models.reminders import ReportReminder

__all__ = [
    "Decision",
    "DueRule",
    "Frequency",
    "ReportFile",
    "ReportReminder",
    "ReportRequest",
    "ReportReview",
    "ReportRound",
    "ReportSubmission",
    "ReportType",
    "RequestState",
    "WindowRule",
    "report_file_path",
    "template_path",
]
