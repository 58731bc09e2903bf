"""The ranking as XLSX for the awards council: the period, the date judged, the formula, and
one row per unit with every criterion (openpyxl)."""

from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from theodoi.core.dates import format_date
from theodoi.core.spreadsheets import put
from theodoi.evaluation.metrics import HEADINGS
from theodoi.evaluation.selectors import Ranking

COLUMNS = [
    ("Xếp hạng", 9, lambda r: r.placed.rank),
    ("Mã", 9, lambda r: r.unit.code),
    ("Đơn vị", 40, lambda r: r.name),
    ("Điểm", 9, lambda r: r.placed.score),
    (HEADINGS["assigned"], 11, lambda r: r.metrics.assigned),
    (HEADINGS["due"], 11, lambda r: r.metrics.due),
    (HEADINGS["done_on_time"], 11, lambda r: r.metrics.done_on_time),
    (HEADINGS["done_late"], 11, lambda r: r.metrics.done_late),
    (HEADINGS["open_in_time"], 11, lambda r: r.metrics.open_in_time),
    (HEADINGS["open_overdue"], 11, lambda r: r.metrics.open_overdue),
    (HEADINGS["on_time_rate"], 11, lambda r: r.metrics.on_time_rate),
    (HEADINGS["returned"], 10, lambda r: r.metrics.returned),
    (HEADINGS["reassigned"], 10, lambda r: r.metrics.reassigned),
    (HEADINGS["sent_back"], 10, lambda r: r.metrics.sent_back),
    (HEADINGS["extensions_requested"], 10, lambda r: r.metrics.extensions_requested),
    (HEADINGS["extensions_granted"], 10, lambda r: r.metrics.extensions_granted),
    (HEADINGS["urging_letters"], 10, lambda r: r.metrics.urging_letters),
    (HEADINGS["urged_tasks"], 10, lambda r: r.metrics.urged_tasks),
    (HEADINGS["reports_on_time"], 10, lambda r: r.metrics.reports_on_time),
    (HEADINGS["reports_late"], 10, lambda r: r.metrics.reports_late),
    (HEADINGS["reports_missing"], 10, lambda r: r.metrics.reports_missing),
    (HEADINGS["inspection_recommendations"], 10, lambda r: r.metrics.inspection_recommendations),
    (
        HEADINGS["inspection_followups_overdue"],
        10,
        lambda r: r.metrics.inspection_followups_overdue,
    ),
    ("Ghi chú", 24, lambda r: "" if r.placed.rank else "Không xếp hạng: chưa đủ nhiệm vụ"),
]
HEADER_ROW = 6
WRAPPED = {3, len(COLUMNS)}  # the unit's name and the note
WRAP, TOP = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")


def ranking_xlsx(board: Ranking, made_at: datetime) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("Xếp hạng", 0)
    book.remove(book.worksheets[1])  # the empty sheet every new workbook starts with
    title = put(sheet, 1, 1, f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO: {board.period.label.upper()}")
    title.font = Font(bold=True, size=13)
    put(
        sheet,
        2,
        1,
        f"Kỳ từ {format_date(board.period.start)} đến {format_date(board.period.end)}; "
        f"số liệu tính đến ngày {format_date(board.as_of)} (lập lúc {made_at:%H:%M %d/%m/%Y}).",
    )
    put(sheet, 3, 1, f"Công thức: {board.formula.text}.")
    put(
        sheet,
        4,
        1,
        f"Chỉ xếp hạng đơn vị có ít nhất {board.formula.min_judged} nhiệm vụ đã hoàn thành "
        "hoặc đã quá hạn trong kỳ; điểm bằng nhau thì cùng hạng.",
    )
    for index, (heading, width, _) in enumerate(COLUMNS, start=1):
        cell = put(sheet, HEADER_ROW, index, heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, row in enumerate(board.rows, start=1):
        for index, (_, _, value) in enumerate(COLUMNS, start=1):
            cell = put(sheet, HEADER_ROW + offset, index, value(row))  # names stay text
            cell.alignment = WRAP if index in WRAPPED else TOP
            if index in (4, 11):
                cell.number_format = "0.00"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
    last = sheet.cell(row=HEADER_ROW + max(len(board.rows), 1), column=len(COLUMNS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last.coordinate}"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
