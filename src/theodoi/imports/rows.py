"""A read row as stored between upload and commit (plain JSON), and a person's correction of it.

The stored form keeps the text as written beside the reading: every unit as
`{"token", "name", "text", "note"}` (token: a unit code, a group such as "@PROVINCES", or
"?<text>"; name: what a person reads for it, "BHXH các tỉnh, thành phố"),
the schedule, and the flags. A correction reads the person's cells again with the same rules
and recomputes the flags, so a corrected row is checked exactly like a read one.
"""

from dataclasses import replace
from datetime import date
from typing import Any

from theodoi.core.text import clean_text
from theodoi.imports import timelines
from theodoi.imports.reading import INFO, Flag, PlanRow, check_row
from theodoi.imports.unitcells import Named, read_cell
from theodoi.organisation.labels import unit_label
from theodoi.organisation.resolver import UnitResolver

Row = dict[str, Any]


def _name(named: Named) -> str:
    """What the preview shows a person: the unit's name or the group's label, never a code."""
    found = named.resolution
    if found.unit is not None:
        return unit_label(found.unit)
    return found.group.label if found.group is not None else ""


def _units(named: list[Named]) -> list[dict[str, str]]:
    return [
        {"token": n.token, "name": _name(n), "text": n.resolution.text, "note": n.resolution.note}
        for n in named
    ]


def row_data(row: PlanRow) -> Row:
    schedule = row.schedule
    return {
        "number": row.number,
        "code": row.code,
        "section": row.section,
        "content": row.content,
        "product": row.product,
        "lead_text": row.lead_text,
        "coordinating_text": row.coordinating_text,
        "timeline_text": row.timeline_text,
        "lead": _units(row.lead),
        "coordinating": _units(row.coordinating),
        "schedule": schedule.kind,
        "deadline": schedule.deadline.isoformat() if schedule.deadline else None,
        "occurrences": (
            [d.isoformat() for d in schedule.occurrences]
            if schedule.occurrences is not None
            else None
        ),
        "period": schedule.period,
        "event_days": schedule.days,
        "event_working_days": schedule.working_days,
        "footnotes": row.footnotes,
        "flags": [{"level": f.level, "field": f.field, "message": f.message} for f in row.flags],
        "where": row.where,
        "skip": False,
        "corrected": False,
    }


def blocking(row: Row) -> bool:
    return not row["skip"] and any(f["level"] == "error" for f in row["flags"])


def units_as_text(units: list[dict[str, str]]) -> str:
    """What the correction form shows: units and groups by name (read back by the same
    reader), unknown names as written."""
    return ", ".join(u["name"] or u["text"] for u in units)


def correct(
    row: Row,
    *,
    content: str | None = None,
    product: str | None = None,
    lead: str,
    coordinating: str,
    schedule: str,
    deadline: date | None,
    skip: bool,
    plan_date: date,
    resolver: UnitResolver,
) -> Row:
    """The row as the person corrected it, flags recomputed; the text as written is kept
    (the lead, coordinating and timeline cells; content and product are what the task gets,
    so a correction replaces them: None keeps them as read)."""
    same = schedule == row["schedule"]
    occurrences = row["occurrences"] if same else None
    if schedule == timelines.RECURRING and occurrences and deadline is None:
        deadline = max(date.fromisoformat(d) for d in occurrences)
    days = [date.fromisoformat(d) for d in occurrences] if occurrences else None
    period = row.get("period", "")
    if days and deadline is not None and period == timelines.ROADMAP and same:
        days = timelines.roadmap(days[0], deadline)  # the final date corrected
    kept = timelines.Schedule(
        schedule,
        deadline if schedule in (timelines.DEADLINE, timelines.RECURRING) else None,
        days,
        period,
        days=row.get("event_days") if same else None,
        working_days=bool(row.get("event_working_days")) and same,
    )
    if schedule == timelines.DEADLINE and deadline is None:
        kept = replace(kept, understood=False)
    read = PlanRow(
        number=row["number"],
        code=row["code"],
        section=row["section"],
        content=row["content"] if content is None else clean_text(content).strip(),
        product=row["product"] if product is None else clean_text(product).strip(),
        lead_text=row["lead_text"],
        coordinating_text=row["coordinating_text"],
        timeline_text=row["timeline_text"],
        lead=read_cell(lead, plan_date, resolver),
        coordinating=read_cell(coordinating, plan_date, resolver),
        schedule=kept,
        footnotes=row["footnotes"],
        where=row["where"],
    )
    read.flags = [*check_row(read, plan_date), Flag(INFO, "row", "Đã sửa trên trang xem trước.")]
    corrected = row_data(read)
    corrected["skip"] = skip
    corrected["corrected"] = True
    return corrected
