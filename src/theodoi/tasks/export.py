"""Export of a filtered task list to XLSX with Vietnamese headers (openpyxl, streamed rows)."""

from datetime import date
from io import BytesIO

from django.db.models import QuerySet
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from theodoi.core.downloads import xlsx_download
from theodoi.core.spreadsheets import cell
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


def _coordinating(tasks: list[Task]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for task_id, short_name, name in TaskCoordination.objects.filter(task__in=tasks).values_list(
        "task_id", "unit__short_name", "unit__name"
    ):
        found.setdefault(task_id, []).append(short_name or name)
    return {k: ", ".join(sorted(v)) for k, v in found.items()}


def workbook_bytes(tasks: QuerySet[Task], today: date, view: View) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nhiệm vụ")
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
    rows = list(tasks[:MAX_ROWS])
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


def xlsx_response(tasks: QuerySet[Task], today: date, view: View) -> HttpResponse:
    return xlsx_download(workbook_bytes(tasks, today, view), f"nhiem-vu-{today:%Y%m%d}.xlsx")
