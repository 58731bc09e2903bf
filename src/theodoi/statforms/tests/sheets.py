"""Templates in the tests: a unit's request of a period, the template downloaded through its
page, filled with openpyxl the way a person fills it (by the labels and column numbers on the
sheet), and sent back through the upload page."""

from collections.abc import Mapping
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from theodoi.core.periods import parse_period
from theodoi.reports.models import ReportRequest
from theodoi.statforms.selectors import request_in, round_or_open


def request_of(unit: str, period: str = "2026-Q1") -> ReportRequest:
    return request_in(round_or_open("tthc", parse_period(period)), unit)


def download(client: Client, request: ReportRequest) -> bytes:
    response = client.get(f"/bieu-mau/{request.pk}/mau.xlsx")
    assert response.status_code == 200, response.status_code
    return response.content


def sheet_of(content: bytes) -> Worksheet:
    return load_workbook(BytesIO(content))["Báo cáo"]


def row_starting(sheet: Worksheet, words: str) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if isinstance(row[0].value, str) and row[0].value.startswith(words):
            return row[0].row
    raise AssertionError(f"no row starts with {words!r}")


def where(sheet: Worksheet, values: Mapping[str, object]) -> dict[str, str]:
    """The input cell of each code, found as a person finds it: section 5's by the column
    numbers row, section 4's and 6.2's by their row and column labels, the others on the row
    of their label (the input at its right end)."""
    cells: dict[str, str] = {}
    numbers = next(r for r in sheet.iter_rows() if r[0].value == "1=2+3+4+5+6")
    for cell in numbers:
        cells[f"5.{str(cell.value).split('=')[0]}"] = f"{cell.column_letter}{(cell.row or 0) + 1}"
    for channel, words in (("4a", "a) Tại Hệ thống"), ("4b", "b) Tiếp nhận")):
        row = row_starting(sheet, words)
        for cell in sheet[row_starting(sheet, "Phản ánh, kiến nghị")][4:]:
            column = {
                "Tổng số PAKN đã tiếp nhận trong kỳ": "total",
                "Số tiếp nhận mới trong kỳ": "new",
                "Số từ kỳ trước chuyển qua": "carried",
                "Số PAKN về quy định hành chính": "regulations",
                "Số PAKN đã xử lý": "processed",
                "Số PAKN đang xử lý": "processing",
            }.get(str(cell.value))
            if column:
                cells[f"{channel}.{column}"] = f"{cell.column_letter}{row}"
    for code, words in (("6.2.online", "Số hồ sơ thực hiện"), ("6.2.total", "Tổng số hồ sơ tiếp")):
        cells[code] = f"O{row_starting(sheet, words)}"
    return {code: cells[code] for code in values}


def filled(content: bytes, values: Mapping[str, object]) -> bytes:
    """The template with `values` typed into their cells (text stays text: "1.234")."""
    book = load_workbook(BytesIO(content))
    sheet = book["Báo cáo"]
    for code, address in where(sheet, values).items():
        sheet[address] = values[code]  # type: ignore[assignment]  # "=…" becomes a formula
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, request: ReportRequest, data: bytes, *, submit: bool = False) -> Any:
    form: dict[str, object] = {
        "version": request.version,
        "upload": SimpleUploadedFile("m.xlsx", data),
    }
    if submit:
        form["submit_now"] = "on"
    return client.post(f"/bieu-mau/{request.pk}/tai-len/", form)
