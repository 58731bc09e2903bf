"""The queue of difficulties as an XLSX file (Vietnamese headers, real dates)."""

from datetime import date
from io import BytesIO

from django.db.models import QuerySet
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from theodoi.core.downloads import xlsx_download
from theodoi.core.spreadsheets import cell
from theodoi.tasks.models import Obstacle
from theodoi.tasks.obstacles.reads import rows_of
from theodoi.workcalendar.services import get_calendar

MAX_ROWS = 20_000
HEADERS = [
    ("STT", 6),
    ("Nhiệm vụ", 50),
    ("Đơn vị nêu", 24),
    ("Ngày nêu", 12),
    ("Khó khăn, vướng mắc", 50),
    ("Đề xuất, kiến nghị", 40),
    ("Trạng thái", 22),
    ("Số ngày làm việc chờ", 12),
    ("Lãnh đạo được trình", 24),
    ("Ý kiến chỉ đạo", 40),
    ("Ngày có ý kiến chỉ đạo", 14),
]
DATE_FORMAT = "DD/MM/YYYY"


def workbook_bytes(obstacles: QuerySet[Obstacle], today: date) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Khó khăn, vướng mắc")
    for index, (_, width) in enumerate(HEADERS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title, _ in HEADERS:
        head = cell(sheet, title)
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(head)
    sheet.append(header)
    rows = rows_of(list(obstacles[:MAX_ROWS]), today, get_calendar())
    for number, row in enumerate(rows, start=1):
        values: list[str | int | date | None] = [
            number,
            row.task_label,
            row.unit,
            row.raised_on,
            row.difficulty,
            row.proposal,
            row.status_label,
            row.waiting_days,
            row.leader,
            row.decision,
            row.decided_on,
        ]
        cells = []
        for value in values:
            written = cell(sheet, value)  # people's text stays text (never a formula)
            if isinstance(value, date):
                written.number_format = DATE_FORMAT
            cells.append(written)
        sheet.append(cells)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(obstacles: QuerySet[Obstacle], today: date) -> HttpResponse:
    content = workbook_bytes(obstacles, today)
    return xlsx_download(content, f"kho-khan-vuong-mac-{today:%Y%m%d}.xlsx")
