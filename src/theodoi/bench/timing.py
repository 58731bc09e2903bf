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


def interleaved(
    cases: list[tuple[str, Case, Target]], rounds: int, pace: Callable[[], float] | None = None
) -> tuple[list[Result], list[float]]:
    """Every case once a round, the order turned by one each round, so that a slow stretch of
    the machine falls on each case alike, not on those timed while it lasted (the filtered
    list gave 26.6 ms as a run's first case and 15.9 ms as its last, interleaved with the
    API). `pace()`, when given, is timed every tenth round and returned."""
    for i in range(3):  # warm-up
        for _name, case, _target in cases:
            case(i)
    counts = []
    for _name, case, _target in cases:
        counter = Counter()
        with connection.execute_wrapper(counter):
            case(0)
        counts.append(counter.count)
    samples: list[list[float]] = [[] for _ in cases]
    paces = []
    for i in range(rounds):
        for k in range(len(cases)):
            j = (i + k) % len(cases)
            start = time.perf_counter()
            cases[j][1](i)
            samples[j].append((time.perf_counter() - start) * 1000)
        if pace is not None and i % 10 == 0:
            paces.append(pace())
    results = [
        Result(name, samples[j], counts[j], target) for j, (name, _c, target) in enumerate(cases)
    ]
    return results, paces
