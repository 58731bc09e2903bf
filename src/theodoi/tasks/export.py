"""Export of a filtered task list to XLSX (openpyxl, streamed rows): a title that says what
was exported, as of which day, when and by whom; Vietnamese headers with an autofilter; long
texts wrapped; units by name."""

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from django.db.models import QuerySet
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from theodoi.core.collation import vi_key
from theodoi.core.dates import format_date
from theodoi.core.downloads import xlsx_download
from theodoi.core.spreadsheets import cell, wrapped_height
from theodoi.organisation.labels import names_for, unit_label, units_text
from theodoi.tasks.models import State, Task, TaskCoordination
from theodoi.tasks.stats import CLASS_LABELS, View, task_class

MAX_ROWS = 20_000
HEADERS = [
    ("STT", 6),
    ("Văn bản", 22),
    ("Mã", 8),
    ("Nội dung nhiệm vụ", 60),
    ("Đơn vị chủ trì", 22),
    ("Đơn vị phối hợp", 22),
    ("Sản phẩm", 30),
    ("Thời hạn", 12),
    ("Thời hạn ban đầu", 12),
    ("Hạn gửi Văn phòng", 12),
    ("Trạng thái", 22),
    ("Tiến độ (%)", 10),
    ("Tình hình", 26),
    ("Ngày đơn vị gửi kết quả", 14),
    ("Ngày hoàn thành", 14),
]
DATE_FORMAT = "DD/MM/YYYY"
WRAPPED = {"Văn bản", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm"}
HEADER_ROW = 5  # after the title, the filters, the date line and a blank row


@dataclass(frozen=True)
class ExportTitle:
    """What the export's first rows say: the filters as read (`TaskFilterForm.described`),
    the day the statistics are judged on, when and by whom it was made."""

    filters: list[str]
    as_of: date
    made_at: datetime
    made_by: str


def _coordinating(tasks: list[Task]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for task_id, short_name, name in TaskCoordination.objects.filter(task__in=tasks).values_list(
        "task_id", "unit__short_name", "unit__name"
    ):
        found.setdefault(task_id, []).append(short_name or name)
    return {k: ", ".join(sorted(v, key=vi_key)) for k, v in found.items()}


def _title_rows(sheet, title: ExportTitle, count: int) -> None:
    """The lines above the table, so that a printed or forwarded file says what it holds."""
    head = cell(sheet, "DANH SÁCH NHIỆM VỤ")
    head.font = Font(bold=True, size=13)
    sheet.append([head])
    said = "; ".join(title.filters) if title.filters else "tất cả nhiệm vụ người xuất được xem"
    sheet.append([cell(sheet, f"Lọc theo: {said}.")])
    capped = f" (chỉ {MAX_ROWS:,} dòng đầu)".replace(",", ".") if count >= MAX_ROWS else ""
    sheet.append(
        [
            cell(
                sheet,
                f"{count} nhiệm vụ{capped}; tình hình tính đến ngày {format_date(title.as_of)}; "
                f"xuất lúc {title.made_at:%H:%M} ngày {format_date(title.made_at.date())} "
                f"bởi {title.made_by}.",
            )
        ]
    )
    sheet.append([])


def _printed(sheet) -> None:
    """Printed as people print lists: A4 landscape, every column on the page's width, the
    header row repeated on each page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def workbook_bytes(tasks: QuerySet[Task], view: View, title: ExportTitle) -> bytes:
    today = title.as_of
    rows = list(tasks[:MAX_ROWS])
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nhiệm vụ")
    for index, (_, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _printed(sheet)
    last = get_column_letter(len(HEADERS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"
    _title_rows(sheet, title, len(rows))
    sheet.row_dimensions[HEADER_ROW].height = wrapped_height(HEADERS)
    header = []
    for heading, _ in HEADERS:
        head = cell(sheet, heading)
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(head)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    wrapped = [heading in WRAPPED for heading, _ in HEADERS]
    widths = [width for _, width in HEADERS]
    coordinating = _coordinating(rows)
    names = names_for(t.lead_text for t in rows if t.lead_unit_id is None)
    for number, task in enumerate(rows, start=1):
        klass = task_class(task, view, today)
        values: list[str | int | date | None] = [
            number,
            str(task.document.number or task.document),
            task.code,
            task.content,
            unit_label(task.lead_unit) if task.lead_unit else units_text(task.lead_text, names),
            coordinating.get(task.pk, ""),
            task.product,
            task.deadline,
            task.original_deadline,
            task.internal_deadline,
            State(task.state).label,
            task.progress,
            CLASS_LABELS.get(klass, ""),
            task.unit_done_on,
            task.agency_done_on,
        ]
        row = HEADER_ROW + number
        long_texts = [(v, w) for v, w, long in zip(values, widths, wrapped, strict=True) if long]
        height = wrapped_height([(str(v or ""), w) for v, w in long_texts])
        if height is not None:  # set before the row is written (a write-only sheet)
            sheet.row_dimensions[row].height = height
        cells = []
        for value, long in zip(values, wrapped, strict=True):
            written = cell(sheet, value)  # people's text stays text (never a formula)
            written.alignment = wrap if long else top
            if isinstance(value, date):
                written.number_format = DATE_FORMAT
            cells.append(written)
        sheet.append(cells)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(tasks: QuerySet[Task], view: View, title: ExportTitle) -> HttpResponse:
    content = workbook_bytes(tasks, view, title)
    return xlsx_download(content, f"nhiem-vu-{title.as_of:%Y%m%d}.xlsx")
