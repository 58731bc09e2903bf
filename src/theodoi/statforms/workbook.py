"""The Excel template a unit downloads for one report request of a form (its unit and period):
the layout of `template_layout.plan`, the draft's figures and texts filled in, the sheet
protected with only the input cells unlocked, Times New Roman, A4 landscape fitted to the
page's width. A very hidden, protected sheet ("_mau") says which form, version, unit and
period the template is for, and the layout's fingerprint; `upload.py` checks them against the
request the file is uploaded to, and the layout against the one it works out again.
"""

from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from theodoi.core.dates import format_date
from theodoi.core.spreadsheets import LINE_HEIGHT, Value, put, wrapped_height
from theodoi.reports.models import ReportRequest
from theodoi.statforms.definition import Definition
from theodoi.statforms.models import FormEntry
from theodoi.statforms.selectors import audience_of, definition_of
from theodoi.statforms.services import period_of
from theodoi.statforms.template_layout import (
    COLUMNS,
    HEAD,
    HEADING,
    INPUTS,
    NOTE,
    NUMBER_INPUT,
    SECTION,
    TEXT_INPUT,
    TEXT_LINES,
    TITLE,
    WIDTH,
    Heading,
    Layout,
    Place,
    plan,
)

SHEET = "Báo cáo"
META = "_mau"
MAGIC = "theodoi:bieu-mau"  # A1 of the hidden sheet
# the hidden sheet's rows, in this order: key in column A, value in column B
META_KEYS = ("form", "version", "unit_id", "unit", "period", "request", "fingerprint")
FONT = "Times New Roman"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class Template:
    content: bytes
    filename: str  # ASCII


def heading_of(request: ReportRequest) -> Heading:
    period = period_of(request)
    report_round = request.round
    start, end = report_round.window_start, report_round.window_end
    window = f"từ {format_date(start)} đến {format_date(end)}" if start and end else ""
    return Heading(
        unit_name=request.unit.name,
        period=period.label,
        window=window,
        due=format_date(report_round.due_date),
    )


def template_for(request: ReportRequest) -> Template:
    """The template of `request`'s unit and period, holding its current draft."""
    definition = definition_of(request.round)
    period = period_of(request)
    layout = plan(definition, audience_of(request.unit), period, heading_of(request))
    entry = FormEntry.objects.filter(request=request).first()  # none until a draft is kept
    filled: dict[str, Value] = {**entry.texts, **entry.values} if entry else {}
    meta: dict[str, Value] = {
        "form": definition.code,
        "version": definition.version,
        "unit_id": request.unit_id,
        "unit": request.unit.code,
        "period": period.slug,
        "request": request.pk,
        "fingerprint": layout.fingerprint,
    }
    content = build(definition, layout, filled, meta)
    name = f"mau-{definition.code}-{request.unit.code}-{period.slug}.xlsx".lower()
    return Template(content, "".join(c if c.isascii() and c.isprintable() else "-" for c in name))


def build(
    definition: Definition, layout: Layout, filled: dict[str, Value], meta: dict[str, Value]
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = SHEET
    for column in range(1, COLUMNS + 1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTH
    heights: dict[int, list[tuple[str, float]]] = {}
    for place in layout.places:
        value = filled.get(place.code) if place.kind in INPUTS else place.text
        _write(sheet, place, value)
        text = str(value) if value is not None else ""
        if place.kind == TEXT_INPUT:
            text = text + "\n" * (TEXT_LINES - 1 - text.count("\n"))  # room to write
        if place.rows == 1:  # bold headers take more room than plain text
            width = place.width * (0.8 if place.kind == HEAD else 1)
            heights.setdefault(place.row, []).append((text, width))
    for row, texts in heights.items():
        height = wrapped_height(texts)
        if height is not None:
            sheet.row_dimensions[row].height = max(height, LINE_HEIGHT)
    _print_setup(sheet, definition)
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # people may make a row taller to see their text
    sheet.protection.formatColumns = False
    _meta_sheet(book, meta)
    book.security = WorkbookProtection(lockStructure=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _write(sheet: Worksheet, place: Place, value: Value) -> None:
    target = put(sheet, place.row, place.first, value)
    last_row = place.row + place.rows - 1
    if place.last > place.first or last_row > place.row:
        sheet.merge_cells(
            start_row=place.row, start_column=place.first, end_row=last_row, end_column=place.last
        )
    kind = place.kind
    bold = kind in (TITLE, SECTION, HEAD)
    font = Font(name=FONT, size=12 if kind == TITLE else 11, bold=bold, italic=kind == NOTE)
    center = kind in (TITLE, HEADING, HEAD, NUMBER_INPUT)
    alignment = Alignment(
        horizontal="center" if center and kind != NUMBER_INPUT else None,
        vertical="center" if kind in (HEAD, NUMBER_INPUT) else "top",
        wrap_text=True,
    )
    boxed = kind in (HEAD, NUMBER_INPUT, TEXT_INPUT)
    for row in range(place.row, last_row + 1):
        for column in range(place.first, place.last + 1):
            cell = sheet.cell(row=row, column=column)
            cell.font = font
            cell.alignment = alignment
            if boxed:
                cell.border = BOX
            if kind == HEAD:
                cell.fill = HEAD_FILL
            if kind in INPUTS:
                cell.fill = INPUT_FILL
                cell.protection = Protection(locked=False)
                cell.number_format = "#,##0" if kind == NUMBER_INPUT else "@"
    if kind == TEXT_INPUT and isinstance(value, str):
        target.number_format = "@"


def _print_setup(sheet: Worksheet, definition: Definition) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    footer = sheet.oddFooter
    if footer is not None:
        footer.center.text = f"{definition.title} — trang &P/&N"
    sheet.sheet_view.showGridLines = False


def _meta_sheet(book: Workbook, meta: dict[str, Value]) -> None:
    hidden = book.create_sheet(META)
    put(hidden, 1, 1, MAGIC)
    for row, key in enumerate(META_KEYS, start=2):
        put(hidden, row, 1, key)
        value = meta[key]
        put(hidden, row, 2, str(value) if value is not None else "")
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
