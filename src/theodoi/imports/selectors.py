"""Reading imports for pages: recent uploads, and the preview's rows with what a commit would do."""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from theodoi.core.dates import format_date
from theodoi.imports import planning
from theodoi.imports.models import ImportStatus, PlanImport, ScheduleKind
from theodoi.imports.rows import Row, blocking
from theodoi.imports.timelines import ROADMAP


def recent_imports(limit: int = 20) -> QuerySet[PlanImport]:
    return PlanImport.objects.select_related("uploaded_by", "document").defer("rows")[:limit]


@dataclass
class PreviewRow:
    data: Row
    key: str
    outcome: str  # "Mới", "Thay đổi: …", "Không đổi" (a plan already imported), or ""
    next_flagged: int | None = None  # the number of the next row a person should look at

    @property
    def blocking(self) -> bool:
        return blocking(self.data)

    @property
    def schedule_label(self) -> str:
        row = self.data
        kind = ScheduleKind(row["schedule"]).label
        if row.get("period") == ROADMAP and row["occurrences"]:
            dues = [date.fromisoformat(d) for d in row["occurrences"]]
            years = "; ".join(f"năm {d.year}: hạn {format_date(d)}" for d in dues)
            return f"Lộ trình hằng năm đến {format_date(dues[-1])} — {years}"
        if row["schedule"] == ScheduleKind.EVENT:
            after = row.get("event_days")
            if after is None:
                return f"{kind}: thời hạn nhập khi ghi nhận sự kiện"
            unit = "ngày làm việc" if row.get("event_working_days") else "ngày"
            return f"{kind}: hạn {after:02d} {unit} kể từ sự kiện"
        if row["occurrences"]:
            days = ", ".join(format_date(date.fromisoformat(d))[:5] for d in row["occurrences"])
            return f"{kind}: {days}"
        if row["deadline"]:
            return f"Hạn {format_date(date.fromisoformat(row['deadline']))}"
        return kind


def preview_rows(plan_import: PlanImport, number: int | None = None) -> list[PreviewRow]:
    """The rows in table order (or only row `number`); for a plan already in the register,
    what each row would change."""
    out = _preview_rows(plan_import, number)
    marked = [r["number"] for r in plan_import.rows if flagged(r)]
    for row in out:
        row.next_flagged = _after(marked, row.data["number"])
    return out


def _preview_rows(plan_import: PlanImport, number: int | None) -> list[PreviewRow]:
    rows = plan_import.rows
    pairs = list(zip(rows, planning.keys_of(rows), strict=True))
    if number is not None:
        pairs = [(r, k) for r, k in pairs if r["number"] == number]
    document = plan_import.document
    if document is None or plan_import.status != ImportStatus.PREVIEW:
        return [PreviewRow(r, k, "") for r, k in pairs]
    existing = planning.existing_tasks(document)
    units = planning.Units([r for r, _ in pairs], plan_import.plan_date)
    out = []
    for row, key in pairs:
        notes: list[str] = []
        for occurrence in planning.occurrences_of(row):
            origin = existing.get((key, occurrence))
            if origin is None:
                notes.append("Mới")
                continue
            wanted = planning.wanted_for(row, occurrence, units)
            changes = planning.changes_of(origin, wanted, planning.coordinating_of(origin))
            notes.extend(text for _, text in changes)
        outcome = "; ".join(dict.fromkeys(notes)) or "Không đổi"
        out.append(PreviewRow(row, key, outcome))
    return out


def preview_row(plan_import: PlanImport, number: int) -> PreviewRow | None:
    found = preview_rows(plan_import, number)
    return found[0] if found else None


def flagged(row: Row) -> bool:
    """A row a person should look at: to correct, or with a warning (not skipped)."""
    return not row["skip"] and any(f["level"] in ("error", "warning") for f in row["flags"])


def first_flagged(rows: list[Row]) -> int | None:
    return next((r["number"] for r in rows if flagged(r)), None)


def _after(marked: list[int], number: int) -> int | None:
    """The next of the flagged rows `marked` (in order) after row `number`, going round to the
    first; None when no other row is flagged."""
    at = bisect_right(marked, number)
    following = marked[at:] + [n for n in marked[:at] if n != number]
    return following[0] if following else None


def counts(rows: list[Row]) -> dict[str, Any]:
    """How many rows, to correct, to look at, skipped (from the stored rows alone)."""
    levels = [f["level"] for r in rows if not r["skip"] for f in r["flags"]]
    return {
        "rows": len(rows),
        "blocking": sum(1 for r in rows if blocking(r)),
        "warnings": levels.count("warning"),
        "skipped": sum(1 for r in rows if r["skip"]),
    }
