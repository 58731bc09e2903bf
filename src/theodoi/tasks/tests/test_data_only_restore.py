"""PostgreSQL: a data-only dump restored into a schema made by `theodoi migrate` keeps every
coordination row and its copies of the task's state, deadline and lead unit.

pg_restore empties `search_path` while it loads, so a trigger function that names a table
without its schema fails on every row (`relation "tasks_task" does not exist`). The functions
carry their own search_path since tasks/0010.
"""

import os
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from theodoi.conftest import PGBIN, postgres_url
from theodoi.demo.tests.copies import copy_demo

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore"),
]

COORDINATIONS = (
    "SELECT c.id, c.task_id, c.unit_id, c.task_state, c.task_deadline, c.task_lead_unit_id, "
    "t.state, t.deadline, t.lead_unit_id "
    "FROM tasks_taskcoordination c JOIN tasks_task t ON t.id = c.task_id ORDER BY c.id"
)


def test_a_data_only_restore_keeps_every_coordination_row(tmp_path, new_postgres_database):
    copy_demo("Mat-khau-demo-2026")
    with connection.cursor() as cursor:
        cursor.execute(COORDINATIONS)
        before = cursor.fetchall()
    assert len(before) > 20 and all(row[3:6] == row[6:] for row in before)
    assert any(row[5] is not None for row in before)  # the demo's tasks have lead units

    dump = tmp_path / "data.dump"
    source = postgres_url(connection.settings_dict["NAME"])
    subprocess.run(
        [PGBIN / "pg_dump", "--data-only", "--format=custom", "-f", dump, "-d", source],
        check=True,
    )
    subprocess.run(
        [sys.executable, "-m", "theodoi.manage", "migrate", "--no-input", "-v0"],
        env=os.environ | {"DATABASE_URL": new_postgres_database},
        check=True,
    )
    with psycopg.connect(new_postgres_database, autocommit=True) as target:
        tables = [row[0] for row in target.execute(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
        )]  # fmt: skip
        # what migrate itself wrote (its record, content types, permissions) comes back too
        target.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    restored = subprocess.run(
        [PGBIN / "pg_restore", "--data-only", "--exit-on-error", "--single-transaction",
         "-d", new_postgres_database, dump],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    with psycopg.connect(new_postgres_database) as target:
        after = target.execute(COORDINATIONS).fetchall()
    assert after == before
