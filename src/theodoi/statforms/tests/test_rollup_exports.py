"""The roll-up's files: the XLSX in the form's layout (read back with openpyxl) and the Decree
30 Word report (the checklist, and LibreOffice laying it out with its landscape table)."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from theodoi.core.periods import parse_period
from theodoi.core.tests import rendered
from theodoi.core.tests.decree30_checklist import check_layout, check_pages
from theodoi.statforms.rollup_table import table
from theodoi.statforms.rollup_word import build_rollup_report
from theodoi.statforms.tests.filled import central_values, province_values
from theodoi.statforms.tests.rollup_world import send

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(forms):
    send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-10")
    haiphong = province_values(**{"5_1": 1300, "5_2": 1000, "6_2_total": 1300, "4b_total": 14})
    send(forms.haiphong, "HAIPHONG", "2026-Q2", {**haiphong, "4b.new": 12}, "2026-06-12")
    send(forms.cntt, "CNTT", "2026-Q2", central_values(), "2026-06-11")
    return forms


def test_the_xlsx_is_laid_out_like_the_form(sent, client) -> None:
    client.force_login(sent.office)
    response = client.get(reverse("statforms:rollup_xlsx", args=["tthc", "2026-Q2"]))
    assert response["Content-Disposition"] == 'attachment; filename="tong-hop-tthc-2026-Q2.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "TỔNG HỢP KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH QUÝ II/2026"
    assert "số liệu từ ngày 15/03/2026 đến ngày 14/06/2026; hạn nộp 18/06/2026" in str(rows[1][0])
    assert rows[5][3] == "Số hồ sơ tiếp nhận" and rows[5][9] == "Kết quả giải quyết"
    assert rows[6][4] == "Các hình thức tiếp nhận" and rows[7][4] == "Qua giao dịch điện tử"
    numbers = rows[8]
    assert numbers[3:19] == [str(n) for n in range(1, 17)]  # the column numbers row
    assert "D6:I6" in {str(r) for r in sheet.merged_cells.ranges}  # 6 columns under a group
    by_name = {row[1]: row for row in rows[9:] if row[1]}
    assert by_name["BHXH Hà Nội"][3:5] == [1200, 900]
    assert by_name["BHXH Hải Phòng"][3:5] == [1300, 1000]
    assert by_name["BHXH Đà Nẵng"][2] == "Chưa nộp"
    assert sheet.cell(
        row=rows.index(by_name["BHXH Đà Nẵng"]) + 1, column=2
    ).fill.fgColor.rgb.endswith("F8D7DA")
    total = by_name["Tổng cộng"]
    expected = table("tthc", parse_period("2026-Q2")).rollup.expected
    assert total[2] == f"3/{expected} đơn vị đã nộp" and total[3:5] == [2500, 1900]
    pakn = next(i for i, row in enumerate(rows) if str(row[0]).startswith("II. TIẾP NHẬN"))
    assert rows[pakn + 1][3] == "Tổng số PAKN đã tiếp nhận trong kỳ"
    assert rows[pakn + 2][3:5] == [90, 75]  # 4a.total and 4a.new of the three units
    assert rows[pakn + 3][3] == 12 + 14 + 12  # 4b.total


def test_the_word_report_passes_the_decree_30_checklist(sent, tmp_path) -> None:
    data = table("tthc", parse_period("2026-Q2"), date(2026, 7, 2))
    assert data is not None
    content = build_rollup_report(data, date(2026, 7, 2))
    check_layout(content, number_line="Số: …/BC-BHXH", dated="Hà Nội, ngày 02 tháng 7 năm 2026")
    doc = Document(BytesIO(content))
    texts = [p.text for p in doc.paragraphs]
    assert "Tổng hợp kết quả kiểm soát thủ tục hành chính quý II năm 2026" in texts
    lead = next(t for t in texts if "đơn vị đã gửi báo cáo" in t)
    assert f"3/{data.rollup.expected} đơn vị" in lead and "BHXH Đà Nẵng" in lead
    wide = [s for s in doc.sections if (s.page_width or 0) > (s.page_height or 0)]
    assert len(wide) == 1
    grid = doc.tables[1]
    assert [c.text for c in grid.rows[0].cells][:4] == ["STT", "Đơn vị", "(1)", "(2)"]
    names = [row.cells[1].text for row in grid.rows[1:-1]]
    assert "BHXH Hà Nội" in names and "BHXH Đà Nẵng (chưa gửi)" in names
    assert "Trung tâm CNTT" not in names  # the central units do not fill section 5
    assert [c.text for c in grid.rows[-1].cells][1:4] == ["Tổng cộng", "2.500", "1.900"]
    pdf = check_pages(content, tmp_path)  # LibreOffice opens it and numbers its pages
    pages = range(2, 5)  # the landscape pages: the grid runs over two of them
    found = [w.text for page in pages for w in rendered.words(pdf, page)]
    assert "2.500" in found and "(chưa" in found  # the table's total and a missing unit


def test_each_column_of_the_word_table_fits_its_longest_figure() -> None:
    from theodoi.statforms.rollup_word import DIGIT_MM, PADDING_MM, count_widths

    columns = [["(1)", "2.711.189", "70.919"], ["(9)", "13", "285"], ["(16)", "4", "41"]]
    widths = count_widths(columns, 60.0)
    assert widths[0] > widths[1] > 0 and abs(sum(widths) - 60.0) < 1e-9
    for column, width in zip(columns, widths, strict=True):
        assert width >= max(len(t) for t in column) * DIGIT_MM + PADDING_MM
