"""Building plan files the way people write them in Word and Excel (tests, bench, demo).

A table is given as rows of strings; `LEFT` merges a cell with the one on its left (across),
`UP` with the one above (down). In Word, "^1" becomes a superscript footnote mark.
"""

import io
import re
from collections.abc import Sequence

import docx
import openpyxl
from docx.enum.text import WD_BREAK

LEFT, UP = "<", "^"
Rows = list[list[str]]


def _spans(rows: Rows) -> list[tuple[int, int, int, int]]:
    """(top, left, bottom, right) of every merged block."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value == LEFT:
                owner[(r, c)] = owner.get((r, c - 1), (r, c - 1))
            elif value == UP:
                owner[(r, c)] = owner.get((r - 1, c), (r - 1, c))
    blocks: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for cell, top in owner.items():
        blocks.setdefault(top, [top]).append(cell)
    return [
        (
            min(r for r, _ in cells),
            min(c for _, c in cells),
            max(r for r, _ in cells),
            max(c for _, c in cells),
        )
        for cells in blocks.values()
    ]


def word(
    rows: Rows,
    *,
    before: Sequence[str] = (),
    after: Sequence[str] = (),
    tables_before: int = 0,
    split_at: int | None = None,
    place_date: str = "",
) -> bytes:
    """A .docx with paragraphs `before`, the table (split into two tables at row `split_at`,
    as after a section break), and paragraphs `after`; `place_date` ("Hà Nội, ngày 15 tháng
    3 năm 2024") goes under the motto of the title block above."""
    document = docx.Document()
    for _ in range(tables_before):  # a layout table above (the national title block)
        top = document.add_table(rows=1, cols=2)
        top.cell(0, 0).text = "BẢO HIỂM XÃ HỘI VIỆT NAM"
        top.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        if place_date:
            top.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
            top.cell(0, 1).add_paragraph(place_date)
    for text in before:
        _paragraph(document.add_paragraph(), text)
    parts = [rows] if split_at is None else [rows[:split_at], rows[split_at:]]
    for part in parts:
        table = document.add_table(rows=len(part), cols=len(part[0]))
        # A row's cells, not table.cell(r, c): python-docx builds that from the whole table's
        # grid on every call, which took ~45 s for a 300-row plan.
        lines = list(table.rows)
        for line, row in zip(lines, part, strict=True):
            cells = line.cells
            for c, value in enumerate(row):
                if value not in (LEFT, UP):
                    _paragraph(cells[c].paragraphs[0], value)
        for top, left, bottom, right in _spans(part):
            lines[top].cells[left].merge(lines[bottom].cells[right])
        if split_at is not None and part is parts[0]:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for text in after:
        _paragraph(document.add_paragraph(), text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph(paragraph, text: str) -> None:
    for piece in re.split(r"(\^\d+)", text):
        if piece.startswith("^"):
            paragraph.add_run(piece[1:]).font.superscript = True
        elif piece:
            paragraph.add_run(piece)


def excel(
    rows: Rows, *, before: Sequence[str] = (), after: Sequence[str] = (), sheet: str = "Phụ lục"
) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    book.create_sheet("Ghi chú")["A1"] = "Trang này không có bảng."
    ws = book.create_sheet(sheet)
    width = len(rows[0])
    line = 1
    for text in before:
        ws.cell(line, 1, text)
        ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
        line += 1
    first = line
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value not in (LEFT, UP, ""):
                ws.cell(first + r, c + 1, re.sub(r"\^(\d+)", r"\1", value))
    for top, left, bottom, right in _spans(rows):
        ws.merge_cells(
            start_row=first + top,
            start_column=left + 1,
            end_row=first + bottom,
            end_column=right + 1,
        )
    line = first + len(rows) + 1
    for text in after:
        ws.cell(line, 1, text)
        line += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LEADS = [
    "Văn phòng",
    "TST",
    "CSXH, CSYT",
    "Trung tâm Công nghệ thông tin",
    "BHXH các tỉnh, thành phố",
    "Ban Pháp chế",
    "Các đơn vị liên quan",
    "TCKT; Văn phòng",
]
COORDINATING = [
    "TST, CSXH, CSYT, TCKT, PC, CNTT",
    "",
    "- Các đơn vị liên quan;\n- BHXH các tỉnh, thành phố",
    "Văn phòng và các đơn vị liên quan",
    "Các đơn vị: CSXH, CSYT, TCKT",
]
TIMELINES = [
    "Quý I/{y}",
    "Tháng 7/{y}",
    "Năm {y}",
    "Thường xuyên",
    "Hằng quý",
    "trước ngày 20/10/{y}",
    "Khi có đề nghị",
    "Quý II, III/{y}",
    "6 tháng cuối năm {y}",
    "- Báo cáo quý: trước ngày 19 của tháng cuối quý I, II, III;\n"
    "- Báo cáo năm: trước ngày 19/12/{y}.",
]


def large_plan(tasks: int = 300, year: int = 2025) -> Rows:
    """A plan of `tasks` task rows in sections of ten, with the usual variety of cells."""
    rows = [
        [
            "STT",
            "Nội dung công việc",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời gian thực hiện",
            "Sản phẩm",
        ]
    ]
    for n in range(tasks):
        section, item = divmod(n, 10)
        if item == 0:
            rows.append(
                [str(section + 1), f"Nhóm nhiệm vụ số {section + 1}", LEFT, LEFT, LEFT, LEFT]
            )
        rows.append(
            [
                f"{section + 1}.{item + 1}",
                f"Nhiệm vụ {n + 1}: rà soát, hoàn thiện quy trình nghiệp vụ và báo cáo kết quả "
                "thực hiện theo kế hoạch của Ngành",
                LEADS[n % len(LEADS)],
                COORDINATING[n % len(COORDINATING)],
                TIMELINES[n % len(TIMELINES)].format(y=year),
                "Báo cáo kết quả",
            ]
        )
    return rows
