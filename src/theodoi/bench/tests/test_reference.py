"""The machine's pace printed at the head of a bench run: the same statement works and
counts the same rows on both databases, and the line says what was timed."""

import pytest
from django.db import connection

from theodoi.bench.reference import ROWS, during_line, measure

pytestmark = pytest.mark.django_db


def test_the_reference_times_the_same_work_on_either_database() -> None:
    reference = measure(rounds=1)
    assert reference.rows == ROWS
    assert reference.python_ms > 0 and reference.sql_ms > 0
    line = reference.line(connection.vendor)
    assert f"{connection.vendor}, đếm 100 nghìn dòng" in line and "một triệu phép cộng" in line


def test_the_pace_while_pages_were_timed_gives_its_median_and_range() -> None:
    line = during_line([40.0, 90.5, 35.2])
    assert "(3 lần)" in line and "trung vị 40.0 ms, từ 35.2 đến 90.5 ms" in line
    assert during_line([]) == ""  # a run that timed no page prints nothing
