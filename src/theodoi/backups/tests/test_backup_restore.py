"""`theodoi backup` then `theodoi restore` into a new database and an empty folder, on the
database the suite runs on: every table holds the same rows and every file the same bytes;
a target that holds anything, and an archive that was changed, are refused with nothing
written.

The backup runs in this process on the test database; the restore runs as the command an
operator types, in its own process, with DATABASE_URL and THEODOI_MEDIA_ROOT naming the new
target (a new SQLite file, or a database just made by `createdb` in the test server).
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from theodoi.demo.tests.copies import copy_demo
from theodoi.tasks.attachments import save_files
from theodoi.tasks.models import Attachment, Document, Task

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
}


def row_counts(db: Any) -> dict[str, int]:
    """Every table's rows, through a plain DB-API connection (not the code under test)."""
    cursor = db.cursor()
    cursor.execute(TABLES[connection.vendor])
    names = [name for (name,) in cursor.fetchall()]
    found = {}
    for name in names:
        cursor.execute(f'SELECT count(*) FROM "{name}"')
        found[name] = cursor.fetchone()[0]
    return found


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@dataclass
class Target:
    """A new, empty place to restore into, as the environment of the restore command."""

    env: dict[str, str]
    media: Path
    sqlite_file: Path | None  # None on PostgreSQL

    def counts(self) -> dict[str, int]:
        if self.sqlite_file is not None:
            if not self.sqlite_file.exists():
                return {}
            with closing(sqlite3.connect(self.sqlite_file)) as db:
                return row_counts(db)
        with psycopg.connect(self.env["DATABASE_URL"]) as db:
            return row_counts(db)

    def restore(self, archive: Path, *options: str) -> tuple[int, dict, str]:
        done = subprocess.run(
            [sys.executable, "-m", "theodoi.manage", "restore", str(archive), *options],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        answer = json.loads(done.stdout) if "--json" in options else {}
        return done.returncode, answer, done.stdout + done.stderr


@pytest.fixture
def target(tmp_path: Path, request: pytest.FixtureRequest) -> Target:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEODOI_")}
    media = tmp_path / "new" / "files"
    env["THEODOI_MEDIA_ROOT"] = str(media)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("new_postgres_database")
        return Target(env, media, None)
    sqlite_file = tmp_path / "new" / "theodoi.sqlite3"
    env["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    return Target(env, media, sqlite_file)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


def attach_files() -> None:
    """Attachments as people upload them (Vietnamese names, the same name twice), and a file
    of a kind no model here knows yet (a later model's folder is backed up all the same)."""
    task = Task.objects.order_by("pk").first()
    document = Document.objects.order_by("pk").first()
    save_files(
        [
            SimpleUploadedFile("Báo cáo tiến độ.pdf", b"%PDF-1.4 bao cao " * 500),
            SimpleUploadedFile("ke-hoach.xlsx", b"PK\x03\x04" + os.urandom(3000)),
            SimpleUploadedFile("ke-hoach.xlsx", b"PK\x03\x04 lan hai"),
        ],
        actor=None,
        task=task,
    )
    save_files(
        [SimpleUploadedFile("Quyết định.pdf", b"%PDF-1.7 qd")], actor=None, document=document
    )


def take_backup(out: Path) -> dict:
    stdout = io.StringIO()
    call_command("backup", out=str(out), json=True, stdout=stdout)
    return json.loads(stdout.getvalue())


def test_a_restored_backup_has_every_row_and_file_and_a_full_target_is_refused(
    tmp_path: Path, media: Path, target: Target
) -> None:
    copy_demo("Mat-khau-demo-2026")
    demo_files = Attachment.objects.count()  # the minutes and notices of the demo's meetings
    attach_files()
    later = media / "ky-so" / "2026" / "van-ban-da-ky.pdf"
    later.parent.mkdir(parents=True)
    later.write_bytes(b"%PDF-1.7 signed")
    rows = row_counts(connection.connection)
    files = checksums(media)
    assert rows["tasks_taskcoordination"] > 20 and rows["tasks_attachment"] == 4 + demo_files
    assert rows["reports_reportfile"] > 0  # the demo's reports carry files of their own
    reported = rows["reports_reportfile"] + demo_files  # and so do its meetings
    assert len(files) == 5 + reported

    made = take_backup(tmp_path / "theodoi.tar.gz")
    assert made["ok"] and made["files"] == 5 + reported and made["rows"] == sum(rows.values())
    assert made["tables"] >= len(rows) and len(made["sha256"]) == 64

    status, answer, said = target.restore(tmp_path / "theodoi.tar.gz", "--json")
    assert status == 0, said
    assert answer["ok"] and answer["rows"] == sum(rows.values())
    assert answer["pending_migrations"] == []
    assert target.counts() == rows
    assert checksums(target.media) == files
    checked = subprocess.run(
        [sys.executable, "-m", "theodoi.manage", "check", "--database", "default",
         "--fail-level", "WARNING"],
        env=target.env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr  # triggers, pinned functions

    status, _, said = target.restore(tmp_path / "theodoi.tar.gz")  # the same target again
    assert status == 1
    assert "đã có" in said and "Không ghi gì" in said
    assert target.counts() == rows and checksums(target.media) == files


def test_a_folder_that_holds_a_file_is_refused_before_the_database_is_touched(
    tmp_path: Path, media: Path, target: Target
) -> None:
    attach_files()
    take_backup(tmp_path / "theodoi.tar")
    target.media.mkdir(parents=True)
    (target.media / "cu.pdf").write_bytes(b"%PDF old")
    status, answer, _ = target.restore(tmp_path / "theodoi.tar", "--json")
    assert status == 1 and answer["code"] == "wrong_state"
    assert "cu.pdf" in answer["error"]
    assert target.counts() == {}
    assert checksums(target.media) == {"cu.pdf": hashlib.sha256(b"%PDF old").hexdigest()}


def _rewrite(archive: Path, change: Callable[[dict[str, bytes]], None]) -> None:
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    change(members)
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]


def _edit_manifest(edit: Callable[[dict], None]) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        edit(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()

    return change


def _other_vendor(members: dict[str, bytes]) -> None:
    """The archive as the other database would have made it (its dump, its vendor)."""
    manifest = json.loads(members["manifest.json"])
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[manifest["vendor"]]
    member = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[other]
    members[member] = members.pop(manifest["database"]["path"])
    manifest["vendor"], manifest["database"]["path"] = other, member
    members["manifest.json"] = json.dumps(manifest).encode()


def _truncate(archive: Path) -> None:
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])


TAMPERING: dict[str, tuple[str, Callable[[Path], None]]] = {
    "a file's bytes": (
        "file_refused",
        lambda a: _rewrite(
            a, lambda m: m.update({k: _flip(v) for k, v in m.items() if "Quy" in k})
        ),
    ),
    "the database's bytes": (
        "file_refused",
        lambda a: _rewrite(
            a, lambda m: m.update({k: _flip(v) for k, v in m.items() if k.startswith("database")})
        ),
    ),
    "a member the manifest does not name": (
        "file_refused",
        lambda a: _rewrite(a, lambda m: m.update({"files/../../ngoai.pdf": b"%PDF x"})),
    ),
    "a checksum in the manifest": (
        "file_refused",
        lambda a: _rewrite(a, _edit_manifest(lambda d: d["files"][0].update(sha256="0" * 64))),
    ),
    "cut short": ("file_refused", _truncate),
    "the other database": ("invalid", lambda a: _rewrite(a, _other_vendor)),
}


@pytest.mark.parametrize("tampering", list(TAMPERING), ids=list(TAMPERING))
def test_a_changed_archive_is_refused_and_nothing_is_written(
    tmp_path: Path, media: Path, target: Target, tampering: str
) -> None:
    attach_files()
    archive = tmp_path / "theodoi.tar"
    take_backup(archive)
    code, tamper = TAMPERING[tampering]
    tamper(archive)
    status, answer, said = target.restore(archive, "--json")
    assert status == 1 and answer["code"] == code, said
    assert answer["target_state"] == "" and answer["error"]
    assert target.counts() == {}
    assert target.sqlite_file is None or not target.sqlite_file.exists()
    assert not target.media.exists()
    assert not (tmp_path / "ngoai.pdf").exists() and not (tmp_path / "new" / "ngoai.pdf").exists()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("theodoi.tar", "duplicate"),  # last night's archive
        ("files/theodoi.tar", "invalid"),  # it would hold itself
        ("theodoi.zip", "invalid"),
    ],
)
def test_a_backup_that_cannot_be_written_well_writes_nothing(
    tmp_path: Path, media: Path, name: str, code: str
) -> None:
    media.mkdir()
    old = tmp_path / "theodoi.tar"
    old.write_bytes(b"last night's backup")
    stdout = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("backup", out=str(tmp_path / name), json=True, stdout=stdout)
    assert stopped.value.code == 1
    assert json.loads(stdout.getvalue())["code"] == code
    assert old.read_bytes() == b"last night's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["files", "theodoi.tar"]
    assert not any(media.iterdir())
