"""A round's list as XLSX, written through `core.spreadsheets`: a title that says which round,
which filter, as of which day, when and by whom; Vietnamese headers with an autofilter; one
row per unit (its state, first submission dd/mm/yyyy HH:MM, on time / late / missing, number
of versions, the last review's comment)."""

from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from theodoi.accounts.models import User
from theodoi.core.dates import format_date
from theodoi.core.downloads import xlsx_download
from theodoi.core.spreadsheets import Value, put, wrapped_height
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.reports.links import RoundFilter
from theodoi.reports.models import ReportRound, RequestState
from theodoi.reports.roundlist import RoundRow
from theodoi.reports.timeliness import LABELS

HEADERS = [
    ("STT", 6),
    ("Đơn vị", 34),
    ("Trạng thái", 22),
    ("Nộp lần đầu", 17),
    ("Đúng hạn", 22),
    ("Số lần nộp", 10),
    ("Ý kiến xem xét gần nhất", 50),
]
HEADER_ROW = 5  # after the title, the filter, the date line and a blank row
WRAPPED = {2, 7}  # the unit's name and the comment
SENT_FORMAT = "DD/MM/YYYY HH:MM"
WRAP, TOP = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")


def _said(flt: RoundFilter, unit_name: str) -> str:
    parts = []
    if flt.state is not None:
        parts.append(f"tình trạng «{LABELS[flt.state]}»")
    if unit_name:
        parts.append(f"đơn vị {unit_name} và các đơn vị trực thuộc")
    return "; ".join(parts) if parts else "tất cả đơn vị người xuất được xem"


def round_xlsx(
    title: str,
    due: date,
    rows: list[RoundRow],
    flt: RoundFilter,
    made_at: datetime,
    made_by: str,
    unit_name: str = "",
) -> bytes:
    book = Workbook()
    sheet = book.create_sheet("Đợt báo cáo", 0)
    book.remove(book.worksheets[1])  # the empty sheet every new workbook starts with
    head = put(sheet, 1, 1, title.upper())
    head.font = Font(bold=True, size=13)
    put(sheet, 2, 1, f"Hạn nộp {format_date(due)}. Lọc theo: {_said(flt, unit_name)}.")
    put(
        sheet,
        3,
        1,
        f"{len(rows)} đơn vị; tình trạng tính đến ngày {format_date(flt.as_of)}; "
        f"xuất lúc {made_at:%H:%M} ngày {format_date(made_at.date())} bởi {made_by}.",
    )
    for index, (heading, width) in enumerate(HEADERS, start=1):
        written = put(sheet, HEADER_ROW, index, heading)
        written.font = Font(bold=True)
        written.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=1):
        values: list[Value] = [
            number,
            unit_label(row.request.unit),
            RequestState(row.request.state).label,
            row.first_sent.replace(tzinfo=None) if row.first_sent else None,
            row.label,
            row.versions,
            row.last_comment,
        ]
        at = HEADER_ROW + number
        for index, value in enumerate(values, start=1):
            written = put(sheet, at, index, value)  # names and comments stay text
            written.alignment = WRAP if index in WRAPPED else TOP
            if isinstance(value, datetime):
                written.number_format = SENT_FORMAT
        long_texts = [(str(values[i - 1] or ""), HEADERS[i - 1][1]) for i in sorted(WRAPPED)]
        height = wrapped_height(long_texts)
        if height is not None:  # LibreOffice keeps the stored height: wrapped lines need it
            sheet.row_dimensions[at].height = height
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    last = get_column_letter(len(HEADERS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def round_xlsx_response(
    report_round: ReportRound, rows: list[RoundRow], flt: RoundFilter, made_at: datetime, user: User
) -> HttpResponse:
    chosen = Unit.objects.filter(pk=flt.unit_id).first() if flt.unit_id is not None else None
    content = round_xlsx(
        report_round.title,
        report_round.due_date,
        rows,
        flt,
        made_at,
        user.full_name or user.username,
        unit_label(chosen) if chosen else "",
    )
    return xlsx_download(content, f"dot-bao-cao-{report_round.pk}-{flt.as_of:%Y%m%d}.xlsx")
