"""Finding the task table in a plan's grids and reading its rows as sections, headings, tasks.

The header row is recognised by its words, however worded ("STT"/"TT", "Nội dung công việc"/
"Nội dung nhiệm vụ", "Đơn vị chủ trì"/"Cơ quan, đơn vị chủ trì", two-row headers such as
"Đơn vị thực hiện" over "Chủ trì | Phối hợp"), in any column order, repeated on every page or
not. Rows below it become `RawRow`s: a section ("1", "II", merged across), a heading whose
sub-items follow ("2.2" then "a) …"), or a task row (one assignment: one lead cell).
"""

import re
from dataclasses import dataclass, field

from theodoi.core.text import fold
from theodoi.imports.files import MARK_CLOSE, MARK_OPEN, Cell, Source

COLUMNS = ("code", "content", "lead", "coordinating", "timeline", "product")
# Checked in this order; the first field whose pattern matches a header cell takes it.
_HEADER_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("code", re.compile(r"^(stt|tt|so tt|so thu tu|thu tu|s tt|muc)$")),
    ("lead", re.compile(r"chu tri")),
    ("coordinating", re.compile(r"phoi hop")),
    ("timeline", re.compile(r"thoi gian|thoi han|tien do|hoan thanh|moc")),
    ("product", re.compile(r"san pham|ket qua")),
    ("content", re.compile(r"noi dung|nhiem vu|cong viec|hoat dong|ten")),
    ("note", re.compile(r"ghi chu")),
]
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
ARABIC = re.compile(r"^\d+(\.\d+)*$")
ROMAN = re.compile(r"^[IVXLC]+$")
_HEAD = re.compile(r"^([IVXLC]+|[A-Z])$")  # Roman numerals and capitals head the table
_LETTER = re.compile(r"^([a-zđ])\)?$")
_SUB_ITEM = re.compile(r"^([a-zđ])[).]\s+")
_CODE_TAIL = re.compile(r"[.\s]+$")


@dataclass
class RawRow:
    kind: str  # "section" | "heading" | "task"
    code: str
    section: str
    cells: dict[str, str]
    marks: list[str] = field(default_factory=list)  # footnote marks of the row and above
    where: str = ""
    notes: list[str] = field(default_factory=list)  # what the reader noticed (warnings)


@dataclass
class Table:
    rows: list[RawRow]
    columns: list[str]  # fields found, in the file's order
    before: list[str]
    after: list[str]
    where: str
    # the text of the tables above it (the header table: "Hà Nội, ngày … tháng … năm …")
    heading: list[str] = field(default_factory=list)


def _labels(row: list[Cell]) -> list[str]:
    return [fold(cell.text) for cell in row]


def _field_of(label: str) -> str | None:
    for name, pattern in _HEADER_WORDS:
        if label and pattern.search(label):
            return name
    return None


