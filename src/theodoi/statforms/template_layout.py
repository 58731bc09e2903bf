"""Where each part of a form sits in its Excel template (seed 001 Phụ lục II's layout): a plan
of cells, worked out from the form's definition for one kind of unit and one period, with no
workbook in hand. `workbook.py` writes a template from it; `upload.py` works it out again to
read a filled template (never trusting what the file says of its own layout).

The sheet is 16 columns wide (A-P), the width of section 5's table. A place is a cell or a
merged range: a label (its text is checked when a template comes back, except the heading's
names and dates), or an input (a field's code). Sections follow the form's order: a narrative
field is its label beside a large merged input; a number, its label beside a two-column input;
a table (section 4, the 6.2 groups), a header row and a row per line; section 5's grid, its
two-row header, a row of column labels, the column numbers ("1=2+3+4+5+6", as the paper writes
them, from the form's rules) and the row of 16 inputs.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from theodoi.core.periods import Period
from theodoi.statforms.definition import ERROR, Definition

COLUMNS = 16
WIDTH = 9.5  # characters per column
TEXT_LINES = 5  # the height of a narrative field's input, in lines, when empty

# kinds of place
TITLE, HEADING, NOTE, SECTION, LABEL, HEAD, NUMBER_INPUT, TEXT_INPUT = (
    "title",
    "heading",
    "note",
    "section",
    "label",
    "head",
    "number",
    "text",
)
INPUTS = frozenset({NUMBER_INPUT, TEXT_INPUT})


@dataclass(frozen=True)
class Place:
    row: int
    first: int  # first column (1 = A)
    last: int  # last column of the merged range
    kind: str
    text: str = ""  # what a label shows
    code: str = ""  # an input's field
    rows: int = 1  # rows the range spans downwards
    checked: bool = True  # a label compared when the template comes back

    @property
    def address(self) -> str:
        return f"{get_column_letter(self.first)}{self.row}"

    @property
    def width(self) -> float:
        return WIDTH * (self.last - self.first + 1)


@dataclass(frozen=True)
class Heading:
    """The heading's words for one unit and period (not checked on upload)."""

    unit_name: str = ""
    period: str = ""
    window: str = ""
    due: str = ""


@dataclass
class Layout:
    places: list[Place] = field(default_factory=list)
    row: int = 1  # the next free row

    def add(self, place: Place) -> None:
        self.places.append(place)

    def next_row(self, by: int = 1) -> int:
        taken, self.row = self.row, self.row + by
        return taken

    @property
    def inputs(self) -> dict[str, Place]:
        return {p.code: p for p in self.places if p.kind in INPUTS}

    @property
    def labels(self) -> list[Place]:
        return [p for p in self.places if p.kind not in INPUTS and p.checked and p.text]

    @property
    def last_row(self) -> int:
        return max((p.row + p.rows - 1 for p in self.places), default=0)

    @property
    def fingerprint(self) -> str:
        """A hash of the input cells' addresses → codes and of the labels: a template made for
        another layout (another version of the form, of this code) has another."""
        lines = [f"{p.address}={p.code}" for p in self.inputs.values()]
        lines += [f"{p.address}:{p.text}" for p in self.labels]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:24]


def plan(
    definition: Definition, audience: str, period: Period, heading: Heading | None = None
) -> Layout:
    """The template's cells for a unit of `audience` in `period`: only what it fills."""
    heading = heading or Heading()
    layout = Layout()
    _heading(layout, heading)
    fields = definition.fields_for(audience, period)
    for section in definition.sections:
        if not definition.section_applies(section, audience, period):
            continue
        row = layout.next_row()
        layout.add(Place(row, 1, COLUMNS, SECTION, f"{section.key}. {section.title}"))
        for item in section.items:
            if audience not in item.get("units", section.units):
                continue
            ITEMS[item["kind"]](layout, definition, item, fields)
        layout.next_row()  # a blank row between sections
    return layout


