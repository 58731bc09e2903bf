"""The holders of a role (the leaders of the task list's select, on every list page) are
found through the grants' index by role, not by reading every person."""

from typing import Any

import pytest
from django.db import connection

from theodoi.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def _plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test's tables are too small
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_leaders_are_read_through_the_grants_index_by_role(make_user) -> None:
    for n in range(3):
        make_user(Role.UNIT_STAFF, username=f"cv{n}", unit="CNTT")
    make_user(Role.LEADER, username="lanhdao1")
    leaders = User.objects.filter(role_grants__role=Role.LEADER)
    sql, params = leaders.values_list("pk", "full_name", "username").query.sql_with_params()
    assert "user_role_holders" in _plan(sql, params)
    assert list(leaders.values_list("username", flat=True)) == ["lanhdao1"]
