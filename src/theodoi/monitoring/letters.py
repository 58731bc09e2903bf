"""The urging letter (văn bản đôn đốc) as a Word file in the administrative format of Decree
30/2020/NĐ-CP, Appendix I (DOMAIN §10): A4, Times New Roman, the two header columns (issuing
body and number; national title, motto, place and date), "Kính gửi", the body with its table
of tasks, then "Nơi nhận" and the signature block."""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from docx import Document as Word
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from theodoi.core.text import clean_text

ISSUER = "BẢO HIỂM XÃ HỘI VIỆT NAM"
NUMBER_SUFFIX = "/BHXH-VP"
PLACE = "Hà Nội"
FONT = "Times New Roman"


@dataclass(frozen=True)
class AgencyStructure:
    """What the letter says of the agency's place and its head, from `since` on: the only
    place these words are kept (headings, "Nơi nhận", the default signature)."""

    since: date
    parent_body: str  # the line above the issuer; "" when the agency stands alone
    head: str  # the head of the agency as "Nơi nhận" names it
    signer_authority: str  # a deputy signs for the head (Decree 30, Appendix I: "KT.")
    signer_title: str


STRUCTURES = (
    AgencyStructure(
        date.min, "", "Tổng Giám đốc BHXH Việt Nam", "KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC"
    ),
    # from 01/03/2025 BHXH Việt Nam is part of the Ministry of Finance, led by a Giám đốc
    AgencyStructure(
        date(2025, 3, 1), "BỘ TÀI CHÍNH", "Giám đốc BHXH Việt Nam", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    ),
)


def structure_on(day: date) -> AgencyStructure:
    return [s for s in STRUCTURES if s.since <= day][-1]


@dataclass(frozen=True)
class LetterTask:
    number: int
    content: str
    document: str
    internal_deadline: str
    deadline: str
    standing: str  # "Quá hạn 3 ngày làm việc" / "Còn 2 ngày làm việc"


@dataclass(frozen=True)
class LetterText:
    unit_name: str
    number: str
    issued_on: date
    as_of: date
    soon_days: int
    overdue: list[LetterTask]
    soon: list[LetterTask]
    signer_authority: str
    signer_title: str
    signer_name: str


def dated_line(day: date) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026": days 1-9 and months 1-2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{PLACE}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str) -> str:
    """ "Số: 05/BHXH-VP" (numbers under 10 zero-padded); left open for the clerk if blank."""
    number = number.strip()
    if not number:
        return f"Số:        {NUMBER_SUFFIX}"
    if number.isdigit():
        return f"Số: {int(number):02d}{NUMBER_SUFFIX}"
    return f"Số: {number}"


def _font(run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)  # Vietnamese text must not fall back to an Asian font


def _para(
    where,
    text: str,
    size: float = 14,
    *,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: float = 6,
) -> Paragraph:
    paragraph = where.add_paragraph() if not isinstance(where, Paragraph) else where
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    # cleaned here too: a row saved before text was cleaned must not break the letter
    _font(paragraph.add_run(clean_text(text)), size, bold=bold, italic=italic)
    return paragraph


def _rule(cell: _Cell, width_mm: float, cell_mm: float) -> None:
    """A short centred line under the heading above it (a bottom border on an empty,
    indented paragraph)."""
    paragraph = cell.add_paragraph()
    side = max((cell_mm - width_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.space_after = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    _font(paragraph.add_run(""), 4)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _page_numbers(section) -> None:
    """Page numbers at the top centre from page 2 (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header(doc, letter: LetterText) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    widths = (Mm(70), Mm(95))
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by; Word reads the cells'
        cell.width = width
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    structure = structure_on(letter.issued_on)
    if structure.parent_body:
        _para(left.paragraphs[0], structure.parent_body, 13, align=center, after=0)
        _para(left, ISSUER, 13, bold=True, align=center, after=0)
    else:
        _para(left.paragraphs[0], ISSUER, 13, bold=True, align=center, after=0)
    _rule(left, 30, 70)
    _para(left, number_line(letter.number), 13, align=center, after=0)
    _para(left, "V/v đôn đốc thực hiện nhiệm vụ được giao", 12, align=center, after=0)
    _para(
        right.paragraphs[0],
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        12,
        bold=True,
        align=center,
        after=0,
    )
    _para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, align=center, after=0)
    _rule(right, 58, 95)
    _para(right, dated_line(letter.issued_on), 14, italic=True, align=center, after=0)


def _tasks_table(doc, rows: list[LetterTask]) -> None:
    heads = ("STT", "Nhiệm vụ", "Văn bản giao", "Hạn gửi Văn phòng", "Thời hạn", "Tình trạng")
    widths = (Mm(10), Mm(58), Mm(32), Mm(22), Mm(20), Mm(23))
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, heads, widths, strict=True):
        cell.width = width
        _para(cell.paragraphs[0], text, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    for row in rows:
        values = (
            str(row.number),
            row.content,
            row.document,
            row.internal_deadline,
            row.deadline,
            row.standing,
        )
        cells = table.add_row().cells
        for i, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            align = WD_ALIGN_PARAGRAPH.LEFT if i in (1, 2) else WD_ALIGN_PARAGRAPH.CENTER
            _para(cell.paragraphs[0], text, 12, align=align, after=0)


def _closing(doc, letter: LetterText) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(85), Mm(80)
    _para(
        left.paragraphs[0],
        "Nơi nhận:",
        12,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        after=0,
    )
    head = structure_on(letter.issued_on).head
    for line in ("- Như trên;", f"- {head} (để b/c);", "- Lưu: VT, VP."):
        _para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(
        right.paragraphs[0], letter.signer_authority.upper(), 14, bold=True, align=center, after=0
    )
    _para(right, letter.signer_title.upper(), 14, bold=True, align=center, after=60)
    _para(right, letter.signer_name, 14, bold=True, align=center, after=0)


def build_letter(letter: LetterText) -> bytes:
    doc = Word()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_numbers(section)
    _header(doc, letter)
    _para(doc, f"Kính gửi: {letter.unit_name}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    as_of = f"{letter.as_of:%d/%m/%Y}"
    _para(
        doc,
        "Thực hiện Quy chế theo dõi, đôn đốc, kiểm tra việc thực hiện nhiệm vụ được giao, "
        f"Bảo hiểm xã hội Việt Nam thông báo: tính đến ngày {as_of}, {letter.unit_name} có "
        f"{len(letter.overdue)} nhiệm vụ đã quá hạn gửi kết quả về Văn phòng và "
        f"{len(letter.soon)} nhiệm vụ sẽ đến hạn trong {letter.soon_days} ngày làm việc tới, "
        "cụ thể như sau:",
        indent=True,
    )
    if letter.overdue:
        _para(doc, "1. Nhiệm vụ đã quá hạn", bold=True, indent=True)
        _tasks_table(doc, letter.overdue)
    if letter.soon:
        _para(doc, f"{2 if letter.overdue else 1}. Nhiệm vụ sắp đến hạn", bold=True, indent=True)
        _tasks_table(doc, letter.soon)
    _para(
        doc,
        f"Đề nghị {letter.unit_name} khẩn trương chỉ đạo hoàn thành các nhiệm vụ trên, gửi kết "
        "quả về Văn phòng chậm nhất 01 ngày làm việc trước thời hạn; trường hợp không hoàn "
        "thành đúng hạn, báo cáo rõ lý do và đề xuất gia hạn để Văn phòng tổng hợp, báo cáo "
        "Lãnh đạo Ngành./.",
        indent=True,
        after=12,
    )
    _closing(doc, letter)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
