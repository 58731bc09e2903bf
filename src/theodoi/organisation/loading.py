"""Loading a unit registry CSV (`samples/units.csv` format). All or nothing, idempotent."""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change
from theodoi.core.dates import DateParseError, parse_date
from theodoi.organisation.models import SuccessionKind, Unit, UnitKind, UnitSuccession
from theodoi.organisation.services import unit_set_aliases, unit_snapshot

COLUMNS = [
    "code",
    "name",
    "short_name",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "successor",
    "aliases",
]
REQUIRED = {"code", "name", "kind"}
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
MAX_BYTES = 5 * 1024 * 1024


class UnitLoadError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class UnitRow:
    line: int
    code: str
    name: str
    short_name: str
    kind: str
    parent: str
    valid_from: date | None
    valid_to: date | None
    successor: str
    aliases: list[str]


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    successions: int = 0

    def summary(self) -> str:
        return (
            f"Đã tạo {len(self.created)} đơn vị, cập nhật {len(self.updated)}, "
            f"giữ nguyên {self.unchanged}, thêm {self.successions} quan hệ kế thừa."
        )


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise UnitLoadError([f"Tệp quá lớn ({len(data)} byte); tối đa {MAX_BYTES} byte."])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnitLoadError(
            [f"Dòng {line}: tệp không phải văn bản UTF-8 (lưu lại CSV với mã hóa UTF-8)."]
        ) from exc


