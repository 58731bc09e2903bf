"""The Decree 30/2020 checklist (DOMAIN §10) that every generated Word file must pass, as one
function the tests of each document call (the urging letter, the agency's report…): A4 (a
landscape section too), the margins, Times New Roman with its east-Asian font, the two heading
blocks, the number with a leading zero under 10, the place-and-date line zero-padded, "Nơi
nhận:" ending with "- Lưu: VT", the signature block, and page numbers from page 2 as
LibreOffice lays the file out."""

import re
import subprocess
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from theodoi.core.decree30 import FONT, MOTTO
from theodoi.core.tests import rendered

DATED = re.compile(r"^Hà Nội, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")
TOLERANCE = Mm(0.5)


def _near(value: int | None, mm: float) -> bool:
    return value is not None and abs(value - Mm(mm)) <= TOLERANCE


def _between(value: int | None, low: float, high: float) -> bool:
    return value is not None and Mm(low) - TOLERANCE <= value <= Mm(high) + TOLERANCE


def check_layout(content: bytes, *, number_line: str, dated: str) -> None:
    """What the Word file itself says (python-docx): page, margins, fonts, heading, closing."""
    doc = Document(BytesIO(content))
    for section in doc.sections:
        sizes = {section.page_width, section.page_height}
        assert all(_near(s, 210) or _near(s, 297) for s in sizes) and len(sizes) == 2  # A4
        assert _between(section.top_margin, 20, 25) and _between(section.bottom_margin, 20, 25)
        assert _between(section.left_margin, 30, 35) and _between(section.right_margin, 15, 20)
    normal = doc.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert normal.font.name == FONT and fonts.get(qn("w:eastAsia")) == FONT
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    for run in runs:
        if run.text.strip():
            own = run._element.rPr.rFonts if run._element.rPr is not None else None
            assert own is not None and own.get(qn("w:eastAsia")) == FONT, run.text
            assert run.font.name == FONT, run.text
    left, right = doc.tables[0].rows[0].cells
    left_lines = [p.text for p in left.paragraphs if p.text.strip()]
    right_lines = [p.text for p in right.paragraphs if p.text.strip()]
    assert "BẢO HIỂM XÃ HỘI VIỆT NAM" in left_lines and number_line in left_lines
    assert re.fullmatch(r"Số: (…|\s+|0[1-9]|[1-9]\d+)\S*", number_line)  # 05, never 5
    assert right_lines[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", MOTTO]
    assert right_lines[2] == dated and DATED.match(dated), dated
    sent, signed = doc.tables[-1].rows[0].cells
    sent_lines = [p.text for p in sent.paragraphs if p.text.strip()]
    assert sent_lines[0] == "Nơi nhận:" and sent_lines[-1].startswith("- Lưu: VT")
    assert all(line.startswith("- ") for line in sent_lines[1:])
    signature = [p for p in signed.paragraphs if p.text.strip()]
    assert len(signature) >= 2  # the authority or title, and the name (or its room)
    assert all(r.font.bold for p in signature for r in p.runs if r.text.strip())
    assert all(p.text == p.text.upper() for p in signature[:-1])
    first = doc.sections[0]
    assert first.different_first_page_header_footer  # no number on page 1
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()
    assert 'instr="PAGE"' in first.header._element.xml or "PAGE" in first.header._element.xml


def check_pages(content: bytes, folder: Path) -> Path:
    """As LibreOffice lays it out: it opens, page 1 bears no number, every later page its own
    at the top; the PDF it made."""
    pdf = rendered.to_pdf(content, folder)
    assert pdf.read_bytes().startswith(b"%PDF")
    first = rendered.lines(rendered.words(pdf, 1))
    assert first[0].text != "1"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert found is not None
    pages = int(found.group(1))
    assert pages >= 2, "the document should run to a second page to show its numbers"
    for page in range(2, pages + 1):
        top = rendered.lines(rendered.words(pdf, page))[0]
        assert top.text == str(page), (page, top.text)
    return pdf
