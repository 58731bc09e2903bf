"""The machine's pace printed at the head of a bench run: the same statement works and
counts the same rows on both databases, and the line says what was timed."""

import pytest
from django.db import connection

from theodoi.bench.reference import ROWS, measure

pytestmark = pytest.mark.django_db


def test_the_reference_times_the_same_work_on_either_database() -> None:
    reference = measure(rounds=1)
    assert reference.rows == ROWS
    assert reference.python_ms > 0 and reference.sql_ms > 0
    line = reference.line(connection.vendor)
    assert f"{connection.vendor}, đếm 100 nghìn dòng" in line and "một triệu phép cộng" in line
