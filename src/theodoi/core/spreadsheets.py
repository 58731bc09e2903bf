"""Cells of the workbooks the system writes (openpyxl): every XLSX export puts its values
through `put` (a cell of a sheet) or `cell` (a write-only sheet's cell).

People's text is written as text, exactly as typed: openpyxl would store "=HYPERLINK(…)" or
"=1+1" as a live formula; here such text is a string cell marked with Excel's quote prefix, so
it stays text even when someone edits the cell. Characters no XML file can hold (Word's \\x0b,
other control characters in rows saved before they were cleaned) are cleaned on the way out,
so one such task never breaks an export.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from theodoi.core.text import clean_text

Value = str | int | float | Decimal | date | None
# what spreadsheet programs read as the start of a formula when the cell is typed or edited
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\n")


def set_value(target: Cell, value: Value) -> Cell:
    """Put `value` in `target`; text goes in as text."""
    if not isinstance(value, str):
        target.value = value
        return target
    text = clean_text(value)
    target.value = text
    target.data_type = "s"  # openpyxl made text beginning with "=" a formula
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        target.quotePrefix = True
    return target


def put(sheet: Worksheet, row: int, column: int, value: Value) -> Cell:
    """The cell at (row, column) holding `value`."""
    target = sheet.cell(row=row, column=column)
    if not isinstance(target, Cell):  # a merged range's hidden cell holds nothing
        raise ValueError(f"{target.coordinate} is inside a merged range")
    return set_value(target, value)


def cell(sheet: Any, value: Value) -> Cell:
    """A cell for a write-only sheet's `append`, holding `value`."""
    return set_value(WriteOnlyCell(sheet), value)


LINE_HEIGHT = 15.0  # points: one line of the default 11-point font
MAX_HEIGHT = 409.0  # the tallest row a spreadsheet keeps


def wrapped_height(texts: Sequence[tuple[str, float]]) -> float | None:
    """The height of a row whose cells wrap their text, from each text and its column's width
    (in characters): LibreOffice keeps a row's stored height when it opens a file, so without
    it wrapped lines would print over the next row. None when every text fits on one line."""
    lines = 1
    for text, width in texts:
        per_line = max(int(width * 1.2), 1)  # Vietnamese letters are narrower than "0"
        needed = sum(max(-(-len(part) // per_line), 1) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return None if lines == 1 else min(lines * LINE_HEIGHT, MAX_HEIGHT)
