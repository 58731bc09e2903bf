"""SQLite: the backup API copies the live database to a file (a consistent snapshot, also while
the site writes) and copies that file into the empty target in one transaction (all or
nothing: a failure leaves the target without a table)."""

import sqlite3
from collections import defaultdict
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from theodoi.backups.manifest import Manifest, OperationFailed, Snapshot, mismatch, refused
from theodoi.core.errors import Code, ValidationFailed


def dump(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        try:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        except sqlite3.Error as exc:
            raise OperationFailed(f"SQLite không sao lưu được cơ sở dữ liệu: {exc}.") from exc
    with closing(_read_only(target)) as db:
        return Snapshot(_counts(db), _migrations(db), sqlite3.sqlite_version)


def describe(settings_dict: dict[str, Any]) -> str:
    return f"tệp {settings_dict['NAME']}"


def _path(settings_dict: dict[str, Any]) -> Path:
    name = str(settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        raise ValidationFailed(
            {"database": "DATABASE_URL phải chỉ tới một tệp SQLite (sqlite:////đường/dẫn/tệp)."},
            Code.INVALID,
        )
    return Path(name)


def target_tables(settings_dict: dict[str, Any]) -> list[str]:
    """The tables already in the target (none if the file does not exist: it is not made)."""
    path = _path(settings_dict)
    if not path.exists():
        return []
    try:
        with closing(_read_only(path)) as db:
            return _tables(db)
    except sqlite3.DatabaseError as exc:
        raise ValidationFailed(
            {"database": f"Tệp {path} đã có nhưng không phải cơ sở dữ liệu SQLite ({exc})."},
            Code.WRONG_STATE,
        ) from exc


def check_dump(dump_path: Path, manifest: Manifest) -> None:
    """Before touching the target: the copy is sound and holds the rows the manifest says."""
    try:
        with closing(_read_only(dump_path)) as db:
            (verdict,) = db.execute("PRAGMA quick_check").fetchone()
            counts = _counts(db) if verdict == "ok" else {}
    except sqlite3.DatabaseError as exc:
        raise refused(f"Cơ sở dữ liệu trong bản sao lưu không mở được ({exc}).") from exc
    if verdict != "ok":
        raise refused(f"Cơ sở dữ liệu trong bản sao lưu bị hỏng: {verdict}.")
    if counts != manifest.tables:
        raise refused(
            "Số dòng trong cơ sở dữ liệu của bản sao lưu không khớp bản kê "
            f"({mismatch(manifest.tables, counts)}): bản sao lưu đã bị sửa."
        )


def restore(settings_dict: dict[str, Any], dump_path: Path) -> None:
    path = _path(settings_dict)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(sqlite3.connect(dump_path)) as source, closing(sqlite3.connect(path)) as db:
            if _tables(db):  # someone wrote it since the check
                raise ValidationFailed(
                    {"database": f"Tệp {path} vừa có bảng: không khôi phục đè lên."},
                    Code.WRONG_STATE,
                )
            source.backup(db)
    except sqlite3.Error as exc:
        raise OperationFailed(f"SQLite không chép được cơ sở dữ liệu vào {path}: {exc}.") from exc


def counts(settings_dict: dict[str, Any]) -> dict[str, int]:
    with closing(_read_only(_path(settings_dict))) as db:
        return _counts(db)


def analyze(settings_dict: dict[str, Any]) -> None:
    with closing(sqlite3.connect(_path(settings_dict))) as db:
        db.execute("ANALYZE")


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def _counts(db: sqlite3.Connection) -> dict[str, int]:
    quoted = {name: '"' + name.replace('"', '""') + '"' for name in _tables(db)}
    return {
        name: db.execute(f"SELECT count(*) FROM {q}").fetchone()[0] for name, q in quoted.items()
    }


def _migrations(db: sqlite3.Connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    if "django_migrations" in _tables(db):
        for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY id"):
            applied[app].append(name)
    return dict(applied)
