"""Opening an uploaded plan (.docx or .xlsx) as plain grids of cells, whatever its layout.

A `Grid` is a table as a rectangle: a merged cell appears in every position it covers, with
the same `key`, so the reader can tell "merged across" from "empty" and a task's merged STT
from a new one. Footnote marks are kept in the text between «⁅» and «⁆» when the file marks
them (superscript runs, Word footnote references); the reader decides which are footnotes.
Anything that is not a readable .docx/.xlsx is refused with a Vietnamese message.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import count

import olefile
from lxml import etree

from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.text import clean_text
from theodoi.core.uploads import CellBudget, open_archive, read_sheets
from theodoi.tasks.attachments import MAX_BYTES

MARK_OPEN, MARK_CLOSE = "⁅", "⁆"
FIELD = "file"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"


@dataclass(frozen=True)
class Cell:
    text: str
    key: int  # cells with the same key are one merged cell


@dataclass
class Grid:
    rows: list[list[Cell]]
    where: str  # "bảng 2" or "trang tính «Phụ lục»"


@dataclass
class Source:
    kind: str  # "docx" | "xlsx"
    grids: list[Grid]
    # Text outside the tables, with the number of tables above it (title, footnotes…)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)  # Word footnotes by mark


def refuse(message: str) -> ValidationFailed:
    return ValidationFailed({FIELD: message}, Code.FILE_REFUSED)


def check_size(size: int, name: str) -> None:
    """Uploads share the attachments' limit (20 MB)."""
    if size > MAX_BYTES:
        mb = size / 1024 / 1024
        raise refuse(f"Tệp «{name}» nặng {mb:.1f} MB, quá giới hạn {MAX_BYTES // 1024 // 1024} MB.")


