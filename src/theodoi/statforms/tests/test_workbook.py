"""The Excel template a unit downloads: the seed's layout for its unit and period, its draft
filled in, only the input cells open, ready to print on A4 landscape."""

import csv
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from theodoi.core.tests.rendered import convert as libreoffice
from theodoi.statforms.services import form_save_draft
from theodoi.statforms.tests.sheets import download, request_of, row_starting, where
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db

NUMBERS = ["1=2+3+4+5+6", "2", "3", "4", "5", "6", "7=8+9", "8", "9", "10=11+12", "11", "12"]
NUMBERS += ["13=14+15+16", "14", "15", "16"]


def sections(sheet) -> list[str]:
    """The numbers of the sections the sheet holds ("1", "2", … as their titles begin)."""
    found = []
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        head = str(cell.value or "").split(".")[0]
        if head.isdigit() and cell.font.bold and str(cell.value).startswith(f"{head}. "):
            found.append(head)
    return found


def test_the_template_is_the_provinces_form_of_the_period_with_its_draft(forms) -> None:
    request = request_of("HANOI")
    form_save_draft(
        actor=forms.hanoi, request=request, expected_version=request.version,
        values={"5.1": 1200, "4a.total": 30},
        texts={"1.documents": "Kế hoạch 12/KH-BHXH"}, explanations={},
    )  # fmt: skip
    book = load_workbook(BytesIO(download(client_for(forms.hanoi), request)))
    assert book.sheetnames == ["Báo cáo", "_mau"]
    hidden = book["_mau"]
    assert hidden.sheet_state == "veryHidden" and hidden.protection.sheet
    assert [hidden.cell(row=r, column=2).value for r in (5, 6)] == ["HANOI", "2026-Q1"]
    assert book.security is not None and book.security.lockStructure
    sheet = book["Báo cáo"]
    assert (sheet["A1"].value, sheet["A2"].value) == (
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        forms.units["HANOI"].name.upper(),
    )
    assert (sheet["A4"].value, sheet["A5"].value) == (
        "BÁO CÁO",
        "CÔNG TÁC KIỂM SOÁT THỦ TỤC HÀNH CHÍNH",
    )
    assert sheet["A6"].value == (
        "Kỳ báo cáo: Quý I/2026; số liệu từ 15/12/2025 đến 14/03/2026; hạn nộp: 18/03/2026"
    )
    assert sections(sheet) == ["1", "2", "4", "5", "6", "7", "8", "9", "10"]  # 3: Q3 only
    numbers = next(r for r in sheet.iter_rows() if r[0].value == NUMBERS[0])
    assert [c.value for c in numbers] == NUMBERS
    grid = where(sheet, {"5.1": None, "4a.total": None, "4a.new": None})
    assert sheet[grid["5.1"]].value == 1200 and sheet[grid["4a.total"]].value == 30
    assert sheet[grid["4a.new"]].value is None  # blank stays blank, never zero
    text = sheet.cell(row=row_starting(sheet, "Các văn bản đã ban hành"), column=6)
    assert text.value == "Kế hoạch 12/KH-BHXH"
    # the sheet is protected: the inputs open, every label locked
    assert sheet.protection.sheet
    inputs = [sheet[a] for a in grid.values()] + [text]
    assert all(not c.protection.locked for c in inputs)
    written = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    labels = [c for c in written if c not in inputs]
    assert labels and all(c.protection.locked for c in labels)
    assert {c.font.name for c in written} == {"Times New Roman"}
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape", 9, 1, 0,
    )  # fmt: skip
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_a_central_unit_gets_its_own_sections_and_the_third_quarter_adds_section_3(
    forms,
) -> None:
    central = download(client_for(forms.cntt), request_of("CNTT", "2026-Q3"))
    sheet = load_workbook(BytesIO(central))["Báo cáo"]
    assert sections(sheet) == ["3", "4", "6", "7", "8", "9", "10"]
    assert all(c.value != NUMBERS[0] for row in sheet.iter_rows() for c in row)  # no table 5
    province = download(client_for(forms.hanoi), request_of("HANOI", "2026-Q3"))
    assert sections(load_workbook(BytesIO(province))["Báo cáo"])[:3] == ["1", "2", "3"]


def test_the_template_opens_in_libreoffice_as_the_paper_form(forms, tmp_path: Path) -> None:
    request = request_of("HANOI")
    form_save_draft(
        actor=forms.hanoi, request=request, expected_version=request.version,
        values={"5.1": 1200}, texts={}, explanations={},
    )  # fmt: skip
    source = tmp_path / "mau.xlsx"
    source.write_bytes(download(client_for(forms.hanoi), request))
    shown = libreoffice(source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    rows = list(csv.reader(shown.read_text("utf-8").splitlines()))
    assert rows[3][0] == "BÁO CÁO" and rows[4][0] == "CÔNG TÁC KIỂM SOÁT THỦ TỤC HÀNH CHÍNH"
    numbers = next(i for i, r in enumerate(rows) if r[0] == NUMBERS[0])
    assert rows[numbers] == NUMBERS
    assert rows[numbers + 1][0] in ("1,200", "1.200")  # as the locale groups thousands
