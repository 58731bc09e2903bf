"""The reports' tables; everything is imported from `theodoi.reports.models`.

`regime`: report types, rounds, each unit's request, its versions and their review.
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

__all__ = [
    "Decision",
    "DueRule",
    "Frequency",
    "ReportFile",
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
