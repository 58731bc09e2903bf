"""A unit's form laid out as the paper one (seed 001 Phụ lục II) for the page: the sections the
unit fills in the period, in order, each with its items (narrative texts, counts, the tables of
sections 4 and 6.2, the 16 columns of section 5 under their two-row header), and what the rules
say about the figures: beside each cell its marks and the sums it is compared with ("2+3+4+5+6 =
1.198" by column 1), under each item the messages of the rules whose first cell it holds (with
the box for a warning's written explanation), and the summary at the top.

Plain values for the templates; every word and every decision is made here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from theodoi.statforms.checks import Checked, Finding
from theodoi.statforms.definition import ERROR, Definition, Field, Rule
from theodoi.statforms.numbers import grouped

SEVERITY_WORDS = {ERROR: "Lỗi", "warning": "Cảnh báo"}


def dom_id(prefix: str, code: str) -> str:
    """An HTML id for a code ("5.1" → "c-5-1"): no dots, never starting with a digit."""
    return f"{prefix}-" + "".join(ch if ch.isalnum() else "-" for ch in code)


@dataclass
class CellCheck:
    dom: str  # the slot's id, swapped by the live check
    sums: list[str] = field(default_factory=list)
    marks: list[tuple[str, str]] = field(default_factory=list)  # (severity, words)


@dataclass
class Cell:
    code: str
    label: str  # the cell's name for a screen reader, with its code
    name: str  # its short name in sums: the column number in section 5, else the code
    value: str  # as typed, or the stored figure with its thousands separators
    dom: str
    check: CellCheck
    notes_dom: str  # the id of the messages under its item (aria-describedby)


@dataclass
class Note:
    severity: str
    words: str  # "Lỗi" or "Cảnh báo"
    message: str
    explain_name: str = ""  # the explanation box's field name (a warning's note only)
    explain_label: str = ""
    explanation: str = ""


@dataclass
class Notes:
    dom: str
    notes: list[Note] = field(default_factory=list)


@dataclass
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Row:
    label: str
    cells: list[Cell]


@dataclass
class Item:
    kind: str  # text, number, table, grid, ratio
    label: str
    notes: Notes
    code: str = ""  # a text's code (its field name)
    dom: str = ""
    text: str = ""
    cells: list[Cell] = field(default_factory=list)  # number, ratio, grid
    columns: list[str] = field(default_factory=list)  # table
    rows: list[Row] = field(default_factory=list)  # table
    header: list[list[HeaderCell]] = field(default_factory=list)  # grid


@dataclass
class PageSection:
    key: str
    title: str
    items: list[Item]


@dataclass
class Layout:
    sections: list[PageSection]
    cells: list[Cell]
    notes: list[Notes]
    errors: list[Finding]
    warnings: list[Finding]
    loose: list[Note]  # findings on no cell of the page (shown at the top only)
    blank_required: int = 0  # cells required for submission still without a figure

    @property
    def refusals(self) -> list[tuple[str, str]]:
        """Each error with the id of its first cell on the page ("" if none), for the top."""
        shown = {cell.code for cell in self.cells}
        found = []
        for error in self.errors:
            first = next((c for c in error.fields if c in shown), "")
            found.append((error.message, dom_id("c", first) if first else ""))
        return found

    @property
    def summary(self) -> str:
        if not self.errors and not self.warnings:
            said = "Số liệu đang nhập thỏa các quy tắc kiểm tra."
        else:
            said = f"Số liệu đang nhập có {len(self.errors)} lỗi và {len(self.warnings)} cảnh báo."
        if self.blank_required:
            said += f" Còn {self.blank_required} ô bắt buộc chưa có số liệu (cần có khi nộp)."
        return said


def explain_name(index: int) -> str:
    return f"giai-trinh-{index}"


def _grid_names(definition: Definition) -> dict[str, str]:
    names = {}
    for section in definition.sections:
        for item in section.items:
            if item["kind"] == "grid":
                names.update({c["code"]: c["number"] for c in item["columns"]})
    return names


def _sums(
    rule: Rule, values: Mapping[str, int | None], names: Mapping[str, str]
) -> tuple[str, str]:
    """(the single cell a rule compares with a sum, the sum's words) or ("", "")."""
    if rule.kind not in ("eq", "le"):
        return "", ""
    if len(rule.left) == 1 and len(rule.right) > 1:
        anchor, summed = rule.left[0], rule.right
    elif len(rule.right) == 1 and len(rule.left) > 1:
        anchor, summed = rule.right[0], rule.left
    else:
        return "", ""
    given = [values[c] for c in summed if values.get(c) is not None]
    if not given:
        return "", ""
    words = "+".join(names.get(c, c) for c in summed) + " = " + grouped(sum(v or 0 for v in given))
    if len(given) < len(summed):
        words += " (chưa đủ số liệu)"
    return anchor, words


def _shown(raw: Mapping[str, Any], code: str) -> str:
    value = raw.get(code)
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return grouped(value)
    return str(value)


def _header(item: Mapping[str, Any]) -> list[list[HeaderCell]]:
    """The two-row header of section 5, then the columns' own names and numbers: a group with
    one column names it once (over two rows)."""
    labels = {c["code"]: c["label"] for c in item["columns"]}
    groups = [HeaderCell(g["label"], int(g["span"])) for g in item["header"]]
    subs: list[HeaderCell] = []
    names: list[HeaderCell] = []
    for group in item["header"]:
        for sub in group["sub"]:
            codes = sub["codes"]
            if len(codes) == 1:
                subs.append(HeaderCell(sub["label"], 1, 2))
            else:
                subs.append(HeaderCell(sub["label"], len(codes)))
                names.extend(HeaderCell(labels[c]) for c in codes)
    numbers = [HeaderCell(f"({c['number']})") for c in item["columns"]]
    return [groups, subs, names, numbers]


class _Builder:
    def __init__(
        self,
        definition: Definition,
        fields: Mapping[str, Field],
        raw: Mapping[str, Any],
        checked: Checked,
    ) -> None:
        self.definition, self.fields, self.raw, self.checked = definition, fields, raw, checked
        self.names = _grid_names(definition)
        self.checks: dict[str, CellCheck] = {}
        self.cells: list[Cell] = []
        self.home: dict[str, Notes] = {}  # a cell's code → the messages under its item
        self.all_notes: list[Notes] = []

    def cell(self, code: str, label: str, notes: Notes) -> Cell:
        check = CellCheck(dom_id("k", code))
        self.checks[code] = check
        self.home[code] = notes
        found = Cell(
            code,
            label,
            self.names.get(code, code),
            _shown(self.raw, code),
            dom_id("c", code),
            check,
            notes.dom,
        )
        self.cells.append(found)
        return found

    def item(self, section: str, index: int, raw: Mapping[str, Any]) -> Item | None:
        notes = Notes(f"n-{section}-{index}")
        kind, label = raw["kind"], raw.get("label", "")
        item = Item(kind, label, notes)
        if kind == "text":
            if raw["code"] not in self.fields:
                return None
            item.code, item.dom = raw["code"], dom_id("c", raw["code"])
            item.text = str(self.raw.get(raw["code"]) or "")
        elif kind == "number":
            if raw["code"] not in self.fields:
                return None
            item.cells = [self.cell(raw["code"], f"{label} ({raw['code']})", notes)]
        elif kind == "ratio":
            if raw["codes"][0] not in self.fields:
                return None
            item.cells = [
                self.cell(code, f"{words} ({code})", notes)
                for code, words in zip(raw["codes"], raw["labels"], strict=True)
            ]
        elif kind == "table":
            first = f"{raw['rows'][0]['key']}.{raw['columns'][0]['key']}"
            if first not in self.fields:
                return None
            item.columns = [c["label"] for c in raw["columns"]]
            for row in raw["rows"]:
                cells = []
                for column in raw["columns"]:
                    code = f"{row['key']}.{column['key']}"
                    cells.append(
                        self.cell(code, f"{row['label']} — {column['label']} ({code})", notes)
                    )
                item.rows.append(Row(row["label"], cells))
        elif kind == "grid":
            if raw["columns"][0]["code"] not in self.fields:
                return None
            item.header = _header(raw)
            item.cells = [
                self.cell(c["code"], f"Cột {c['number']} — {c['label']} ({c['code']})", notes)
                for c in raw["columns"]
            ]
        self.all_notes.append(notes)
        return item

    def findings(self) -> list[Note]:
        """Each finding under the item of its first cell, marks on every cell it names; the
        ones on no cell of the page are returned for the top."""
        loose: list[Note] = []
        rules = {rule.id: index for index, rule in enumerate(self.definition.rules)}
        explained: set[str] = set()
        for finding, severity in [
            *((f, "warning") for f in self.checked.warnings),
            *((f, ERROR) for f in self.checked.errors),
        ]:
            note = Note(severity, SEVERITY_WORDS[severity], finding.message)
            if severity == "warning" and finding.rule in rules and finding.rule not in explained:
                explained.add(finding.rule)
                note.explain_name = explain_name(rules[finding.rule])
                note.explain_label = f"Giải trình cảnh báo «{finding.rule}»"
                note.explanation = self.checked.explanations.get(finding.rule, "")
            homes = [self.home[c] for c in finding.fields if c in self.home]
            if not homes:
                loose.append(note)
                continue
            homes[0].notes.append(note)
            for code in finding.fields:
                if code in self.checks:
                    self.checks[code].marks.append((severity, f"{note.words}: {finding.rule}"))
        for notes in self.all_notes:  # errors first under each item
            notes.notes.sort(key=lambda n: n.severity != ERROR)
        return loose

    def sums(self) -> None:
        for rule in self.definition.rules:
            if any(c not in self.fields for c in rule.codes):
                continue
            anchor, words = _sums(rule, self.checked.values, self.names)
            if anchor in self.checks:
                self.checks[anchor].sums.append(words)


def layout(
    definition: Definition,
    fields: Mapping[str, Field],
    raw: Mapping[str, Any],
    checked: Checked,
) -> Layout:
    """The page of a unit's form: `fields` those it fills this period (`fields_for`), `raw`
    the figures and texts as typed or stored, `checked` what the rules say of them."""
    builder = _Builder(definition, fields, raw, checked)
    sections = []
    for section in definition.sections:
        items = [builder.item(section.key, i, item) for i, item in enumerate(section.items)]
        shown = [i for i in items if i is not None]
        if shown:
            sections.append(PageSection(section.key, section.title, shown))
    loose = builder.findings()
    builder.sums()
    blank = [c for c, f in fields.items() if f.required and checked.values.get(c) is None]
    return Layout(
        sections,
        builder.cells,
        builder.all_notes,
        checked.errors,
        checked.warnings,
        loose,
        len(blank),
    )
