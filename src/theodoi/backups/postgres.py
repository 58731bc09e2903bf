"""PostgreSQL: `pg_dump --format=custom` in a snapshot that also counts the rows, and
`pg_restore --single-transaction --exit-on-error` into a database just made by `createdb`
(all or nothing: a failure rolls the whole restore back).

The programs come from settings.THEODOI_PGBIN (env PGBIN, default /usr/lib/postgresql/15/bin),
else from PATH; pg_dump must be at least as new as the server. The connection is Django's
(DATABASE_URL); the password goes to the programs in their environment, not on their command
line.
"""

import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql
from psycopg.conninfo import make_conninfo

from theodoi.backups.manifest import Manifest, OperationFailed, Snapshot
from theodoi.core.errors import Code, ValidationFailed

# every table or view outside PostgreSQL's own schemas, with its kind (r table, p partitioned…)
RELATIONS = (
    "SELECT n.nspname, c.relname, c.relkind FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
    "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' "
    "ORDER BY n.nspname, c.relname"
)


def program(name: str) -> str:
    folder = Path(getattr(settings, "THEODOI_PGBIN", "") or "/usr/lib/postgresql/15/bin")
    if os.access(folder / name, os.X_OK):
        return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise ValidationFailed(
            {
                "pgbin": f"Không tìm thấy chương trình {name} của PostgreSQL trong {folder} hay "
                "PATH: đặt biến môi trường PGBIN là thư mục chứa nó."
            },
            Code.NOT_FOUND,
        )
    return found


def _conninfo(settings_dict: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """A libpq connection string for Django's settings, and the environment with the
    password (a command line is visible to every user of the machine)."""
    keywords = {item.keyword.decode() for item in psycopg.pq.Conninfo.get_defaults()}
    params: dict[str, Any] = {
        "dbname": settings_dict["NAME"],
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
        "user": settings_dict["USER"],
    }
    options = settings_dict.get("OPTIONS") or {}
    params.update({k: v for k, v in options.items() if k in keywords and k != "password"})
    env = dict(os.environ)
    password = settings_dict.get("PASSWORD") or options.get("password")
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo(**{k: str(v) for k, v in params.items() if v not in (None, "")}), env


def _connect(settings_dict: dict[str, Any]) -> psycopg.Connection[Any]:
    conninfo, env = _conninfo(settings_dict)
    try:
        return psycopg.connect(conninfo, password=env.get("PGPASSWORD"))
    except psycopg.OperationalError as exc:
        said = " ".join(str(exc).split())
        raise OperationFailed(f"Không kết nối được {describe(settings_dict)}: {said}") from exc


def describe(settings_dict: dict[str, Any]) -> str:
    return f"cơ sở dữ liệu PostgreSQL «{settings_dict['NAME']}»"


def _run(name: str, *args: str | Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [program(name), *map(str, args)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        said = " ".join(done.stderr.strip().splitlines()[-6:]) or f"mã thoát {done.returncode}"
        raise OperationFailed(f"{name} không chạy xong: {said}")


def dump(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """pg_dump in a snapshot exported by a transaction that counts the rows in it too, so the
    manifest's counts are those of the dump even while the site writes."""
    conninfo, env = _conninfo(connection.settings_dict)
    with _connect(connection.settings_dict) as db:
        db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = db.execute("SELECT pg_export_snapshot()").fetchone()
        assert snapshot is not None
        _run(
            "pg_dump", "--format=custom", f"--snapshot={snapshot[0]}", "--file", target,
            "--dbname", conninfo, env=env,
        )  # fmt: skip
        counts = _counts(db)
        migrations: dict[str, list[str]] = defaultdict(list)
        if _has_migrations(db):
            for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY id"):
                migrations[app].append(name)
        version = db.execute("SHOW server_version").fetchone()
        db.rollback()
    return Snapshot(counts, dict(migrations), str(version[0]) if version else "")


def _has_migrations(db: psycopg.Connection[Any]) -> bool:
    found = db.execute("SELECT to_regclass('django_migrations')").fetchone()
    return found is not None and found[0] is not None


def target_tables(settings_dict: dict[str, Any]) -> list[str]:
    with _connect(settings_dict) as db:
        return [f"{schema}.{name}" for schema, name, _ in db.execute(RELATIONS)]


def check_dump(dump_path: Path, manifest: Manifest) -> None:
    """Nothing to read before restoring: the checksum of the manifest vouches for the dump,
    and the counts are compared after the (single-transaction) restore."""


def restore(settings_dict: dict[str, Any], dump_path: Path) -> None:
    conninfo, env = _conninfo(settings_dict)
    _run(
        "pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
        "--no-privileges", "--dbname", conninfo, dump_path, env=env,
    )  # fmt: skip


def counts(settings_dict: dict[str, Any]) -> dict[str, int]:
    with _connect(settings_dict) as db:
        return _counts(db)


def analyze(settings_dict: dict[str, Any]) -> None:
    """pg_restore leaves the planner without statistics; the site would be slow until
    autovacuum came round."""
    with _connect(settings_dict) as db:
        db.autocommit = True
        db.execute("ANALYZE")


def _counts(db: psycopg.Connection[Any]) -> dict[str, int]:
    tables = [(s, n) for s, n, kind in db.execute(RELATIONS).fetchall() if kind in ("r", "p")]
    found = {}
    for schema, name in tables:
        table = sql.Identifier(schema, name)
        row = db.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()
        found[f"{schema}.{name}"] = int(row[0]) if row else 0
    return found
