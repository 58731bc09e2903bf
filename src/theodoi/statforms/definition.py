"""A form's definition read from its data (`FormDefinition.schema`, the JSON files in
`definitions/`): sections, the fields they hold with their stable codes, the rules, and which
kind of unit fills what in which period. Plain typed values; nothing here touches the database.

Items of a section: `text` (a narrative field), `number` (one count), `table` (rows × columns,
code `<row>.<column>`: "4a.total"), `grid` (one row of numbered columns with a two-row header,
the 16 columns of section 5: "5.1" … "5.16") and `ratio` (a pair of counts: "6.2.online" of
"6.2.total"). A section or an item may name the kinds of unit that fill it (`units`:
"province", "central") and the periods it is asked in (`periods`: "Q1"-"Q4", "year").
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from theodoi.core.periods import Kind, Period

PROVINCE, CENTRAL = "province", "central"
AUDIENCE_LABELS = {PROVINCE: "BHXH tỉnh, thành phố", CENTRAL: "đơn vị thuộc BHXH Việt Nam"}
TEXT, NUMBER = "text", "number"
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    kind: str  # TEXT or NUMBER
    section: str
    required: bool = False
    units: frozenset[str] = frozenset({PROVINCE, CENTRAL})


@dataclass(frozen=True)
class Rule:
    id: str  # the rule as people write it: "5.1 = 5.2+5.3+5.4+5.5+5.6"
    title: str
    kind: str  # "eq": Σleft = Σright; "le": Σleft ≤ Σright; "previous": left = right last period
    severity: str  # ERROR refuses; WARNING needs a written explanation before submission
    left: tuple[str, ...]
    right: tuple[str, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return self.left + self.right


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    units: frozenset[str]
    periods: frozenset[str]  # empty: every period
    items: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class FormCalendar:
    quarters: tuple[int, ...]
    year: bool
    due_rule: str
    due_day: int
    cutoff_day: int


def period_tag(period: Period) -> str:
    """ "Q3" for a quarter, "year" for a year (the words `periods` uses)."""
    return "year" if period.kind == Kind.YEAR else f"Q{period.number}"


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    valid_from: date
    title: str
    source: str
    note: str
    calendar: FormCalendar
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...]
    fields: Mapping[str, Field] = field(default_factory=dict)

    def section_applies(self, section: Section, audience: str, period: Period) -> bool:
        if audience not in section.units:
            return False
        return not section.periods or period_tag(period) in section.periods

    def fields_for(self, audience: str, period: Period) -> dict[str, Field]:
        """The fields a unit of `audience` fills for `period`, in the form's order."""
        keys = {s.key for s in self.sections if self.section_applies(s, audience, period)}
        return {
            code: f for code, f in self.fields.items() if f.section in keys and audience in f.units
        }

    def numbers(self) -> list[Field]:
        return [f for f in self.fields.values() if f.kind == NUMBER]


def _items(section: Mapping[str, Any], units: frozenset[str]) -> Iterator[Field]:
    key = section["key"]
    for item in section["items"]:
        item_units = frozenset(item.get("units", units))
        required = bool(item.get("required", False))
        kind = item["kind"]
        if kind == "text":
            yield Field(item["code"], item["label"], TEXT, key, False, item_units)
        elif kind == "number":
            yield Field(item["code"], item["label"], NUMBER, key, required, item_units)
        elif kind == "table":
            for row in item["rows"]:
                for column in item["columns"]:
                    label = f"{row['label']} — {column['label']}"
                    code = f"{row['key']}.{column['key']}"
                    yield Field(code, label, NUMBER, key, required, item_units)
        elif kind == "grid":
            for column in item["columns"]:
                label = f"cột {column['number']} ({column['label']})"
                yield Field(column["code"], label, NUMBER, key, required, item_units)
        elif kind == "ratio":
            for code, label in zip(item["codes"], item["labels"], strict=True):
                yield Field(code, label, NUMBER, key, required, item_units)
        else:
            raise ValueError(f"unknown item kind {kind!r} in section {key}")


def read(schema: Mapping[str, Any]) -> Definition:
    """The definition a schema describes (ValueError if it is malformed)."""
    sections: list[Section] = []
    fields: dict[str, Field] = {}
    for raw in schema["sections"]:
        units = frozenset(raw.get("units", (PROVINCE, CENTRAL)))
        sections.append(
            Section(
                raw["key"],
                raw["title"],
                units,
                frozenset(raw.get("periods", ())),
                tuple(raw["items"]),
            )
        )
        for f in _items(raw, units):
            if f.code in fields:
                raise ValueError(f"code {f.code} appears twice")
            fields[f.code] = f
    rules = tuple(
        Rule(
            r["id"],
            r.get("title", ""),
            r["kind"],
            r["severity"],
            tuple(r["left"]),
            tuple(r["right"]),
        )
        for r in schema["rules"]
    )
    for rule in rules:
        unknown = [c for c in rule.codes if c not in fields]
        if unknown:
            raise ValueError(f"rule {rule.id} names unknown codes {unknown}")
    cal = schema["calendar"]
    return Definition(
        code=schema["code"],
        version=int(schema["version"]),
        valid_from=date.fromisoformat(schema["valid_from"]),
        title=schema["title"],
        source=schema.get("source", ""),
        note=schema.get("note", ""),
        calendar=FormCalendar(
            tuple(cal["quarters"]),
            bool(cal["year"]),
            cal["due_rule"],
            int(cal["due_day"]),
            int(cal["cutoff_day"]),
        ),
        sections=tuple(sections),
        rules=rules,
        fields=fields,
    )
