"""SQLite gets the same connection settings whether the site names it by its data folder or by
a sqlite:/// address (as the load test's server does): WAL, synchronous=NORMAL, pages read
through a memory map (docs/adr/0017-sqlite-memory-map.md), and a connection kept from one
request to the next."""

from pathlib import Path

import pytest

from theodoi.core.tests.settings_process import run_with_settings

SHOW = (
    "import django; django.setup(); from django.db import connection; "
    "c = connection.cursor(); "
    "print(*[c.execute(f'PRAGMA {p}').fetchone()[0] for p in "
    "('journal_mode', 'synchronous', 'mmap_size')])"
)
# a request as the WSGI handler runs it, as far as connections go: its signals around a query
KEPT = (
    "import django; django.setup(); from django.core import signals; "
    "from django.db import connection; "
    "signals.request_started.send(sender=None); connection.cursor().execute('SELECT 1'); "
    "opened = connection.connection; signals.request_finished.send(sender=None); "
    "signals.request_started.send(sender=None); "
    "print(opened is not None and connection.connection is opened)"
)

pytestmark = pytest.mark.sqlite_process  # docs/testing.md


@pytest.mark.parametrize("named_by", ["data folder", "address"])
def test_sqlite_is_opened_with_wal_and_a_memory_map_however_it_is_named(
    tmp_path: Path, named_by: str
) -> None:
    env = {"THEODOI_DATA_DIR": str(tmp_path)}
    if named_by == "address":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path}/elsewhere.sqlite3"
    done = run_with_settings(SHOW, **env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wal", "1", str(1024 * 2**20)]
    named = "elsewhere.sqlite3" if named_by == "address" else "theodoi.sqlite3"
    assert (tmp_path / named).exists()
    kept = run_with_settings(KEPT, **env)
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.split() == ["True"]  # the next request uses the same connection


def test_the_memory_map_can_be_turned_off_and_a_bad_size_is_refused_by_name(
    tmp_path: Path,
) -> None:
    off = run_with_settings(SHOW, THEODOI_DATA_DIR=str(tmp_path), THEODOI_SQLITE_MMAP_MB="0")
    assert off.returncode == 0, off.stderr
    assert off.stdout.split() == ["wal", "1", "0"]
    bad = run_with_settings(SHOW, THEODOI_DATA_DIR=str(tmp_path), THEODOI_SQLITE_MMAP_MB="nhiều")
    assert bad.returncode != 0
    assert "THEODOI_SQLITE_MMAP_MB phải là số nguyên từ 0 đến 65536" in bad.stderr
