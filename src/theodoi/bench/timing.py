"""The bench's timing: a case called round after round, its samples, and its target.

A case is a function of the round's number, so that each round asks for another unit, term,
task or person. `timed` measures one case after a warm-up; the statements of one call are
counted apart, before the timed rounds.
"""

import statistics as pystats
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

Case = Callable[[int], object]


@dataclass(frozen=True)
class Target:
    median_ms: float
    p95_ms: float | None = None


@dataclass
class Result:
    name: str
    samples: list[float]
    queries: int
    target: Target
    page: bool = True  # a page or service call (a job like `theodoi remind` is not)

    @property
    def median(self) -> float:
        return pystats.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def met(self) -> bool:
        target = self.target
        return self.median < target.median_ms and (
            target.p95_ms is None or self.p95 < target.p95_ms
        )


class Counter:
    """Counts the SQL statements of one request (including session and sign-in lookups)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., object], sql: str, *args: object) -> object:
        self.count += 1
        return execute(sql, *args)


def timed(
    name: str, case: Case, rounds: int, target: Target, prepare: Case | None = None
) -> Result:
    """`case(i)` timed for each round; `prepare(i)`, when given, runs untimed just before."""
    for i in range(3):  # warm-up: templates compiled, connection open
        if prepare:
            prepare(i)
        case(i)
    counter = Counter()
    if prepare:
        prepare(0)
    with connection.execute_wrapper(counter):
        case(0)
    samples = []
    for i in range(rounds):
        if prepare:
            prepare(i)
        start = time.perf_counter()
        case(i)
        samples.append((time.perf_counter() - start) * 1000)
    return Result(name, samples, counter.count, target)
