"""The national roll-up as XLSX in the form's layout (written through `core.spreadsheets`): the
title, the period with its data window and due date, how many units sent and which did not;
section 5's 16 columns under the paper form's header (groups, their parts, the columns) and
the row of column numbers, one row per expected unit (a unit that sent nothing is marked
"Chưa nộp" on a red background), the total row; then section 4's table summed over the units.
"""

from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from theodoi.core.dates import format_date
from theodoi.core.downloads import xlsx_download
from theodoi.core.spreadsheets import Value, put
from theodoi.statforms.rollup_table import Table

FIRST = 4  # the column of "1": after STT, the unit and its state
HEADER_ROW = 6  # after the title, the period, the counts, a blank row and the heading
COUNT_FORMAT = "#,##0"
MISSING_FILL = PatternFill("solid", fgColor="F8D7DA")
TOTAL_FILL = PatternFill("solid", fgColor="E7E6E6")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _boxed(sheet: Worksheet, row: int, column: int, value: Value, *, bold: bool = False) -> None:
    cell = put(sheet, row, column, value)
    cell.border = BOX
    cell.alignment = CENTER if not isinstance(value, str) or column != 2 else LEFT
    if bold:
        cell.font = Font(bold=True)
    if isinstance(value, int):
        cell.number_format = COUNT_FORMAT


def _merge(sheet: Worksheet, top: int, left: int, rowspan: int, colspan: int) -> None:
    if rowspan > 1 or colspan > 1:
        sheet.merge_cells(
            start_row=top,
            start_column=left,
            end_row=top + rowspan - 1,
            end_column=left + colspan - 1,
        )
    for r in range(top, top + rowspan):  # the merged range's frame
        for c in range(left, left + colspan):
            sheet.cell(row=r, column=c).border = BOX


def _grid_header(sheet: Worksheet, data: Table) -> int:
    """The header rows and the numbers row; the first row of units."""
    shape = data.layout
    depth = len(shape.header)
    for column, label in enumerate(("STT", "Đơn vị", "Tình trạng"), start=1):
        _boxed(sheet, HEADER_ROW, column, label, bold=True)
        _merge(sheet, HEADER_ROW, column, depth + 1, 1)  # down over the numbers row too
    taken: set[tuple[int, int]] = set()
    for level, cells in enumerate(shape.header):
        row, column = HEADER_ROW + level, FIRST
        for head in cells:
            while (row, column) in taken:  # under a label that stands down from above
                column += 1
            _boxed(sheet, row, column, head.label, bold=True)
            _merge(sheet, row, column, head.rowspan, head.colspan)
            for r in range(row, row + head.rowspan):
                taken.update((r, c) for c in range(column, column + head.colspan))
            column += head.colspan
    numbers = HEADER_ROW + depth
    for offset, number in enumerate(shape.numbers):
        _boxed(sheet, numbers, FIRST + offset, number, bold=True)
    return numbers + 1


def _unit_rows(sheet: Worksheet, data: Table, first: int) -> int:
    row = first
    for line in data.lines:
        values: list[Value] = [line.number, line.name, line.state, *line.grid]
        for column, value in enumerate(values, start=1):
            _boxed(sheet, row, column, value)
            if line.missing:
                sheet.cell(row=row, column=column).fill = MISSING_FILL
        row += 1
    rollup = data.rollup
    said = f"{rollup.submitted}/{rollup.expected} đơn vị đã nộp"
    totals: list[Value] = ["", "Tổng cộng", said, *(data.sums.get(c) for c in data.layout.grid)]
    for column, value in enumerate(totals, start=1):
        _boxed(sheet, row, column, value, bold=True)
        sheet.cell(row=row, column=column).fill = TOTAL_FILL
    return row + 1


def _pakn(sheet: Worksheet, data: Table, top: int) -> None:
    put(sheet, top, 1, "II. TIẾP NHẬN, XỬ LÝ PAKN VỀ QUY ĐỊNH, TTHC (MỤC 4), TỔNG CÁC ĐƠN VỊ")
    sheet.cell(row=top, column=1).font = Font(bold=True)
    head = top + 1
    _boxed(sheet, head, 1, "STT", bold=True)
    _boxed(sheet, head, 2, "Hình thức tiếp nhận", bold=True)
    _merge(sheet, head, 2, 1, 2)
    for offset, (_, label) in enumerate(data.layout.pakn_columns):
        _boxed(sheet, head, FIRST + offset, label, bold=True)
    sheet.row_dimensions[head].height = 60
    for number, (label, values) in enumerate(data.pakn_sum_rows(), start=1):
        at = head + number
        _boxed(sheet, at, 1, number)
        _boxed(sheet, at, 2, label)
        _merge(sheet, at, 2, 1, 2)
        for offset, value in enumerate(values):
            _boxed(sheet, at, FIRST + offset, value)


def rollup_xlsx(data: Table) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("Tổng hợp", 0)
    book.remove(book.worksheets[1])  # the empty sheet every new workbook starts with
    found, label = data.period, data.period.period.label
    title = put(sheet, 1, 1, f"TỔNG HỢP KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH {label.upper()}")
    title.font = Font(bold=True, size=13)
    put(
        sheet,
        2,
        1,
        f"Kỳ báo cáo: {label}; số liệu từ ngày {format_date(found.window_start)} đến ngày "
        f"{format_date(found.window_end)}; hạn nộp {format_date(found.due)}.",
    )
    missing = data.missing_names
    said = f"{data.rollup.submitted}/{data.rollup.expected} đơn vị đã nộp"
    said += f"; chưa nộp: {', '.join(missing)}." if missing else "."
    put(sheet, 3, 1, said)
    heading = put(sheet, 5, 1, "I. KẾT QUẢ GIẢI QUYẾT, TRẢ KẾT QUẢ TTHC (MỤC 5)")
    heading.font = Font(bold=True)
    after = _unit_rows(sheet, data, _grid_header(sheet, data))
    _pakn(sheet, data, after + 1)
    for column, width in ((1, 6), (2, 30), (3, 20)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset in range(len(data.layout.grid)):
        sheet.column_dimensions[get_column_letter(FIRST + offset)].width = 12
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + len(data.layout.header) + 1, column=FIRST)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(data: Table) -> str:
    return f"tong-hop-{data.rollup.code}-{data.period.period.slug}.xlsx"


def rollup_xlsx_response(data: Table) -> HttpResponse:
    return xlsx_download(rollup_xlsx(data), file_name(data))
