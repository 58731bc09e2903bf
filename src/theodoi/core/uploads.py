"""Opening the Office files people upload (.docx, .xlsx: zip archives of XML parts) so that no
file can exhaust the server. Everything is checked on the archive's directory and on the first
bytes of each part before anything is inflated or parsed; then tables are read within bounds
and workbooks in openpyxl's read-only (streaming) mode. A refusal names the problem in
Vietnamese, fast, and nothing is written. The limits and why: docs/operations.md, «Files the
system opens and writes».

Every reader of an uploaded Office file goes through `open_archive` (and `read_sheets` for a
workbook, or `open_workbook` for a reader that knows which cells it wants): `imports/files.py`
reads plans, `statforms/upload.py` the forms' filled templates.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from theodoi.core.errors import Code, ValidationFailed

MB = 1024 * 1024
MAX_PARTS = 1_000  # a plan has 10-30 parts; a workbook with many sheets and images, hundreds
MAX_PART_BYTES = 16 * MB  # inflated size of one part (a 1,000-row plan's table: under 1 MB)
MAX_TOTAL_BYTES = 64 * MB  # inflated size of all parts together
MAX_RATIO = 200  # inflated / compressed, for parts over RATIO_FROM (plans: 3-50)
RATIO_FROM = 1 * MB
MAX_ROWS = 20_000  # rows of one table or sheet (the task export's limit too)
MAX_COLUMNS = 200  # columns of one table or sheet (plans: 4-15)
MAX_CELLS = 500_000  # cells of all tables of a file, merged cells counted in each place
PROLOG_BYTES = 16 * 1024  # where an XML part must have begun its root element
OFFICE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}

_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


def refused(message: str, field: str = "file") -> ValidationFailed:
    return ValidationFailed({field: message}, Code.FILE_REFUSED)


_VIETNAMESE_DIGITS = str.maketrans({",": ".", ".": ","})


def _mb(size: int) -> str:
    """Megabytes as Vietnamese writes them: 3.814,7."""
    return f"{size / MB:,.1f}".translate(_VIETNAMESE_DIGITS)


def _number(count: int) -> str:
    return f"{count:,}".translate(_VIETNAMESE_DIGITS)


def open_archive(data: bytes, name: str, field: str = "file") -> zipfile.ZipFile:
    """The .docx/.xlsx `data` as a zip archive whose parts may be read: refused if it has too
    many parts, a part or all of them inflate past the limits or far more than such files
    do, a compression Office does not use, or an XML part that declares a DTD (entities:
    XXE, billion laughs). Only the directory and the first bytes of each part are read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refused(f"Tệp «{name}» bị hỏng, không mở được (nén ZIP lỗi).", field) from None
    if len(parts) > MAX_PARTS:
        raise refused(
            f"Tệp «{name}» gồm {_number(len(parts))} phần nén, quá giới hạn "
            f"{_number(MAX_PARTS)} phần của một tệp Word/Excel.",
            field,
        )
    total = 0
    for part in parts:
        _check_part(part, name, field)
        total += part.file_size
    if total > MAX_TOTAL_BYTES:
        raise refused(
            f"Tệp «{name}» giải nén ra {_mb(total)} MB, quá giới hạn {_mb(MAX_TOTAL_BYTES)} MB.",
            field,
        )
    for part in parts:
        _check_prolog(archive, part, name, field)
    return archive


def _check_part(part: zipfile.ZipInfo, name: str, field: str) -> None:
    if part.compress_type not in OFFICE_METHODS:
        raise refused(
            f"Tệp «{name}»: phần «{part.filename}» dùng kiểu nén mà Word/Excel không dùng.", field
        )
    if part.file_size > MAX_PART_BYTES:
        raise refused(
            f"Tệp «{name}»: phần «{part.filename}» giải nén ra {_mb(part.file_size)} MB, "
            f"quá giới hạn {_mb(MAX_PART_BYTES)} MB cho một phần (tệp có thể là «bom nén»).",
            field,
        )
    ratio = part.file_size / max(part.compress_size, 1)
    if part.file_size > RATIO_FROM and ratio > MAX_RATIO:
        raise refused(
            f"Tệp «{name}»: phần «{part.filename}» nén {_number(round(ratio))} lần, bất thường "
            f"với tệp Word/Excel (tối đa {MAX_RATIO} lần; tệp có thể là «bom nén»).",
            field,
        )


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str, field: str) -> None:
    """An XML part (any part beginning with "<") must reach its root element within
    PROLOG_BYTES, passing only the declaration, comments and instructions: Office parts
    never declare a DTD, and one that does is refused before a parser sees it."""
    if part.is_dir() or part.file_size == 0:
        return
    try:
        with archive.open(part) as stream:
            head = stream.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        raise refused(
            f"Tệp «{name}» bị hỏng, không đọc được phần «{part.filename}».", field
        ) from None
    text = _decoded(head).lstrip("\ufeff")
    position = 0
    while True:
        position = len(text) - len(text[position:].lstrip())
        rest = text[position:]
        if not rest.startswith("<"):
            return  # not XML (an image…), or nothing but XML's prolog: the parser decides
        if rest.startswith("<?") or rest.startswith("<!--"):
            end = rest.find("?>" if rest.startswith("<?") else "-->")
            if end < 0:
                break
            position += end + 2
            continue
        if rest.startswith("<!"):
            raise refused(
                f"Tệp «{name}»: phần «{part.filename}» khai báo DTD/thực thể XML, điều tệp "
                "Word/Excel không bao giờ có (có thể là tệp tấn công XXE).",
                field,
            )
        return  # the root element
    if len(head) == PROLOG_BYTES:
        raise refused(f"Tệp «{name}»: phần «{part.filename}» có phần đầu XML bất thường.", field)


