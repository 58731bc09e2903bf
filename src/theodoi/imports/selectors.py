"""Reading imports for pages: recent uploads, and the preview's rows with what a commit would do."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from theodoi.core.dates import format_date
from theodoi.imports import planning
from theodoi.imports.models import PlanImport, PlanTask
from theodoi.imports.rows import Row, blocking
from theodoi.organisation.groups import Group
from theodoi.tasks.models import TaskCoordination

SCHEDULE_LABELS = {
    "deadline": "Có thời hạn",
    "continuous": "Thường xuyên",
    "recurring": "Định kỳ",
    "event": "Khi có sự kiện",
}
GROUP_LABELS = {g.value: g.label for g in Group}


def recent_imports(limit: int = 20) -> QuerySet[PlanImport]:
    return PlanImport.objects.select_related("uploaded_by", "document").defer("rows")[:limit]


@dataclass
class PreviewRow:
    data: Row
    key: str
    outcome: str  # "Mới", "Thay đổi: …", "Không đổi" (a plan already imported), or ""

    @property
    def blocking(self) -> bool:
        return blocking(self.data)

    @property
    def schedule_label(self) -> str:
        row = self.data
        kind = SCHEDULE_LABELS.get(row["schedule"], row["schedule"])
        if row["occurrences"]:
            days = ", ".join(format_date(date.fromisoformat(d))[:5] for d in row["occurrences"])
            return f"{kind}: {days}"
        if row["deadline"]:
            return f"Hạn {format_date(date.fromisoformat(row['deadline']))}"
        return kind


def preview_rows(plan_import: PlanImport) -> list[PreviewRow]:
    """The rows in table order; for a plan already in the register, what each row changes."""
    rows = plan_import.rows
    keys = planning.keys_of(rows)
    document = plan_import.document
    if document is None or plan_import.status != "preview":
        return [PreviewRow(r, k, "") for r, k in zip(rows, keys, strict=True)]
    existing = {
        (p.key, p.occurrence): p
        for p in PlanTask.objects.filter(document=document)
        .select_related("task")
        .prefetch_related(
            Prefetch("task__coordinations", queryset=TaskCoordination.objects.only("task", "unit"))
        )
    }
    units = planning.Units(rows, plan_import.plan_date)
    out = []
    for row, key in zip(rows, keys, strict=True):
        notes: list[str] = []
        for occurrence in planning.occurrences_of(row):
            origin = existing.get((key, occurrence))
            if origin is None:
                notes.append("Mới")
                continue
            changes = planning.changes_of(origin, planning.wanted_for(row, occurrence, units))
            notes.extend(text for _, text in changes)
        outcome = "; ".join(dict.fromkeys(notes)) or "Không đổi"
        out.append(PreviewRow(row, key, outcome))
    return out


def counts(rows: list[PreviewRow]) -> dict[str, Any]:
    levels = [f["level"] for r in rows if not r.data["skip"] for f in r.data["flags"]]
    return {
        "rows": len(rows),
        "blocking": sum(1 for r in rows if r.blocking),
        "warnings": levels.count("warning"),
        "skipped": sum(1 for r in rows if r.data["skip"]),
    }