def _heading(layout: Layout, heading: Heading) -> None:
    layout.add(Place(1, 1, 6, HEADING, "BẢO HIỂM XÃ HỘI VIỆT NAM", checked=False))
    layout.add(Place(2, 1, 6, TITLE, heading.unit_name.upper(), checked=False))
    layout.add(Place(1, 9, COLUMNS, TITLE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", checked=False))
    layout.add(Place(2, 9, COLUMNS, TITLE, "Độc lập - Tự do - Hạnh phúc", checked=False))
    layout.add(Place(4, 1, COLUMNS, TITLE, "BÁO CÁO"))
    layout.add(Place(5, 1, COLUMNS, TITLE, "CÔNG TÁC KIỂM SOÁT THỦ TỤC HÀNH CHÍNH"))
    when = f"Kỳ báo cáo: {heading.period}" if heading.period else ""
    if heading.window:
        when += f"; số liệu {heading.window}"
    if heading.due:
        when += f"; hạn nộp: {heading.due}"
    layout.add(Place(6, 1, COLUMNS, HEADING, when, checked=False))
    layout.add(
        Place(
            7,
            1,
            COLUMNS,
            NOTE,
            "Chỉ nhập vào các ô nền vàng (các ô khác đã khóa). Số liệu là số nguyên không âm, "
            "có thể viết 1.234; ô không có số liệu để trống; không dùng công thức. Không chèn, "
            "xóa dòng, cột. Điền xong, tải tệp lên trang biểu mẫu của đơn vị.",
        )
    )
    layout.row = 9


def _text(layout: Layout, d: Definition, item: Mapping[str, Any], fields: Mapping) -> None:
    if item["code"] not in fields:
        return
    row = layout.next_row()
    layout.add(Place(row, 1, 5, LABEL, item["label"]))
    layout.add(Place(row, 6, COLUMNS, TEXT_INPUT, code=item["code"]))


def _number_row(layout: Layout, code: str, label: str) -> None:
    row = layout.next_row()
    layout.add(Place(row, 1, COLUMNS - 2, LABEL, label))
    layout.add(Place(row, COLUMNS - 1, COLUMNS, NUMBER_INPUT, code=code))


def _number(layout: Layout, d: Definition, item: Mapping[str, Any], fields: Mapping) -> None:
    if item["code"] in fields:
        _number_row(layout, item["code"], item["label"])


def _ratio(layout: Layout, d: Definition, item: Mapping[str, Any], fields: Mapping) -> None:
    codes = [c for c in item["codes"] if c in fields]
    if not codes:
        return
    layout.add(Place(layout.next_row(), 1, COLUMNS, NOTE, item["label"]))
    for code, label in zip(item["codes"], item["labels"], strict=True):
        if code in fields:
            _number_row(layout, code, label)


def _spans(count: int, first: int) -> list[tuple[int, int]]:
    """`count` column ranges sharing the columns from `first` to the last."""
    width = (COLUMNS - first + 1) // count
    spans = [(first + i * width, first + (i + 1) * width - 1) for i in range(count)]
    spans[-1] = (spans[-1][0], COLUMNS)
    return spans


def _table(layout: Layout, d: Definition, item: Mapping[str, Any], fields: Mapping) -> None:
    rows = [
        r for r in item["rows"] if any(f"{r['key']}.{c['key']}" in fields for c in item["columns"])
    ]
    if not rows:
        return
    spans = _spans(len(item["columns"]), 5)
    head = layout.next_row()
    layout.add(Place(head, 1, 4, HEAD, item["label"]))
    for (first, last), column in zip(spans, item["columns"], strict=True):
        layout.add(Place(head, first, last, HEAD, column["label"]))
    for line in rows:
        row = layout.next_row()
        layout.add(Place(row, 1, 4, LABEL, line["label"]))
        for (first, last), column in zip(spans, item["columns"], strict=True):
            code = f"{line['key']}.{column['key']}"
            if code in fields:
                layout.add(Place(row, first, last, NUMBER_INPUT, code=code))


def column_numbers(d: Definition, columns: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Each grid column's number as the paper heads it: "1=2+3+4+5+6" where a rule that
    refuses makes the column the sum of others in the grid, else "2"."""
    number = {c["code"]: str(c["number"]) for c in columns}
    shown = dict(number)
    for rule in d.rules:
        sums = rule.kind == "eq" and rule.severity == ERROR and len(rule.left) == 1
        if sums and rule.left[0] in number and all(c in number for c in rule.right):
            parts = "+".join(number[c] for c in rule.right)
            shown[rule.left[0]] = f"{number[rule.left[0]]}={parts}"
    return shown


def _grid(layout: Layout, d: Definition, item: Mapping[str, Any], fields: Mapping) -> None:
    columns = [c for c in item["columns"] if c["code"] in fields]
    if not columns:
        return
    where = {c["code"]: i + 1 for i, c in enumerate(columns)}  # 16 columns: A-P
    layout.add(Place(layout.next_row(), 1, COLUMNS, NOTE, item["label"]))
    groups, subs, labels, numbers, inputs = (layout.next_row() for _ in range(5))
    for group in item["header"]:
        spots = [where[c] for sub in group["sub"] for c in sub["codes"] if c in where]
        if not spots:
            continue
        layout.add(Place(groups, min(spots), max(spots), HEAD, group["label"]))
        for sub in group["sub"]:
            cols = [where[c] for c in sub["codes"] if c in where]
            if len(sub["codes"]) == 1 and cols:  # its one column's label: two rows high
                layout.add(Place(subs, cols[0], cols[0], HEAD, sub["label"], rows=2))
            elif cols:
                layout.add(Place(subs, min(cols), max(cols), HEAD, sub["label"]))
    single = {
        c for g in item["header"] for s in g["sub"] if len(s["codes"]) == 1 for c in s["codes"]
    }
    shown = column_numbers(d, columns)
    for column in columns:
        spot = where[column["code"]]
        if column["code"] not in single:
            layout.add(Place(labels, spot, spot, HEAD, column["label"]))
        layout.add(Place(numbers, spot, spot, HEAD, shown[column["code"]]))
        layout.add(Place(inputs, spot, spot, NUMBER_INPUT, code=column["code"]))


ITEMS = {"text": _text, "number": _number, "ratio": _ratio, "table": _table, "grid": _grid}
