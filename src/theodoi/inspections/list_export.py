"""The inspections' list as XLSX (openpyxl, cells through core.spreadsheets): the same rows as
the page, with the filters named above the table."""

from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from theodoi.core.spreadsheets import put
from theodoi.inspections.listing import Row

COLUMNS = [
    ("Số quyết định", 16, lambda r: r.number or "Chưa có"),
    ("Cuộc kiểm tra", 48, lambda r: r.inspection.title),
    ("Hình thức", 12, lambda r: r.kind_label),
    ("Đơn vị được kiểm tra", 22, lambda r: ", ".join(u.code for u in r.units)),
    ("Bắt đầu", 12, lambda r: r.inspection.start),
    ("Kết thúc", 12, lambda r: r.inspection.end),
    ("Hạn báo cáo kết quả", 14, lambda r: r.report_due),
    ("Trạng thái", 24, lambda r: r.status.label),
    ("Hồ sơ còn thiếu (Điều 18.1)", 18, lambda r: ", ".join(r.record_missing)),
    ("Kiến nghị", 10, lambda r: r.recommendations),
    ("Nhiệm vụ thực hiện kiến nghị", 14, lambda r: r.followup_tasks),
]
HEADER_ROW = 4
DATES = {5, 6, 7}
WRAP = Alignment(wrap_text=True, vertical="top")


def inspections_xlsx(rows: list[Row], filters: str, made_at: datetime) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("Kiểm tra", 0)
    book.remove(book.worksheets[1])  # the empty sheet every new workbook starts with
    put(sheet, 1, 1, "DANH SÁCH CÁC CUỘC KIỂM TRA VIỆC THỰC HIỆN NHIỆM VỤ").font = Font(
        bold=True, size=13
    )
    put(sheet, 2, 1, f"{filters}; lập lúc {made_at:%H:%M %d/%m/%Y}; {len(rows)} cuộc kiểm tra.")
    for index, (heading, width, _) in enumerate(COLUMNS, start=1):
        cell = put(sheet, HEADER_ROW, index, heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, row in enumerate(rows, start=1):
        for index, (_, _, value) in enumerate(COLUMNS, start=1):
            cell = put(sheet, HEADER_ROW + offset, index, value(row))
            cell.alignment = WRAP
            if index in DATES:
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    last = sheet.cell(row=HEADER_ROW + max(len(rows), 1), column=len(COLUMNS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last.coordinate}"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
