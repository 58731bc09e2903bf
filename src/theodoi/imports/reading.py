"""Reading a plan file into the rows a person checks before import: `read_plan(data, name)`.

Nothing here writes to the database; the units are resolved as of the plan's date with the
foundation's resolver, the timelines with `timelines.parse`. Every doubt becomes a `Flag` on
its row, beside the text as written.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from theodoi.core.dates import format_date, in_range
from theodoi.core.text import clean_line, collapse_spaces
from theodoi.imports import timelines
from theodoi.imports.files import MARK_CLOSE, MARK_OPEN, open_plan, refuse
from theodoi.imports.layout import RawRow, Table, find_table
from theodoi.imports.unitcells import Named, read_cell
from theodoi.organisation.groups import Group
from theodoi.organisation.resolver import UnitResolver, build_resolver

ERROR, WARNING, INFO = "error", "warning", "info"
FLAG_LABELS = {ERROR: "Cần sửa", WARNING: "Cần xem lại", INFO: "Ghi chú"}
_WAITING_GROUPS = {Group.RELATED.value, Group.LEADERSHIP_TBD.value}


@dataclass(frozen=True)
class Flag:
    level: str  # error: must be fixed before import; warning: a person should look; info
    field: str
    message: str


@dataclass
class PlanRow:
    number: int  # 1-based position among the task rows, in table order
    code: str
    section: str
    content: str
    product: str
    lead_text: str
    coordinating_text: str
    timeline_text: str
    lead: list[Named]
    coordinating: list[Named]
    schedule: timelines.Schedule
    footnotes: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    where: str = ""

    @property
    def has_lead(self) -> bool:
        return bool(self.lead)

    @property
    def blocking(self) -> bool:
        return any(f.level == ERROR for f in self.flags)


@dataclass
class PlanReading:
    title: str
    plan_date: date
    rows: list[PlanRow]
    columns: list[str]
    where: str
    footnotes: dict[str, str]
    # how the date was found when none was given: the header's words it was read from, or
    # "" with `date_guessed` (a year's 1 January, for a dry run only: never committed)
    date_read: str = ""
    date_guessed: bool = False


def read_plan(
    data: bytes, name: str, plan_date: date | None = None, resolver: UnitResolver | None = None
) -> PlanReading:
    """The plan's task rows as read from a .docx/.xlsx; refusals name what is wrong."""
    source = open_plan(data, name)
    table = find_table(source)
    if table is None:
        raise refuse(
            f"Không tìm thấy bảng nhiệm vụ trong tệp «{name}»: cần một bảng có dòng tiêu đề "
            "gồm «Nội dung công việc» và ít nhất hai cột «STT», «Đơn vị chủ trì», "
            "«Thời gian thực hiện», «Sản phẩm»."
        )
    if not any(r.kind == "task" for r in table.rows):
        raise refuse(f"Bảng nhiệm vụ trong tệp «{name}» không có dòng nhiệm vụ nào.")
    title = _title(table.before)
    date_read, guessed = "", False
    if plan_date is None:
        found = header_date(table.heading + table.before)
        if found is not None:
            plan_date, date_read = found
        else:
            plan_date, guessed = guess_date(table.before, table.rows), True
    notes = _footnotes(table, source.footnotes)
    resolver = resolver or build_resolver()
    rows: list[PlanRow] = []
    for raw in (r for r in table.rows if r.kind == "task"):
        rows.append(_read_row(raw, len(rows) + 1, plan_date, resolver, notes))
    reading = PlanReading(title, plan_date, rows, table.columns, table.where, notes)
    reading.date_read, reading.date_guessed = date_read, guessed
    return reading


def _title(before: list[str]) -> str:
    for text in before:
        words = text.split()
        if len(words) >= 4 and text.upper() == text and not text.startswith("("):
            return " ".join(words)
    return " ".join(before[1].split()) if len(before) > 1 else ""


