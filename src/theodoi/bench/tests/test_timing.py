"""The bench times its page cases interleaved: every case once a round, in an order turned by
one each round, so that a slow stretch of the machine falls on all of them alike."""

import pytest

from theodoi.bench import timing
from theodoi.bench.timing import Target, interleaved


class Clock:
    """A clock that only the cases move: each case takes as long as it says."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        return self.now


def test_each_round_calls_every_case_once_starting_one_further_along(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    monkeypatch.setattr(timing, "time", clock)
    calls: list[tuple[str, int]] = []

    def case(name: str, seconds: float):
        def run(i: int) -> None:
            calls.append((name, i))
            clock.now += seconds

        return run

    cases = [
        (name, case(name, s), Target(12)) for name, s in (("a", 0.001), ("b", 0.002), ("c", 0.003))
    ]
    paces = iter([41.0, 38.5])
    results, sampled = interleaved(cases, 12, lambda: next(paces))
    timed = calls[3 * 3 + 3 :]  # after three warm-up rounds and one counted call of each
    assert timed[:6] == [("a", 0), ("b", 0), ("c", 0), ("b", 1), ("c", 1), ("a", 1)]
    assert timed[6:9] == [("c", 2), ("a", 2), ("b", 2)]
    assert len(timed) == 36
    assert [r.name for r in results] == ["a", "b", "c"]
    # each sample is its own case's time, whatever its place in the round
    assert [[round(x, 6) for x in r.samples] for r in results] == [
        [1.0] * 12,
        [2.0] * 12,
        [3.0] * 12,
    ]
    assert sampled == [41.0, 38.5]  # rounds 0 and 10
