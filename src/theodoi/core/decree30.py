"""The administrative layout of Decree 30/2020/NĐ-CP, Appendix I, shared by every Word file the
system generates (the urging letter now; decisions and notices later): A4 and its margins,
Times New Roman (the east-Asian font too), the two-column heading, the rules under the issuer
and the motto, tables whose columns keep their widths in Word and LibreOffice, "Nơi nhận" with
the signature block, and page numbers from page 2. A document composes itself from these
pieces (`monitoring/letters.py`); docs/monitoring.md says what each measure is and why.

Widths are in millimetres. A table's widths are written three times, because each program
reads another: the table's own width (`w:tblW`) with a fixed layout, the grid
(`w:tblGrid/w:gridCol`, which LibreOffice lays out by) and every cell (`w:tcW`, Word's)."""

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from theodoi.core.text import clean_text

FONT = "Times New Roman"
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165 mm of text a line
CELL_PADDING_MM = 1.5  # left and right inside every cell, written, not left to each program
HEADING_MM = (70, 95)  # the issuer's column; the national title's (88 mm at 12 pt fits)
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_MM = 57.0  # the motto in Times New Roman bold 13 pt is 56.1 mm: its rule is as long
ISSUER_RULE_MM = 30.0  # under the issuer: 1/3 to 1/2 of its line (66 mm for BHXH Việt Nam)
SIGNATURE_MM = (80, 85)  # "Nơi nhận" on the left, the signature on the right
INDENT_MM = 12.7  # a body paragraph's first line (Decree 30: 1 to 1.27 cm)

Align = WD_ALIGN_PARAGRAPH
Where = Document | _Cell | Paragraph


@dataclass(frozen=True)
class Heading:
    """The two columns at the top (Decree 30, Appendix I, boxes 1-5)."""

    parent_body: str  # the body above the issuer ("BỘ TÀI CHÍNH"); "" when none
    issuer: str
    number: str  # "Số: 07/BHXH-VP" (`number_line`)
    subject: str  # "V/v …" of a letter; "" for a document whose name stands in the body
    dated: str  # "Hà Nội, ngày 05 tháng 02 năm 2026" (`dated_line`)


@dataclass(frozen=True)
class Signature:
    recipients: Sequence[str]  # the lines under "Nơi nhận:", each "- …;"
    authority: str  # "KT. GIÁM ĐỐC"; "" when the head signs in person
    title: str
    name: str  # "" leaves the space for the clerk to type


def dated_line(place: str, day: date) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026": days 1-9 and months 1-2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str, suffix: str) -> str:
    """ "Số: 05/BHXH-VP" (numbers under 10 zero-padded); left open for the clerk if blank."""
    number = number.strip()
    if not number:
        return f"Số:        {suffix}"
    if number.isdigit():
        return f"Số: {int(number):02d}{suffix}"
    return f"Số: {number}"


def document() -> Document:
    """An empty A4 page in the Decree 30 margins and font, numbered from page 2."""
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_numbers(doc)
    return doc


def new_section(doc: Document, *, landscape: bool) -> float:
    """Go on from a new page turned `landscape` (wide tables, Decree 30 allows it) or back to
    portrait, in the same margins, numbered on from the page before (the section keeps the
    header of the one before it and numbers its own first page); the width of its text, mm."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = (PAGE_MM[1], PAGE_MM[0]) if landscape else PAGE_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.different_first_page_header_footer = False
    return width - MARGINS_MM["left"] - MARGINS_MM["right"]


def to_bytes(doc: Document) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def font(run: Run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)  # Vietnamese text must not fall back to an Asian font


def para(
    where: Where,
    text: str,
    size: float = 14,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = Align.JUSTIFY,
    indent: bool = False,
    before: float = 0,
    after: float = 6,
    with_next: bool = False,
) -> Paragraph:
    """A paragraph of `text` (a cell's or the document's next one, or `where` itself)."""
    paragraph = where if isinstance(where, Paragraph) else where.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(INDENT_MM)
    if with_next:  # a heading stays with its table, a closing line with the signature
        paragraph.paragraph_format.keep_with_next = True
    # cleaned here too: a row saved before text was cleaned must not break the document
    font(paragraph.add_run(clean_text(text)), size, bold=bold, italic=italic)
    return paragraph


def rule(cell: _Cell, width_mm: float, column_mm: float, *, after: float = 0) -> None:
    """A solid line `width_mm` long, centred in its column, right under the line above: the
    bottom border of an empty paragraph 1 pt high whose indents leave that width."""
    paragraph = cell.add_paragraph()
    side = max((column_mm - 2 * CELL_PADDING_MM - width_mm) / 2, 0)
    form = paragraph.paragraph_format
    form.left_indent = form.right_indent = Mm(side)
    form.space_before, form.space_after = Pt(0), Pt(after)
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(1)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "6", "w:space": "0", "w:color": "000000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    font(paragraph.add_run(""), 1)


def _set(parent: object, tag: str, **attributes: str) -> None:
    """Set `w:tag` (created if missing) under the XML element `parent` with `attributes`."""
    element = parent.find(qn(f"w:{tag}"))  # type: ignore[attr-defined]
    if element is None:
        element = OxmlElement(f"w:{tag}")
        parent.append(element)  # type: ignore[attr-defined]
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def table(doc: Document, widths_mm: Sequence[float], *, lines: bool = True) -> Table:
    """A centred table of one row whose columns are `widths_mm` wide in every program (the
    table's width, its grid and each cell; a fixed layout), with or without its lines."""
    table = doc.add_table(rows=1, cols=len(widths_mm))
    if lines:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the widths are kept, not fitted to the text
    properties = table._tbl.tblPr
    _set(properties, "tblW", w=_twips(sum(widths_mm)), type="dxa")
    padding = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), _twips(CELL_PADDING_MM))
        margin.set(qn("w:type"), "dxa")
        padding.append(margin)
    properties.append(padding)
    if not lines:
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _set(borders, side, val="nil")
        properties.append(borders)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(width)
    whole(table.rows[0]._tr)
    size_cells(table.rows[0].cells, widths_mm)
    return table


