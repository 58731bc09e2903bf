"""The manifest of a backup archive: what it holds, with sizes and SHA-256 checksums, and the
database's state when it was taken (migrations applied, rows in every table).

It is the archive's last member, `manifest.json`. A restore trusts nothing in the archive
that the manifest does not name with the right size and checksum, and compares every table's
row count with it after loading.
"""

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import Any

from theodoi.core.errors import Code, ValidationFailed

FORMAT = "theodoi-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES = "files/"  # the attached files' members: files/<path under MEDIA_ROOT>
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Entry:
    """A member of the archive: the database dump, or an attached file (`path` under
    MEDIA_ROOT, in the archive as files/<path>)."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    created_at: str  # ISO 8601 with the offset of Asia/Ho_Chi_Minh
    app_version: str
    django_version: str
    vendor: str  # Django's connection.vendor: sqlite or postgresql
    server_version: str
    database: Entry
    migrations: dict[str, list[str]]  # app label → names applied
    tables: dict[str, int]  # every table (PostgreSQL: schema.table) → rows
    files: list[Entry] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode()

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def file_bytes(self) -> int:
        return sum(entry.size for entry in self.files)

    def members(self) -> dict[str, Entry]:
        """Every member but the manifest, by its name in the archive."""
        named = {self.database.path: self.database}
        named.update({FILES + entry.path: entry for entry in self.files})
        return named


def refused(message: str) -> ValidationFailed:
    return ValidationFailed({"archive": message}, Code.FILE_REFUSED)


def parse(data: bytes) -> Manifest:
    """The manifest in `data`; a malformed one is refused naming what is wrong."""
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refused(f"Bản kê manifest.json không đọc được ({exc}).") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise refused("Tệp không phải bản sao lưu của Theo Dõi (manifest.json không đúng dạng).")
    version = raw.get("format_version")
    if version != VERSION:
        raise ValidationFailed(
            {"archive": f"Bản sao lưu theo dạng {version}, phiên bản này chỉ đọc dạng {VERSION}."},
            Code.INVALID,
        )
    try:
        manifest = Manifest(
            created_at=_text(raw["created_at"]),
            app_version=_text(raw["app_version"]),
            django_version=_text(raw["django_version"]),
            vendor=_text(raw["vendor"]),
            server_version=_text(raw["server_version"]),
            database=_entry(raw["database"]),
            migrations={
                _text(app): [_text(name) for name in names]
                for app, names in dict(raw["migrations"]).items()
            },
            tables={_text(table): _count(rows) for table, rows in dict(raw["tables"]).items()},
            files=[_entry(item) for item in raw["files"]],
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise refused(f"Bản kê manifest.json thiếu hoặc sai mục: {exc}.") from exc
    if manifest.vendor not in DATABASE_MEMBER:
        raise refused(f"Bản kê ghi loại cơ sở dữ liệu không biết: «{manifest.vendor}».")
    if manifest.database.path != DATABASE_MEMBER[manifest.vendor]:
        raise refused(f"Bản kê ghi tệp cơ sở dữ liệu lạ: «{manifest.database.path}».")
    paths = [entry.path for entry in manifest.files]
    for path in paths:
        check_file_path(path)
    if len(set(paths)) != len(paths):
        raise refused("Bản kê ghi một tệp đính kèm hai lần.")
    return manifest


def mismatch(expected: dict[str, int], found: dict[str, int]) -> str:
    """The first few tables whose rows differ, in words."""
    names = sorted(set(expected) | set(found))
    wrong = [n for n in names if expected.get(n) != found.get(n)]
    said = [f"{n}: bản kê {expected.get(n, '—')}, có {found.get(n, '—')}" for n in wrong]
    return "; ".join(said[:3]) + (f" và {len(said) - 3} bảng khác" if len(said) > 3 else "")


def check_file_path(path: str) -> None:
    """An attached file's path must stay inside MEDIA_ROOT: relative, no `..`, no empty part."""
    parts = PurePosixPath(path).parts
    if (
        not parts
        or path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or any(part in {"", ".", ".."} for part in path.split("/"))
    ):
        raise refused(f"Bản kê ghi một đường dẫn tệp không hợp lệ: «{path}».")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"«{value!r}» không phải chuỗi")
    return value


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"«{value!r}» không phải số dòng")
    return value


def _entry(raw: Any) -> Entry:
    entry = Entry(path=_text(raw["path"]), size=_count(raw["size"]), sha256=_text(raw["sha256"]))
    if not _SHA256.match(entry.sha256):
        raise ValueError(f"tổng kiểm «{entry.sha256}» của «{entry.path}» không phải SHA-256")
    return entry


@dataclass(frozen=True)
class Snapshot:
    """What a dump holds, read in the same snapshot as the dump itself."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]
    server_version: str


class OperationFailed(Exception):
    """A step failed after every check passed (a program, the disk); `state` says what the
    target holds now, in words an operator can act on."""

    def __init__(self, message: str, state: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.state = state