_FULL_DATE = re.compile(
    r"ngày\s+(\d{1,2})\s*(?:tháng\s+|/\s*)(\d{1,2})\s*(?:năm\s+|/\s*)(\d{4})", re.IGNORECASE
)
_YEAR_WORD = re.compile(r"năm\s+((?:19|20)\d{2})", re.IGNORECASE)


# the place and date under the motto: "Hà Nội, ngày 15 tháng 3 năm 2024"
_HEADER_DATE = re.compile(
    r"^\s*([^\d,;()]{2,40}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    re.IGNORECASE,
)


def header_date(texts: list[str]) -> tuple[date, str] | None:
    """The plan's date as its header writes it, with the words it was read from."""
    for text in texts:
        for line in text.splitlines():
            match = _HEADER_DATE.match(line)
            if match is None:
                continue
            try:
                found = date(int(match.group(4)), int(match.group(3)), int(match.group(2)))
            except ValueError:
                continue
            if in_range(found):
                return found, " ".join(match.group(0).split())
    return None


def guess_date(before: list[str], rows: list[RawRow]) -> date:
    """The plan's date from its heading: a full date, else 1 January of the year it names,
    else of the year its timelines name most; else today."""
    text = "\n".join(before)
    for match in _FULL_DATE.finditer(text):
        try:
            found = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            continue
        if in_range(found):
            return found
    years = _YEAR_WORD.findall(text)
    if not years:
        cells = " ".join(r.cells.get("timeline", "") for r in rows)
        years = re.findall(r"\b((?:19|20)\d{2})\b", cells)
    if years:
        common = max(set(years), key=years.count)
        return date(int(common), 1, 1)
    return timezone.localdate()


_DEFINITION = re.compile(
    f"^\\s*(?:{MARK_OPEN}([^{MARK_CLOSE}]+){MARK_CLOSE}|\\((\\d{{1,2}}|\\*+)\\)|(\\d{{1,2}})[/.)]?)\\s*(.+)$",
    re.S,
)


def _footnotes(table: Table, word_notes: dict[str, str]) -> dict[str, str]:
    """Footnote texts by mark: Word footnotes, and lines below the table such as "¹ Nhiệm vụ
    giao tại …" or "(1) …" whose number a cell refers to."""
    notes = dict(word_notes)
    for text in table.after:
        found = _DEFINITION.match(text)
        if found:
            mark = found.group(1) or found.group(2) or found.group(3)
            notes.setdefault(mark.strip(), " ".join(found.group(4).split()))
    return notes


def _glued_marks(text: str, notes: dict[str, str]) -> tuple[str, list[str]]:
    """Marks typed as plain digits after a word ("… Toàn trình.1:") when such a note exists."""
    marks = []
    for mark in [m for m in notes if m.isdigit()]:
        pattern = re.compile(
            rf"(?<=[^\s\d/.,-]|[.”\")]){mark}(?=[\s.,;:]*$)|(?<=[.”\")]){mark}(?=\D)"
        )
        if pattern.search(text):
            text = pattern.sub("", text, count=1)
            marks.append(mark)
    return text, marks


def _read_row(
    raw: RawRow, number: int, plan_date: date, resolver: UnitResolver, notes: dict[str, str]
) -> PlanRow:
    cells = raw.cells
    content, extra = _glued_marks(cells.get("content", ""), notes)
    lead_text, coord_text = cells.get("lead", ""), cells.get("coordinating", "")
    timeline_text = collapse_spaces(cells.get("timeline", ""))
    row = PlanRow(
        number=number,
        code=clean_line(raw.code),  # one line: it goes into titles and mail subjects
        section=raw.section,
        content=_join_lines(content),
        product=_join_lines(cells.get("product", "")),
        lead_text=lead_text,
        coordinating_text=coord_text,
        timeline_text=timeline_text,
        lead=read_cell(lead_text, plan_date, resolver),
        coordinating=read_cell(coord_text, plan_date, resolver),
        schedule=timelines.parse(cells.get("timeline", ""), plan_date.year),
        where=raw.where,
    )
    for mark in dict.fromkeys(raw.marks + extra):
        if mark in notes:
            row.footnotes.append(notes[mark])
    row.flags = check_row(row, plan_date) + [Flag(WARNING, "content", n) for n in raw.notes]
    return row