def parse_units_csv(data: bytes) -> list[UnitRow]:
    """Read and check every line; raise UnitLoadError listing every problem found."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    errors: list[str] = []
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise UnitLoadError(["Tệp trống: không có dòng tiêu đề."]) from None
    unknown = [h for h in header if h not in COLUMNS]
    missing = REQUIRED - set(header)
    if unknown or missing or len(set(header)) != len(header):
        detail = []
        if unknown:
            detail.append("cột lạ: " + ", ".join(unknown))
        if missing:
            detail.append("thiếu cột: " + ", ".join(sorted(missing)))
        if len(set(header)) != len(header):
            detail.append("có cột trùng tên")
        raise UnitLoadError(
            [f"Dòng 1 (tiêu đề): {'; '.join(detail)}. Tiêu đề cần là: {','.join(COLUMNS)}."]
        )
    rows: list[UnitRow] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            errors.append(f"Dòng {line}: có {len(values)} cột, tiêu đề có {len(header)} cột.")
            continue
        raw = {col: "" for col in COLUMNS} | {
            h: v.strip() for h, v in zip(header, values, strict=True)
        }
        row_errors: list[str] = []

        def bad(column: str, message: str, line: int = line, errs: list[str] = row_errors) -> None:
            errs.append(f"Dòng {line}, cột «{column}»: {message}")

        if not CODE_PATTERN.match(raw["code"]):
            bad("code", f"mã «{raw['code']}» không hợp lệ (chữ không dấu, số, - _ .; tối đa 40).")
        if not raw["name"]:
            bad("name", "tên đơn vị không được để trống.")
        if raw["kind"] not in UnitKind.values:
            bad("kind", f"loại «{raw['kind']}» không hợp lệ; dùng: {', '.join(UnitKind.values)}.")
        dates: dict[str, date | None] = {}
        for column in ("valid_from", "valid_to"):
            try:
                dates[column] = parse_date(raw[column]) if raw[column] else None
            except DateParseError as exc:
                bad(column, str(exc))
                dates[column] = None
        if dates["valid_from"] and dates["valid_to"] and dates["valid_to"] < dates["valid_from"]:
            bad("valid_to", "ngày hết hiệu lực trước ngày có hiệu lực.")
        if raw["successor"] and not raw["valid_to"]:
            bad("successor", "có đơn vị kế thừa thì phải có ngày hết hiệu lực (valid_to).")
        if raw["successor"] and raw["successor"] == raw["code"]:
            bad("successor", "đơn vị không thể kế thừa chính nó.")
        if raw["parent"] and raw["parent"] == raw["code"]:
            bad("parent", "đơn vị không thể là cấp trên của chính nó.")
        errors.extend(row_errors)
        rows.append(
            UnitRow(
                line=line,
                code=raw["code"],
                name=raw["name"],
                short_name=raw["short_name"],
                kind=raw["kind"],
                parent=raw["parent"],
                valid_from=dates["valid_from"],
                valid_to=dates["valid_to"],
                successor=raw["successor"],
                aliases=[a.strip() for a in raw["aliases"].split(";") if a.strip()],
            )
        )
    errors.extend(_check_references(rows))
    if errors:
        raise UnitLoadError(errors)
    if not rows:
        raise UnitLoadError(["Tệp không có dòng đơn vị nào."])
    return rows


def _check_references(rows: list[UnitRow]) -> list[str]:
    errors = []
    counts = Counter(r.code for r in rows)
    for row in rows:
        if counts[row.code] > 1 and CODE_PATTERN.match(row.code):
            errors.append(f"Dòng {row.line}, cột «code»: mã «{row.code}» xuất hiện nhiều lần.")
    in_file = {r.code for r in rows}
    referenced = {r.parent for r in rows if r.parent} | {r.successor for r in rows if r.successor}
    in_db = set(Unit.objects.filter(code__in=referenced - in_file).values_list("code", flat=True))
    known = in_file | in_db
    for row in rows:
        if row.parent and row.parent not in known:
            errors.append(
                f"Dòng {row.line}, cột «parent»: không tìm thấy đơn vị cấp trên «{row.parent}»."
            )
        if row.successor and row.successor not in known:
            errors.append(
                f"Dòng {row.line}, cột «successor»: "
                f"không tìm thấy đơn vị kế thừa «{row.successor}»."
            )
    parents = {r.code: r.parent for r in rows}
    for row in rows:
        seen, current = {row.code}, row.parent
        while current in parents:
            if current in seen:
                errors.append(f"Dòng {row.line}, cột «parent»: quan hệ cấp trên tạo vòng lặp.")
                break
            seen.add(current)
            current = parents[current]
    return errors


def _in_parent_order(rows: list[UnitRow]) -> list[UnitRow]:
    by_code = {r.code: r for r in rows}
    ordered: list[UnitRow] = []
    placed: set[str] = set()

    def place(row: UnitRow) -> None:
        if row.code in placed:
            return
        if row.parent in by_code:
            place(by_code[row.parent])
        placed.add(row.code)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


@transaction.atomic
def load_units(data: bytes, *, actor: Actor = None, actor_label: str = "") -> LoadReport:
    """Create or update every unit of the file; a second identical load changes nothing."""
    rows = parse_units_csv(data)
    label = actor_label or "nạp danh mục đơn vị"
    report = LoadReport()
    codes = {r.code for r in rows} | {r.parent for r in rows if r.parent}
    existing = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    units: dict[str, Unit] = {}
    for row in _in_parent_order(rows):
        parent = units.get(row.parent) or existing.get(row.parent)
        values = {
            "name": row.name,
            "short_name": row.short_name,
            "kind": row.kind,
            "parent": parent,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to,
        }
        unit = existing.get(row.code)
        if unit is None:
            unit = Unit.objects.create(code=row.code, **values)
            unit_set_aliases(unit, row.aliases)
            record_change(
                actor=actor,
                actor_label=label,
                action=ChangeKind.CREATE,
                obj=unit,
                before=None,
                after=unit_snapshot(unit),
            )
            report.created.append(unit.code)
        else:
            before = unit_snapshot(unit)
            for name, value in values.items():
                setattr(unit, name, value)
            known_aliases = set(before["aliases"])
            if not set(row.aliases) <= known_aliases:
                unit_set_aliases(unit, sorted(known_aliases | set(row.aliases)))
            after = unit_snapshot(unit)
            if after != before:
                unit.version += 1
                unit.save()
                record_change(
                    actor=actor,
                    actor_label=label,
                    action=ChangeKind.UPDATE,
                    obj=unit,
                    before=before,
                    after=after,
                    reason="Nạp lại danh mục đơn vị",
                )
                report.updated.append(unit.code)
            else:
                report.unchanged += 1
        units[row.code] = unit
    report.successions = _link_successors(rows, units)
    return report


def _link_successors(rows: list[UnitRow], units: dict[str, Unit]) -> int:
    pairs = [(r, r.successor) for r in rows if r.successor]
    heirs = {code for _, code in pairs}
    targets = {u.code: u for u in Unit.objects.filter(code__in=heirs)} | {
        c: u for c, u in units.items() if c in heirs
    }
    fan_in = Counter(code for _, code in pairs)
    added = 0
    for row, code in pairs:
        assert row.valid_to is not None
        heir = targets[code]
        absorbed = fan_in[code] > 1 or heir.is_active_on(row.valid_to)
        _, created = UnitSuccession.objects.get_or_create(
            predecessor=units[row.code],
            successor=heir,
            defaults={
                "effective_date": row.valid_to + timedelta(days=1),
                "kind": SuccessionKind.MERGE if absorbed else SuccessionKind.REPLACE,
            },
        )
        added += created
    return added
