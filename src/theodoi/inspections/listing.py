"""The inspections as rows: one selector for the list page, `theodoi inspections list` and a
future API (docs/inspections.md, "Danh sách, lệnh và đánh giá").

A row holds the decision's number, the kind, the inspected units' codes, the dates, the
report's due day (read on a working-day calendar loaded once), the status (`status.py`), the
file's missing letters (`dossier.py`), the recommendations and how many became follow-up
tasks. Any number of inspections reads in a fixed number of queries (11).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from theodoi.accounts.models import User
from theodoi.core.collation import vi_key
from theodoi.inspections import scope
from theodoi.inspections.dossier import dossiers, with_papers
from theodoi.inspections.models import Inspection, Kind
from theodoi.inspections.rules import report_due
from theodoi.inspections.status import Facts, Status, status_of
from theodoi.organisation.models import Unit
from theodoi.workcalendar.services import WorkingCalendar

KEYS = (
    "id",
    "number",
    "kind",
    "units",
    "start",
    "end",
    "report_due",
    "status",
    "record_missing",
    "recommendations",
    "followup_tasks",
)


@dataclass(frozen=True)
class Row:
    inspection: Inspection
    units: list[Unit]
    report_due: date
    status: Status
    record_missing: list[str]
    recommendations: int
    followup_tasks: int

    @property
    def number(self) -> str:
        decision = self.inspection.decision
        return decision.number if decision is not None else ""

    @property
    def kind_label(self) -> str:
        return Kind(self.inspection.kind).label

    def as_dict(self) -> dict[str, Any]:
        """The row with the keys of the command and the API (dates as `date`)."""
        return {
            "id": self.inspection.pk,
            "number": self.number,
            "kind": self.inspection.kind,
            "units": [u.code for u in self.units],
            "start": self.inspection.start,
            "end": self.inspection.end,
            "report_due": self.report_due,
            "status": self.status.value,
            "record_missing": self.record_missing,
            "recommendations": self.recommendations,
            "followup_tasks": self.followup_tasks,
        }


def _inspections(user: User | None) -> QuerySet[Inspection]:
    return Inspection.objects.all() if user is None else scope.visible_inspections(user)


def years(user: User | None) -> list[int]:
    """The years in which the inspections `user` sees start, latest first (1 query)."""
    return [d.year for d in _inspections(user).dates("start", "year", order="DESC")]


def inspection_list(
    user: User | None, today: date, *, year: int | None = None, status: str = ""
) -> list[Row]:
    """The inspections `user` sees (every one for None: the command line), latest first."""
    found = with_papers(_inspections(user)).prefetch_related("units")
    if year is not None:
        found = found.filter(start__year=year)
    found = found.annotate(
        n_recommendations=Count("recommendations", distinct=True),
        n_followups=Count("recommendations__task", distinct=True),
    ).order_by("-start", "-id")
    inspections = list(found)
    files = dossiers(inspections, today)
    calendar = WorkingCalendar()
    rows = []
    for inspection in inspections:
        due = report_due(inspection.end, calendar)
        rows.append(
            Row(
                inspection=inspection,
                units=sorted(inspection.units.all(), key=lambda u: vi_key(u.code)),
                report_due=due,
                status=status_of(Facts.of(inspection, due), today),
                record_missing=files[inspection.pk].missing,
                recommendations=inspection.n_recommendations,
                followup_tasks=inspection.n_followups,
            )
        )
    if status:
        rows = [r for r in rows if r.status.value == status]
    return rows


def inspection_rows(user: User | None, today: date) -> list[dict[str, Any]]:
    """`[{"id", "number", "kind", "units": [CODE], "start", "end", "report_due", "status",
    "record_missing", "recommendations", "followup_tasks"}]` for every inspection `user`
    sees (every one for None)."""
    return [row.as_dict() for row in inspection_list(user, today)]