def _join_lines(text: str) -> str:
    """Lines broken inside a sentence are joined; bullets and sub-items keep their lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out: list[str] = []
    for line in lines:
        if (
            out
            and not re.match(r"^([-+•*]|[a-zđ][).]|\d+[.)])\s", line)
            and not out[-1].endswith((".", ":", ";"))
        ):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


def check_row(row: PlanRow, plan_date: date) -> list[Flag]:
    """What a person must fix (errors) or should look at (warnings) in a read row."""
    flags: list[Flag] = []
    if not row.content:
        flags.append(Flag(ERROR, "content", "Dòng không có nội dung công việc."))
    if not row.lead:
        flags.append(Flag(ERROR, "lead", "Chưa có đơn vị chủ trì."))
    for named in row.lead:
        if not named.resolved:
            flags.append(Flag(ERROR, "lead", named.resolution.note or "Không nhận ra đơn vị."))
        elif named.token in _WAITING_GROUPS:
            flags.append(
                Flag(
                    WARNING,
                    "lead",
                    f"«{named.resolution.text}»: nhiệm vụ chờ Lãnh đạo phân công đơn vị cụ thể.",
                )
            )
        elif named.resolution.note:
            flags.append(Flag(WARNING, "lead", named.resolution.note))
    for named in row.coordinating:
        if not named.resolved:
            flags.append(
                Flag(
                    WARNING,
                    "coordinating",
                    f"Không nhận ra «{named.resolution.text}»: "
                    "giữ nguyên như văn bản ghi, hoặc chọn đơn vị.",
                )
            )
        elif named.resolution.note:
            flags.append(Flag(WARNING, "coordinating", named.resolution.note))
    schedule = row.schedule
    if not schedule.understood:
        message = "Không đọc được thời gian thực hiện: hãy nhập thời hạn."
        if not row.timeline_text:
            message = "Không ghi thời gian thực hiện: hãy nhập thời hạn hoặc chọn «Thường xuyên»."
        flags.append(Flag(ERROR, "schedule", message))
    for doubt in schedule.doubts:
        flags.append(Flag(WARNING, "schedule", doubt))
    if schedule.deadline is not None and schedule.deadline < plan_date:
        flags.append(
            Flag(
                ERROR,
                "schedule",
                f"Thời hạn {format_date(schedule.deadline)} trước ngày của "
                f"kế hoạch ({format_date(plan_date)}).",
            )
        )
    if schedule.kind == timelines.EVENT:
        flags.append(
            Flag(INFO, "schedule", "Nhiệm vụ chờ sự kiện: thời hạn đặt khi sự kiện xảy ra.")
        )
    return flags


def as_json(reading: PlanReading) -> dict[str, Any]:
    """The command line's `--json` shape: one entry per task row that carries a lead."""
    rows = []
    for row in reading.rows:
        if not row.has_lead:
            continue
        entry: dict[str, Any] = {
            "code": row.code,
            "section": row.section or None,
            "lead": [n.token for n in row.lead],
            "coordinating": [n.token for n in row.coordinating],
            "timeline_text": row.timeline_text,
            "schedule": row.schedule.kind,
            "deadline": row.schedule.deadline.isoformat() if row.schedule.deadline else None,
        }
        if row.schedule.kind == timelines.RECURRING and row.schedule.occurrences is not None:
            entry["occurrences"] = [d.isoformat() for d in row.schedule.occurrences]
        rows.append(entry)
    return {"rows": rows}
