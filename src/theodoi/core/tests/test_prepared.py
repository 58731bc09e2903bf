"""On PostgreSQL a statement a connection runs again and again is prepared: parsed and planned
once (docs/adr/0029-prepared-statements.md). `THEODOI_PG_PREPARE_AFTER=0` turns it off, for a
connection pooler that cannot keep prepared statements."""

import subprocess
from pathlib import Path

import pytest
from django.db import connection

from theodoi.accounts.backends import PERSON
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.tests.settings_process import run_with_settings

SHOW = (
    "from django.conf import settings; o = settings.DATABASES['default'].get('OPTIONS', {}); "
    "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
)


def _options(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_with_settings(SHOW, THEODOI_DATA_DIR=str(tmp_path), **env)


@pytest.mark.django_db
def test_a_statement_run_again_on_postgresql_is_prepared_and_answers_the_same() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite keeps its own statement cache")
    people = UserFactory.create_batch(3)
    read = [PERSON.rows(person.pk)[0] for person in people * 3]  # nine runs, three people
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    person = [sql for sql in prepared if "STRING_AGG(g.role" in sql and "notification" in sql]
    assert person, prepared  # the person's read, with their roles and unread count
    assert [PERSON.instance(row).pk for row in read] == [p.pk for p in people * 3]


def test_postgresql_prepares_after_five_runs_unless_told_not_to(tmp_path: Path) -> None:
    url = {"DATABASE_URL": "postgres://theodoi@/theodoi?host=/nowhere"}  # never connected
    default = _options(tmp_path, **url)
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["True", "5"]
    off = _options(tmp_path, **url, THEODOI_PG_PREPARE_AFTER="0")
    assert off.returncode == 0, off.stderr
    assert off.stdout.split() == ["None", "None"]
    bad = _options(tmp_path, **url, THEODOI_PG_PREPARE_AFTER="năm")
    assert bad.returncode != 0
    assert "THEODOI_PG_PREPARE_AFTER phải là số nguyên từ 0 đến 1000" in bad.stderr
    sqlite = _options(tmp_path)  # SQLite: nothing of the kind
    assert sqlite.returncode == 0, sqlite.stderr
    assert sqlite.stdout.split() == ["None", "None"]
