"""The bench times its page cases interleaved: every case once a round, in an order turned by
one each round, so that a slow stretch of the machine falls on all of them alike."""

from theodoi.bench.timing import Target, interleaved


def test_each_round_calls_every_case_once_starting_one_further_along() -> None:
    calls: list[tuple[str, int]] = []

    def case(name: str):
        return lambda i: calls.append((name, i))

    cases = [(name, case(name), Target(12)) for name in ("a", "b", "c")]
    paces = iter([41.0, 38.5])
    results, sampled = interleaved(cases, 12, lambda: next(paces))
    timed = calls[3 * 3 + 3 :]  # after three warm-up rounds and one counted call of each
    assert timed[:6] == [("a", 0), ("b", 0), ("c", 0), ("b", 1), ("c", 1), ("a", 1)]
    assert timed[6:9] == [("c", 2), ("a", 2), ("b", 2)]
    assert len(timed) == 36
    assert [len(r.samples) for r in results] == [12, 12, 12]
    assert [r.name for r in results] == ["a", "b", "c"]
    assert sampled == [41.0, 38.5]  # rounds 0 and 10
