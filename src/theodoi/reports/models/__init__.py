"""The reports' tables; everything is imported from `theodoi.reports.models`.

`regime`: report types, rounds, each unit's request, its versions and their review;
`reminders`: the reminders sent about the reports units owe;
`agency`: the agency's own report on task performance, its draft and issued versions.
"""

from theodoi.reports.models.agency import AgencyReport, agency_report_path
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
    "AgencyReport",
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
    "agency_report_path",
    "report_file_path",
    "template_path",
]