def whole(row: CT_Row) -> None:
    """A row is never split between two pages (a task's line; the signature block)."""
    _set(row.get_or_add_trPr(), "cantSplit")


def size_cells(cells: Sequence[_Cell], widths_mm: Sequence[float]) -> None:
    for cell, width in zip(cells, widths_mm, strict=True):
        cell.width = Mm(width)


def grid_table(
    doc: Document,
    heads: Sequence[str],
    widths_mm: Sequence[float],
    rows: Sequence[Sequence[str]],
    *,
    left: Sequence[int] = (),
    size: float = 12,
) -> Table:
    """A table with lines: a bold heading row (repeated on each page) and `rows`, centred
    except the columns `left`, which read as text.

    The first row is laid out cell by cell; each further row is a copy of it with its own
    words (the same widths, fonts and alignment), so a table of thousands of rows (the agency's
    overdue tasks) takes a fraction of a second instead of many."""
    table_ = table(doc, widths_mm)
    heading = table_.rows[0]
    _set(heading._tr.get_or_add_trPr(), "tblHeader")
    for cell, text in zip(heading.cells, heads, strict=True):
        para(cell.paragraphs[0], text, size, bold=True, align=Align.CENTER, after=0)
    if not rows:
        return table_
    pattern = table_.add_row()  # a row of one word a cell, copied for each row of `rows`
    whole(pattern._tr)
    size_cells(pattern.cells, widths_mm)
    for i, cell in enumerate(pattern.cells):
        align = Align.LEFT if i in left else Align.CENTER
        para(cell.paragraphs[0], "x", size, align=align, after=0)
    first = pattern._tr
    words = [tc.p_lst[0].r_lst[0].find(qn("w:t")) for tc in first.tc_lst]
    for word in words:
        word.set(qn("xml:space"), "preserve")  # a cell's words as given, spaces and all
    for values in rows:
        texts = [clean_text(text) for text in values]
        for word, text in zip(words, texts, strict=True):
            word.text = text
        row = deepcopy(first)
        for tc, text in zip(row.tc_lst, texts, strict=True):
            if "\n" in text or "\t" in text:  # lines and tabs as Word writes them
                tc.p_lst[0].r_lst[0].text = text
        table_._tbl.append(row)
    table_._tbl.remove(first)
    return table_


def heading(doc: Document, head: Heading) -> None:
    """The issuer, number and subject on the left; the national title, the motto and the
    place and date on the right, each block centred in its column."""
    left, right = table(doc, HEADING_MM, lines=False).rows[0].cells
    center = Align.CENTER
    first = left.paragraphs[0]
    if head.parent_body:
        para(first, head.parent_body, 13, align=center, after=0)
        first = left.add_paragraph()
    para(first, head.issuer, 13, bold=True, align=center, after=0)
    rule(left, ISSUER_RULE_MM, HEADING_MM[0], after=6)
    para(left, head.number, 13, align=center, after=0)
    if head.subject:
        para(left, head.subject, 12, align=center, before=2, after=0)
    title = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    para(right.paragraphs[0], title, 12, bold=True, align=center, after=0)
    para(right, MOTTO, 13, bold=True, align=center, after=0)
    rule(right, MOTTO_MM, HEADING_MM[1], after=6)
    para(right, head.dated, 14, italic=True, align=center, after=0)


def signature(doc: Document, sign: Signature) -> None:
    """ "Nơi nhận" on the left (12 pt bold italic, its lines 11 pt); on the right the
    authority and title in bold capitals, room for the signature, then the name."""
    left, right = table(doc, SIGNATURE_MM, lines=False).rows[0].cells
    para(left.paragraphs[0], "Nơi nhận:", 12, bold=True, italic=True, align=Align.LEFT, after=0)
    for line in sign.recipients:
        para(left, line, 11, align=Align.LEFT, after=0)
    lines = [text.upper() for text in (sign.authority, sign.title) if text.strip()]
    for i, line in enumerate(lines):
        where = right.paragraphs[0] if i == 0 else right
        room = 60 if i == len(lines) - 1 else 0  # the space the signature goes in
        para(where, line, 14, bold=True, align=Align.CENTER, after=room)
    para(right, sign.name, 14, bold=True, align=Align.CENTER, after=0)


def _page_numbers(doc: Document) -> None:
    """Page numbers at the top centre from page 2 (the first page's header stays empty)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = Align.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    _set(properties, "rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT)
    _set(properties, "sz", val="28")  # 14 pt
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