def _mapping(labels: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, label in enumerate(labels):
        name = _field_of(label)
        if name is not None and name not in found:
            found[name] = index
    return found


def _is_header(mapping: dict[str, int]) -> bool:
    return "content" in mapping and len(set(mapping) & {"code", "lead", "timeline", "product"}) >= 2


def find_table(source: Source) -> Table | None:
    """The first grid with a task-table header, with following grids that continue it."""
    for number, grid in enumerate(source.grids):
        for index, row in enumerate(grid.rows[:30]):
            header = _header_mapping(grid.rows, index)
            if header is None:
                continue
            mapping, header_rows = header
            width, last = len(row), number
            body = grid.rows[index + header_rows :]
            for later in source.grids[number + 1 :]:
                if len(later.rows[0]) != width:
                    break
                body += later.rows  # the table goes on after a page or section break
                last += 1
            before = [t for n, t in source.paragraphs if n <= number]
            before += [c.text for r in grid.rows[:index] for c in _distinct(r) if c.text]
            after = [t for n, t in source.paragraphs if n > last]
            first_line = index + header_rows + 1  # 1-based, as the file shows it
            table = _read_rows(body, mapping, grid.where, before, after, first_line)
            above = [row for g in source.grids[:number] for row in g.rows]
            table.heading = [c.text for r in above for c in _distinct(r) if c.text]
            return table
    return None


def _header_mapping(rows: list[list[Cell]], index: int) -> tuple[dict[str, int], int] | None:
    """The columns' fields if row `index` is the header, and how many rows the header takes."""
    labels = _labels(rows[index])
    mapping, height = _mapping(labels), 1
    if "content" in mapping and index + 1 < len(rows):
        # a two-row header: "Đơn vị thực hiện" over "Chủ trì | Phối hợp"
        below = _labels(rows[index + 1])
        combined = [
            f"{a} {b}".strip() if a != b else a for a, b in zip(labels, below, strict=False)
        ]
        if any(_field_of(b) in {"lead", "coordinating"} for b in below):
            mapping, height = _mapping(combined), 2
    return (mapping, height) if _is_header(mapping) else None


def _distinct(row: list[Cell]) -> list[Cell]:
    seen: set[int] = set()
    out = []
    for cell in row:
        if cell.key not in seen:
            seen.add(cell.key)
            out.append(cell)
    return out


def normal_code(text: str) -> str:
    code = _CODE_TAIL.sub("", strip_marks(text).strip())
    return code.upper() if ROMAN.match(code.upper()) and not _LETTER.match(code) else code


def strip_marks(text: str) -> str:
    return re.sub(f"{MARK_OPEN}[^{MARK_CLOSE}]*{MARK_CLOSE}", "", text)


def _is_section_code(code: str) -> bool:
    return bool(not code or (ARABIC.match(code) and "." not in code) or _HEAD.match(code))


_FULL_WIDTH_SECTION = re.compile(r"^([IVXLC]+|\d+|[A-Z])[.):]?\s+(\S.*)$", re.S)


def _looks_like_code(code: str) -> bool:
    return bool(not code or ARABIC.match(code) or _HEAD.match(code) or _LETTER.match(code))


def _read_rows(
    body: list[list[Cell]],
    mapping: dict[str, int],
    where: str,
    before: list[str],
    after: list[str],
    first_line: int,
) -> Table:
    columns = sorted((n for n in mapping if n in COLUMNS), key=lambda n: mapping[n])
    reader = _RowReader(mapping, where)
    for offset, grid_row in enumerate(body):
        reader.add(grid_row, first_line + offset)
    rows = reader.rows
    trailing: list[str] = []
    while rows and rows[-1].kind != "task":  # numbered text after the last task: notes
        last = rows.pop()
        trailing.insert(0, " ".join(filter(None, [last.code, last.cells.get("content", "")])))
    return Table(rows, columns, before, trailing + reader.text_rows + after, where)


class _RowReader:
    """Reads table rows in order, remembering the section, the heading and the row above."""

    def __init__(self, mapping: dict[str, int], where: str) -> None:
        self.mapping, self.where = mapping, where
        self.rows: list[RawRow] = []
        self.text_rows: list[str] = []
        self.section = ""
        self.section_marks: list[str] = []
        self.heading: RawRow | None = None
        self.prev: dict[str, Cell] = {}

    def add(self, grid_row: list[Cell], line: int) -> None:
        place = f"{self.where}, dòng {line}"
        cells = {n: grid_row[i] for n, i in self.mapping.items() if i < len(grid_row)}
        texts = {n: c.text.strip() for n, c in cells.items()}
        values = [t for t in texts.values() if t]
        if not values:
            return
        if _is_header(_mapping(_labels(grid_row))) or all(_NUMBERING.match(v) for v in values):
            return  # the header repeated on a new page, or the column-number row "(1) (2)…"
        code = normal_code(texts.get("code", ""))
        if len(_distinct(grid_row)) == 1:  # one cell across the whole table
            found = _FULL_WIDTH_SECTION.match(strip_marks(values[0]))
            if found:
                texts = {"code": found.group(1), "content": found.group(2)}
                self._section(normal_code(found.group(1)), texts, _marks(values[0]), place)
            else:
                self.text_rows.append(strip_marks(values[0]))
            self.prev = cells
            return
        if not _looks_like_code(code) or not (texts.get("content") or texts.get("lead")):
            self.text_rows.append(" ".join(strip_marks(v) for v in values))
            return
        content_key = cells["content"].key if "content" in cells else None
        task_cells = [n for n in ("lead", "coordinating", "timeline", "product") if n in cells]
        spans = False
        for name in task_cells:
            if cells[name].key == content_key:  # the content cell merged across this column
                texts[name] = ""
                spans = True
        merged_across = all(not texts[n] for n in task_cells)
        last = self.rows[-1] if self.rows else None
        if last is not None and self._continues(last, code, cells, texts, spans):
            marks = _marks(texts.get("content", ""))
            _continue_row(last, RawRow("task", "", self.section, _clean(texts), marks, place))
            return
        if merged_across and not texts.get("lead"):
            if self.prev and all(
                cells[n].key == self.prev[n].key
                for n in ("code", "content")
                if n in cells and n in self.prev
            ):
                return  # the same merged heading, one more grid row
            marks = _marks(texts.get("content", "")) + _marks(texts.get("code", ""))
            if _is_section_code(code) and not _below(code, self.section):
                self._section(code, texts, marks, place)
            else:
                self.heading = RawRow("heading", code, self.section, _clean(texts), marks, place)
                self.rows.append(self.heading)
            self.prev = cells
            return
        self._task(code, cells, texts, place)
        self.prev = cells

    def _section(self, code: str, texts: dict[str, str], marks: list[str], place: str) -> None:
        self.section, self.section_marks, self.heading = code, marks, None
        self.rows.append(RawRow("section", code, code, _clean(texts), marks, place))

    def _task(self, code: str, cells: dict[str, Cell], texts: dict[str, str], place: str) -> None:
        row = RawRow("task", code, self.section, _clean(texts), list(self.section_marks), place)
        content = row.cells.get("content", "")
        letter = (_LETTER.match(code) if code else None) or _SUB_ITEM.match(content)
        heading = self.heading
        if letter:
            base = code if (ARABIC.match(code) or ROMAN.match(code)) else ""
            base = base or (heading.code if heading is not None else "")
            row.code = f"{base}.{letter.group(1)}" if base else letter.group(1)
            if heading is not None:
                row.marks += heading.marks
        elif not code:
            same_cell = (
                "code" in cells
                and "code" in self.prev
                and (cells["code"].key == self.prev["code"].key)
            )
            row.code = self.rows[-1].code if same_cell and self.rows else self.section
        if heading is not None and not letter and not _under(row.code, heading.code):
            self.heading = None
        row.marks += _marks(texts.get("content", "")) + _marks(texts.get("code", ""))
        self.rows.append(row)

    def _continues(
        self,
        last: RawRow,
        code: str,
        cells: dict[str, Cell],
        texts: dict[str, str],
        spans: bool,
    ) -> bool:
        """A row with text but no STT, lead or timeline, right after a task, in cells of its
        own (not merged down from the row above): the task's row split by a page break."""
        if last.kind != "task" or code or spans:
            return False
        if texts.get("lead") or texts.get("timeline"):
            return False
        content = cells.get("content")
        above = self.prev.get("content")
        return content is None or above is None or content.key != above.key


def _level(code: str) -> int:
    return 0 if _HEAD.match(code) else 1


def _below(code: str, section: str) -> bool:
    return bool(code and section and _level(code) > _level(section))


def _under(code: str, heading: str) -> bool:
    return code == heading or code.startswith(heading + ".")


def _continue_row(previous: RawRow, row: RawRow) -> None:
    """A row with only text and no code or lead after a task: the task's cells split by a page
    break. Its text is added to the row above, and the reader says so."""
    for name, text in row.cells.items():
        if text and name != "code":
            previous.cells[name] = f"{previous.cells.get(name, '')}\n{text}".strip()
    previous.marks += row.marks
    previous.notes.append(f"Nối tiếp nội dung ở {row.where} (bảng bị ngắt trang).")


_MARK = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")


def _marks(text: str) -> list[str]:
    return _MARK.findall(text)


def _clean(texts: dict[str, str]) -> dict[str, str]:
    return {name: strip_marks(text).strip() for name, text in texts.items() if name in COLUMNS}
