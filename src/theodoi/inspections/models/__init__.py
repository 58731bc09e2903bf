from theodoi.inspections.models.inspections import (
    Ground,
    Inspection,
    Kind,
    MemberRole,
    MemberState,
    TeamMember,
)
from theodoi.inspections.models.plans import InspectionPlan, PlanItem, PlanState
from theodoi.inspections.models.reminders import InspectionReminder
from theodoi.inspections.models.results import (
    FileItem,
    FileLetter,
    InspectionReport,
    Recommendation,
    RecordsRequest,
)

__all__ = [
    "FileItem",
    "FileLetter",
    "Ground",
    "Inspection",
    "InspectionPlan",
    "InspectionReminder",
    "InspectionReport",
    "Kind",
    "MemberRole",
    "MemberState",
    "PlanItem",
    "PlanState",
    "Recommendation",
    "RecordsRequest",
    "TeamMember",
]
