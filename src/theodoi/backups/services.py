"""`backup` writes the database and every file under MEDIA_ROOT into one archive with its
manifest; `restore` puts an archive back into an empty database and an empty MEDIA_ROOT.

Both are generic: every table of the database and every file under MEDIA_ROOT, so a model or
an app added later is backed up without a change here. A restore checks everything it can
before it writes anything (the archive's members against the manifest's checksums, the
target's emptiness, the database vendor, the migrations this version knows), then loads the
database in one transaction, puts the files in place from a staging folder, and compares
every table's rows with the manifest. Refusals are `ValidationFailed` with a code (nothing
was written); `OperationFailed` says what the target holds when a later step failed.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

import django
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from theodoi.backups import postgres, sqlite
from theodoi.backups.archive import STAGING, Reader, Writer, media_files, sha256_of, write_mode
from theodoi.backups.manifest import (
    DATABASE_MEMBER,
    FILES,
    MANIFEST,
    VENDOR_NAMES,
    Manifest,
    OperationFailed,
    Snapshot,
    mismatch,
)
from theodoi.core.errors import Code, ValidationFailed


class Vendor(Protocol):
    def dump(self, connection: BaseDatabaseWrapper, target: Path) -> Snapshot: ...
    def describe(self, settings_dict: dict[str, Any]) -> str: ...
    def target_tables(self, settings_dict: dict[str, Any]) -> list[str]: ...
    def check_dump(self, dump_path: Path, manifest: Manifest) -> None: ...
    def restore(self, settings_dict: dict[str, Any], dump_path: Path) -> None: ...
    def counts(self, settings_dict: dict[str, Any]) -> dict[str, int]: ...
    def analyze(self, settings_dict: dict[str, Any]) -> None: ...


VENDORS: dict[str, Vendor] = {"sqlite": sqlite, "postgresql": postgres}


def _vendor(connection: BaseDatabaseWrapper) -> Vendor:
    if connection.vendor not in VENDORS:
        raise ValidationFailed(
            {"database": f"Chưa sao lưu, khôi phục được cơ sở dữ liệu loại {connection.vendor}."},
            Code.INVALID,
        )
    return VENDORS[connection.vendor]


def _app_version() -> str:
    try:
        return version("theodoi")
    except PackageNotFoundError:
        return "không rõ"


@dataclass(frozen=True)
class BackupResult:
    archive: Path
    size: int
    sha256: str
    manifest: Manifest

    def as_json(self) -> dict[str, object]:
        m = self.manifest
        return {
            "ok": True,
            "archive": str(self.archive),
            "size": self.size,
            "sha256": self.sha256,
            "vendor": m.vendor,
            "created_at": m.created_at,
            "tables": len(m.tables),
            "rows": m.rows,
            "files": len(m.files),
            "file_bytes": m.file_bytes,
        }

    def summary(self) -> str:
        m = self.manifest
        return (
            f"Đã sao lưu vào {self.archive} ({megabytes(self.size)}, SHA-256 {self.sha256}): "
            f"cơ sở dữ liệu {VENDOR_NAMES[m.vendor]} {count(len(m.tables))} bảng, "
            f"{count(m.rows)} dòng; {count(len(m.files))} tệp đính kèm "
            f"({megabytes(m.file_bytes)})."
        )


def backup(out: Path, *, alias: str = "default") -> BackupResult:
    """Write the archive `out` (.tar, .tar.gz or .tgz): the database as of one moment, then the
    files (a file is written before its row, so every file a row names is there)."""
    mode = write_mode(out)
    if mode is None:
        raise ValidationFailed(
            {"out": f"Tên tệp «{out.name}» phải kết thúc bằng .tar, .tar.gz hoặc .tgz."},
            Code.INVALID,
        )
    if out.exists():
        raise ValidationFailed(
            {"out": f"Tệp {out} đã có: chọn tên khác (không ghi đè bản sao lưu)."},
            Code.DUPLICATE,
        )
    if not out.parent.is_dir():
        raise ValidationFailed({"out": f"Không có thư mục {out.parent}."}, Code.NOT_FOUND)
    root = Path(settings.MEDIA_ROOT)
    if out.resolve().is_relative_to(root.resolve()):
        raise ValidationFailed(
            {"out": f"Không đặt bản sao lưu trong thư mục tệp đính kèm {root}."}, Code.INVALID
        )
    connection = connections[alias]
    vendor = _vendor(connection)
    if connection.in_atomic_block:
        raise RuntimeError("backup() needs committed data: call it outside a transaction")
    work = Path(tempfile.mkdtemp(prefix=".theodoi-sao-luu-", dir=out.parent))
    try:
        dump = work / DATABASE_MEMBER[connection.vendor]
        snapshot = vendor.dump(connection, dump)
        partial = work / out.name
        writer = Writer(partial, mode)
        try:
            database = writer.add_file(dump, dump.name)
            files = [writer.add_file(path, FILES + rel, rel) for rel, path in media_files(root)]
            manifest = Manifest(
                created_at=timezone.localtime().isoformat(timespec="seconds"),
                app_version=_app_version(),
                django_version=django.get_version(),
                vendor=connection.vendor,
                server_version=snapshot.server_version,
                database=database,
                migrations=snapshot.migrations,
                tables=snapshot.tables,
                files=files,
            )
            writer.add_bytes(manifest.to_json(), MANIFEST)
        finally:
            writer.close()
        partial.chmod(0o600)  # every password hash and document of the agency
        os.replace(partial, out)
    except OperationFailed as exc:
        exc.state = "Không tạo tệp sao lưu nào."
        raise
    except OSError as exc:
        raise OperationFailed(
            f"Không ghi được tệp sao lưu: {exc}.", "Không tạo tệp sao lưu nào."
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupResult(out, out.stat().st_size, sha256_of(out), manifest)


@dataclass(frozen=True)
class RestoreResult:
    archive: Path
    manifest: Manifest
    database: str
    media_root: Path
    pending: list[str]  # migrations this version has and the archive had not applied

    def as_json(self) -> dict[str, object]:
        m = self.manifest
        return {
            "ok": True,
            "archive": str(self.archive),
            "vendor": m.vendor,
            "created_at": m.created_at,
            "database": self.database,
            "media_root": str(self.media_root),
            "tables": len(m.tables),
            "rows": m.rows,
            "files": len(m.files),
            "file_bytes": m.file_bytes,
            "pending_migrations": self.pending,
        }

    def summary(self) -> str:
        m = self.manifest
        made = datetime.fromisoformat(m.created_at)
        text = (
            f"Đã khôi phục bản sao lưu lúc {made:%H:%M %d/%m/%Y} (Theo Dõi {m.app_version}) vào "
            f"{self.database}: {count(len(m.tables))} bảng, {count(m.rows)} dòng, số dòng từng "
            f"bảng khớp bản kê; {count(len(m.files))} tệp ({megabytes(m.file_bytes)}) vào "
            f"{self.media_root}, tổng kiểm SHA-256 khớp."
        )
        if self.pending:
            text += (
                f" Phiên bản đang cài có {len(self.pending)} migration mà bản sao lưu chưa có: "
                "chạy theodoi migrate."
            )
        return text


UNCHANGED = "Cơ sở dữ liệu đích và thư mục tệp không bị ghi gì."


def restore(archive: Path, *, alias: str = "default") -> RestoreResult:
    """Restore `archive` into the empty database of `alias` and an empty MEDIA_ROOT."""
    connection = connections[alias]
    vendor = _vendor(connection)
    target, root = connection.settings_dict, Path(settings.MEDIA_ROOT)
    where = upper_first(vendor.describe(target))
    if not archive.is_file():
        raise ValidationFailed({"archive": f"Không có tệp {archive}."}, Code.NOT_FOUND)
    reader = Reader(archive)
    try:
        manifest = reader.manifest
        pending = _check_compatible(manifest, connection.vendor)
        with tempfile.TemporaryDirectory(prefix="theodoi-khoi-phuc-") as work:
            try:
                _check_target(vendor, target, where, root)
                dump = Path(work) / manifest.database.path
                reader.copy(manifest.database.path, dump)
                for name, _ in reader.file_names():
                    reader.copy(name, None)  # every checksum, before anything is written
                vendor.check_dump(dump, manifest)
            except OSError as exc:
                raise OperationFailed(f"Không đọc được bản sao lưu vào {work}: {exc}.") from exc
            except OperationFailed as exc:
                exc.state = UNCHANGED
                raise
            try:
                vendor.restore(target, dump)
            except OperationFailed as exc:
                exc.state = f"{where} vẫn chưa có bảng nào; thư mục tệp không bị ghi."
                raise
        _place_files(reader, root, where)
        try:
            found = vendor.counts(target)
            vendor.analyze(target)
        except OperationFailed as exc:
            exc.state = f"{where} và thư mục tệp {root} đã có dữ liệu, chưa đếm lại được số dòng."
            raise
        if found != manifest.tables:
            raise OperationFailed(
                f"Số dòng sau khi khôi phục không khớp bản kê: {mismatch(manifest.tables, found)}.",
                f"{where} và thư mục tệp {root} đã có dữ liệu của bản sao lưu nhưng không đủ tin "
                "cậy: xóa cả hai rồi khôi phục lại từ một bản sao lưu khác.",
            )
    finally:
        reader.close()
    return RestoreResult(archive, manifest, vendor.describe(target), root, pending)


def _check_target(vendor: Vendor, target: dict[str, Any], where: str, root: Path) -> None:
    """Refuse a database with a table or a MEDIA_ROOT with a file in it."""
    tables = vendor.target_tables(target)
    if tables:
        raise ValidationFailed(
            {
                "database": f"{where} đã có {len(tables)} bảng ({', '.join(tables[:3])}…): chỉ "
                "khôi phục vào một cơ sở dữ liệu mới, chưa có bảng nào. Không ghi gì."
            },
            Code.WRONG_STATE,
        )
    occupied = next(media_files(root), None)
    if occupied is not None:
        raise ValidationFailed(
            {
                "media": f"Thư mục tệp {root} đã có tệp ({occupied[0]}): chỉ khôi phục vào một "
                "thư mục trống hoặc chưa có. Không ghi gì."
            },
            Code.WRONG_STATE,
        )


def _check_compatible(manifest: Manifest, vendor: str) -> list[str]:
    """Refuse an archive of the other vendor or one made by a newer version; the migrations
    this version has that the archive had not applied."""
    if manifest.vendor != vendor:
        raise ValidationFailed(
            {
                "archive": f"Bản sao lưu là của {VENDOR_NAMES[manifest.vendor]}, còn "
                f"DATABASE_URL chỉ tới {VENDOR_NAMES.get(vendor, vendor)}: không khôi phục chéo "
                "giữa hai loại cơ sở dữ liệu. Không ghi gì."
            },
            Code.INVALID,
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {(app, name) for app, names in manifest.migrations.items() for name in names}
    unknown = sorted(archived - known)
    if unknown:
        raise ValidationFailed(
            {
                "archive": f"Bản sao lưu do Theo Dõi {manifest.app_version} tạo có migration "
                f"{unknown[0][0]}/{unknown[0][1]} mà phiên bản đang cài không có: cài phiên bản "
                "đó hoặc mới hơn rồi khôi phục. Không ghi gì."
            },
            Code.INVALID,
        )
    return [f"{app}/{name}" for app, name in sorted(known - archived)]


def _place_files(reader: Reader, root: Path, where: str) -> None:
    """Every file into a staging folder inside MEDIA_ROOT (the same file system), checked
    again as it is written, then each moved to its place."""
    again = "Xóa cơ sở dữ liệu đó (dropdb, hoặc xóa tệp SQLite) và các tệp, rồi khôi phục lại."
    names = reader.file_names()
    moved = 0
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=root))
    except OSError as exc:
        raise OperationFailed(
            f"Không tạo được thư mục tệp {root}: {exc}.",
            f"{where} đã có dữ liệu của bản sao lưu; thư mục tệp chưa có tệp nào. {again}",
        ) from exc
    try:
        for name, path in names:
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            reader.copy(name, staging / path)
        for _, path in names:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / path, root / path)
            moved += 1
    except (ValidationFailed, OSError) as exc:
        raise OperationFailed(
            f"Không đặt được tệp đính kèm vào {root}: {exc}",
            f"{where} đã có dữ liệu của bản sao lưu; thư mục tệp {root} có {moved} trong "
            f"{len(names)} tệp của nó. {again}",
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def megabytes(size: int) -> str:
    if size < 1_000_000:
        return f"{count(-(-size // 1000))} KB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")
