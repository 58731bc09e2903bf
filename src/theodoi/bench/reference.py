"""The machine's own pace, printed at the head of every bench run.

The targets of docs/bench.md are times on "this 2-core machine", but the machines the bench
runs on are not all alike: the same code measured 1.5 to 2.7 times slower from one session's
machine to the next. Two fixed pieces of work, timed with the cases, say how fast a run's
machine was, so that two runs can be compared (a case's time over the Python reference) and
a miss told apart from a slow machine. Neither touches the application's code or data.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

LOOP = 1_000_000  # additions in plain Python: the interpreter's pace
ROWS = 100_000  # rows a recursive statement makes and counts: the database's pace
ROUNDS = 9
SQL = (  # the same statement on SQLite and PostgreSQL
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s) "
    "SELECT COUNT(*) FROM n"
)


@dataclass(frozen=True)
class Reference:
    python_ms: float  # median time of the loop
    sql_ms: float  # median time of the statement, a round trip included
    rows: int  # what the statement counted (ROWS)

    def line(self, vendor: str) -> str:
        return (
            f"Tốc độ của máy (để so các lần đo, trung vị {ROUNDS} lần): Python, một triệu phép "
            f"cộng {self.python_ms:.1f} ms; {vendor}, đếm {self.rows // 1000} nghìn dòng sinh ra "
            f"{self.sql_ms:.1f} ms"
        )


def _loop() -> int:
    total = 0
    for i in range(LOOP):
        total += i
    return total


def _timed(work: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(rounds: int = ROUNDS) -> Reference:
    counted: list[int] = []

    def count() -> None:
        with connection.cursor() as cursor:
            cursor.execute(SQL, [ROWS])
            counted.append(cursor.fetchone()[0])

    return Reference(_timed(_loop, rounds), _timed(count, rounds), counted[-1])


def python_ms() -> float:
    """The Python reference once (ms), to be sampled while cases are timed."""
    return _timed(_loop, 1)


def during_line(samples: list[float]) -> str:
    """The pace sampled while the pages were timed: its median and range."""
    if not samples:
        return ""
    ordered = sorted(samples)
    return (
        f"Tốc độ của máy trong lúc đo các trang ({len(samples)} lần): Python, một triệu phép "
        f"cộng trung vị {statistics.median(ordered):.1f} ms, từ {ordered[0]:.1f} đến "
        f"{ordered[-1]:.1f} ms"
    )