def open_plan(data: bytes, name: str) -> Source:
    """The grids of a .docx or .xlsx; refused: too large (as sent, or as inflated: the guard of
    `core.uploads`), another type, encrypted, corrupt. The text is cleaned (`clean_text`)."""
    check_size(len(data), name)
    if not data:
        raise refuse(f"Tệp «{name}» rỗng.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise refuse(_ole_message(data, name))
    if not data.startswith(b"PK\x03\x04"):
        raise refuse(
            f"Tệp «{name}» không phải tệp Word (.docx) hay Excel (.xlsx). "
            "Hãy lưu kế hoạch dưới dạng .docx hoặc .xlsx rồi tải lên lại."
        )
    archive = open_archive(data, name, FIELD)
    names = set(archive.namelist())
    budget = CellBudget(name, FIELD)
    try:
        if "word/document.xml" in names:
            return _read_docx(archive, budget)
        if "xl/workbook.xml" in names:
            return _read_xlsx(data, name, budget)
    except ValidationFailed:
        raise
    except Exception:  # a damaged part inside a valid archive: say so, never a 500
        raise refuse(f"Tệp «{name}» bị hỏng, không đọc được nội dung.") from None
    raise refuse(f"Tệp «{name}» không phải văn bản Word (.docx) hay bảng tính Excel (.xlsx).")


def _ole_message(data: bytes, name: str) -> str:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        encrypted = ole.exists("EncryptedPackage")
    except (OSError, ValueError):  # a damaged container: say what it claims to be
        encrypted = False
    if encrypted:
        return f"Tệp «{name}» được bảo vệ bằng mật khẩu. Hãy bỏ mật khẩu rồi tải lên lại."
    return (
        f"Tệp «{name}» là định dạng Word/Excel cũ (.doc/.xls). "
        "Hãy mở và lưu lại dưới dạng .docx hoặc .xlsx."
    )


# Word ---------------------------------------------------------------------------------------


def _read_docx(archive: zipfile.ZipFile, budget: CellBudget) -> Source:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    body = etree.fromstring(archive.read("word/document.xml"), parser).find(f"{_W}body")
    if body is None:
        raise refuse("Tệp Word không có nội dung.")
    source = Source(kind="docx", grids=[])
    if "word/footnotes.xml" in archive.namelist():
        notes = etree.fromstring(archive.read("word/footnotes.xml"), parser)
        for note in notes.iter(f"{_W}footnote"):
            text = clean_text(" ".join(_paragraph(p) for p in note.iter(f"{_W}p"))).strip()
            if text:
                source.footnotes[f"fn{note.get(f'{_W}id')}"] = text
    keys = count(1)
    for element in body.iter(f"{_W}tbl", f"{_W}p"):
        if element.tag == f"{_W}tbl":
            grid = _docx_grid(element, keys, f"bảng {len(source.grids) + 1}", budget)
            if grid.rows:
                source.grids.append(grid)
        elif _outside_tables(element, body):
            text = clean_text(_paragraph(element)).strip()
            if text:
                source.paragraphs.append((len(source.grids), text))
    return source


def _outside_tables(paragraph: etree._Element, body: etree._Element) -> bool:
    parent = paragraph.getparent()
    while parent is not None and parent is not body:
        if parent.tag == f"{_W}tc":
            return False
        parent = parent.getparent()
    return True


def _docx_grid(table: etree._Element, keys: count, where: str, budget: CellBudget) -> Grid:
    rows: list[list[Cell]] = []
    for tr in table.iterchildren(f"{_W}tr"):
        row: list[Cell] = []
        before = _int(tr.find(f"{_W}trPr/{_W}gridBefore"))
        budget.shape(len(rows) + 1, before, where)
        for _ in range(before):
            row.append(Cell("", next(keys)))
        for tc in tr.iterchildren(f"{_W}tc", f"{_W}sdt"):
            for cell in [tc] if tc.tag == f"{_W}tc" else tc.iter(f"{_W}tc"):
                span = _int(cell.find(f"{_W}tcPr/{_W}gridSpan"), 1)
                budget.shape(len(rows) + 1, len(row) + span, where)  # before it takes memory
                merge = cell.find(f"{_W}tcPr/{_W}vMerge")
                column = len(row)
                if merge is not None and merge.get(f"{_W}val", "continue") == "continue" and rows:
                    above = rows[-1]
                    shared = above[column] if column < len(above) else Cell("", next(keys))
                else:
                    shared = Cell(clean_text(_cell_text(cell)).strip(), next(keys))
                row.extend([shared] * span)
        budget.take(len(row), where)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    budget.take(len(rows) * width - sum(len(r) for r in rows), where)
    for row in rows:
        row.extend(Cell("", next(keys)) for _ in range(width - len(row)))
    return Grid(rows=rows, where=where)


def _int(element: etree._Element | None, default: int = 0) -> int:
    if element is None:
        return default
    try:
        return max(int(element.get(f"{_W}val", default)), 0)
    except ValueError:
        return default


def _cell_text(tc: etree._Element) -> str:
    lines = [_paragraph(p) for p in tc.iterchildren(f"{_W}p")]
    for sdt in tc.iterchildren(f"{_W}sdt"):
        lines += [_paragraph(p) for p in sdt.iter(f"{_W}p")]
    return "\n".join(lines).strip()


def _paragraph(p: etree._Element) -> str:
    parts: list[str] = []
    for run in p.iter(f"{_W}r"):
        align = run.find(f"{_W}rPr/{_W}vertAlign")
        superscript = align is not None and align.get(f"{_W}val") == "superscript"
        for child in run:
            tag = child.tag
            if tag == f"{_W}t":
                text = child.text or ""
                if superscript and text.strip() and _is_mark(text.strip()):
                    parts.append(f"{MARK_OPEN}{text.strip()}{MARK_CLOSE}")
                else:
                    parts.append(text)
            elif tag == f"{_W}tab":
                parts.append(" ")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}footnoteReference":
                parts.append(f"{MARK_OPEN}fn{child.get(f'{_W}id')}{MARK_CLOSE}")
    return "".join(parts)


def _is_mark(text: str) -> bool:
    return (text.isdigit() and len(text) <= 2) or set(text) == {"*"}


# Excel --------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, name: str, budget: CellBudget) -> Source:
    source = Source(kind="xlsx", grids=[])
    keys = count(1)
    for sheet in read_sheets(data, name, budget):
        cells = [[Cell(_excel_text(v), next(keys)) for v in row] for row in sheet.rows]
        for top, left, bottom, right in sheet.merges:
            first = cells[top - 1][left - 1]
            for r in range(top - 1, bottom):
                for c in range(left - 1, right):
                    cells[r][c] = first
        source.grids.append(Grid(rows=cells, where=f"trang tính «{sheet.title}»"))
    return source


def _excel_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date | datetime):
        return value.strftime("%d/%m/%Y")
    return clean_text(_EXCEL_ESCAPE.sub(_unescaped, str(value))).strip()


# Excel writes a control character as "_x000B_" (Word's line break pasted into a cell), and a
# "_x" typed as such as "_x005F_x"
_EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def _unescaped(found: re.Match[str]) -> str:
    return chr(int(found.group(1), 16))