def _decoded(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")


@dataclass
class CellBudget:
    """The cells a file's tables may still take; the limits of one table's shape."""

    name: str
    field: str = "file"
    left: int = MAX_CELLS

    def shape(self, rows: int, columns: int, where: str) -> None:
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise refused(
                f"Tệp «{self.name}», {where}: vùng dữ liệu {_number(rows)} dòng × "
                f"{_number(columns)} cột, quá giới hạn {_number(MAX_ROWS)} dòng × "
                f"{MAX_COLUMNS} cột. Hãy xóa các dòng, cột thừa (hoặc chép bảng sang tệp mới) "
                "rồi tải lên lại.",
                self.field,
            )

    def take(self, cells: int, where: str) -> None:
        self.left -= cells
        if self.left < 0:
            raise refused(
                f"Tệp «{self.name}», {where}: các bảng có hơn {_number(MAX_CELLS)} ô, quá "
                "giới hạn. Hãy bỏ các bảng, trang tính không phải kế hoạch rồi tải lên lại.",
                self.field,
            )


Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (from 1)


@dataclass
class Sheet:
    title: str
    rows: list[list[object]]  # cell values, every row as wide as the widest
    merges: list[Merge] = field(default_factory=list)


def read_sheets(data: bytes, name: str, budget: CellBudget) -> list[Sheet]:
    """Every worksheet's values (cached results, not formulas) and merged ranges, streamed
    in openpyxl's read-only mode within the budget's bounds. The sheet's declared dimension
    is refused when beyond them, then ignored: read-only mode pads every row to it, and a
    file may declare none or a wrong one."""
    import openpyxl  # imported here: Word files never need it

    archive = open_archive(data, name, budget.field)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValidationFailed:
        raise
    except Exception:
        raise refused(f"Tệp «{name}» bị hỏng, không đọc được nội dung.", budget.field) from None
    try:
        sheets = []
        for sheet in book.worksheets:
            where = f"trang tính «{sheet.title}»"
            budget.shape(sheet.max_row or 0, sheet.max_column or 0, f"{where} khai báo")
            sheet.reset_dimensions()
            rows = _rows(sheet.iter_rows(values_only=True), budget, where)
            if rows:
                # read-only sheets keep no merged cells: they are read from the sheet's part
                path = sheet._worksheet_path  # type: ignore[attr-defined]
                merges = _merges(archive, path, len(rows), len(rows[0]), budget, where)
                sheets.append(Sheet(sheet.title, rows, merges))
        return sheets
    finally:
        book.close()


def open_workbook(data: bytes, name: str, field: str = "file") -> Any:
    """The workbook in openpyxl's read-only (streaming) mode with its formulas as written (a
    formula cell's `data_type` is "f"), after `open_archive`'s checks; refused if openpyxl
    cannot read it. For a reader that knows its cells and reads only those
    (`sheet.iter_rows(max_row=…, max_col=…)`): no sheet is read whole. Close it after."""
    import openpyxl

    open_archive(data, name, field)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ValidationFailed:
        raise
    except Exception:
        raise refused(f"Tệp «{name}» bị hỏng, không đọc được nội dung.", field) from None


def _rows(values, budget: CellBudget, where: str) -> list[list[object]]:
    rows: list[list[object]] = []
    width = 0
    for row in values:
        width = max(width, len(row))
        budget.shape(len(rows) + 1, width, where)
        budget.take(len(row), where)
        rows.append(list(row))
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    budget.take(len(rows) * width - sum(len(r) for r in rows), where)  # the padding
    for row in rows:
        row.extend([None] * (width - len(row)))
    return rows


def _merges(
    archive: zipfile.ZipFile, path: str, height: int, width: int, budget: CellBudget, where: str
) -> list[Merge]:
    """The sheet's merged ranges cut to its cells; their cells count in the budget too (each
    cell is filled in from the range's first one)."""
    found: list[Merge] = []
    with archive.open(path.lstrip("/")) as stream:
        parser = etree.iterparse(
            stream, events=("end",), resolve_entities=False, no_network=True, load_dtd=False
        )
        for _, element in parser:
            if element.tag == f"{_SHEET}mergeCell":
                merge = _range(element.get("ref", ""), height, width)
                if merge is not None:
                    top, left, bottom, right = merge
                    budget.take((bottom - top + 1) * (right - left + 1), where)
                    found.append(merge)
            if element.tag in (f"{_SHEET}row", f"{_SHEET}mergeCell"):
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    return found


def _range(ref: str, height: int, width: int) -> Merge | None:
    ends = ref.upper().split(":")
    if len(ends) != 2:
        return None
    corners = [_REF.match(end) for end in ends]
    if corners[0] is None or corners[1] is None:
        return None
    (c1, r1), (c2, r2) = (_cell(m.group(1), m.group(2)) for m in corners)  # type: ignore[union-attr]
    top, bottom, left, right = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
    if top > height or left > width:
        return None
    return top, left, min(bottom, height), min(right, width)


def _cell(letters: str, digits: str) -> tuple[int, int]:
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return column, int(digits)
