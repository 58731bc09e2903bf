"""Every workbook the system writes puts its values through `core.spreadsheets`: text is text
in the file itself (no formula element), whatever it begins with."""

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from theodoi.core.spreadsheets import cell, put
from theodoi.core.tests import corpus

SOURCE = Path(__file__).resolve().parents[2]  # src/theodoi
BUILDERS = {"imports/examples.py"}  # plan files made for tests and the demo, not exports


def sheet_xml(book: Workbook) -> str:
    out = io.BytesIO()
    book.save(out)
    return zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()


def test_text_is_written_as_text_in_both_kinds_of_sheet() -> None:
    normal = Workbook()
    first = normal.worksheets[0]
    for row, text in enumerate(corpus.FORMULA_TEXTS, start=1):
        put(first, row, 1, text)
    streamed = Workbook(write_only=True)
    sheet = streamed.create_sheet()
    for text in corpus.FORMULA_TEXTS:
        sheet.append([cell(sheet, text)])
    for xml in (sheet_xml(normal), sheet_xml(streamed)):
        assert "<f>" not in xml and "<f " not in xml
        assert xml.count('t="inlineStr"') == len(corpus.FORMULA_TEXTS)


def test_every_xlsx_writer_goes_through_core_spreadsheets() -> None:
    writers = []
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE).as_posix()
        if "/tests/" in relative or relative in BUILDERS or relative.startswith("core/"):
            continue
        text = path.read_text(encoding="utf-8")
        if not re.search(r"^from openpyxl import .*Workbook", text, re.M):
            continue
        writers.append(relative)
        assert "from theodoi.core.spreadsheets import" in text, relative
        direct = re.findall(r"WriteOnlyCell\(|\.cell\([^)]*value=|\w\[\"[A-Z]+\d+\"\] = ", text)
        assert not direct, (relative, direct)
    assert sorted(writers) == [
        "evaluation/export.py",
        "inspections/list_export.py",
        "reports/round_export.py",
        "statforms/rollup_export.py",
        "statforms/workbook.py",
        "tasks/export.py",
        "tasks/obstacles/export.py",
    ]
