"""Where a target stands, at the boundaries: exactly at the target, just below it, the deadline
day itself and the day after, a reduction from its baseline, one actual alone."""

from datetime import date
from decimal import Decimal

from theodoi.targets.models import Direction
from theodoi.targets.status import Point, Status, judge, projection

DEADLINE = date(2026, 12, 31)


def at_least(actual: str, points: list[Point], on: date) -> Status:
    status, _ = judge(
        direction=Direction.AT_LEAST, goal=Decimal(80), deadline=DEADLINE,
        points=points, actual=Decimal(actual), on=on,
    )  # fmt: skip
    return status


RISING = [Point(date(2026, 3, 31), Decimal("70.0")), Point(date(2026, 6, 30), Decimal("75.0"))]
FLAT = [Point(date(2026, 3, 31), Decimal("79.8")), Point(date(2026, 6, 30), Decimal("79.8"))]


def test_exactly_at_the_target_is_met_just_below_is_not() -> None:
    assert at_least("80.0", RISING, date(2026, 6, 30)) == Status.MET
    later = [*RISING, Point(date(2026, 9, 30), Decimal("79.9"))]
    assert at_least("79.9", later, date(2026, 9, 30)) == Status.ON_TRACK
    assert at_least("79.8", FLAT, date(2026, 6, 30)) == Status.AT_RISK


def test_the_trend_is_read_on_the_deadline() -> None:
    # 70 on 31/03, 75 on 30/06: 5 points in 91 days, 10,1 more in the 184 days left
    assert projection(RISING, DEADLINE) == Decimal("85.1")
    assert at_least("75.0", RISING, date(2026, 6, 30)) == Status.ON_TRACK
    falling = [Point(date(2026, 3, 31), Decimal("78.0")), Point(date(2026, 6, 30), Decimal("77.0"))]
    assert at_least("77.0", falling, date(2026, 6, 30)) == Status.AT_RISK


def test_the_deadline_day_is_still_in_time_the_day_after_is_missed() -> None:
    assert at_least("79.9", RISING, DEADLINE) != Status.MISSED
    assert at_least("79.9", RISING, date(2027, 1, 1)) == Status.MISSED
    assert at_least("80.0", RISING, date(2027, 1, 1)) == Status.MET  # met stays met


def test_one_actual_without_a_baseline_has_no_trend() -> None:
    alone = [Point(date(2026, 6, 30), Decimal("79.0"))]
    assert at_least("79.0", alone, date(2026, 6, 30)) == Status.AT_RISK


def test_a_reduction_is_judged_against_its_baseline() -> None:
    """30% less than 10 days (baseline of 31/12/2024): at most 7 days."""
    baseline = Point(date(2024, 12, 31), Decimal("10.0"))
    goal = Decimal("7.0")

    def reduce(actual: str, on: date, points: list[Point]) -> Status:
        status, _ = judge(
            direction=Direction.REDUCE_BY, goal=goal, deadline=date(2025, 12, 31),
            points=points, actual=Decimal(actual), on=on,
        )  # fmt: skip
        return status

    assert reduce("7.0", date(2025, 9, 30), [baseline]) == Status.MET
    # with the baseline, one actual makes a trend: 10 → 8,2 in nine months is 7,6 by the end
    nine = [baseline, Point(date(2025, 9, 30), Decimal("8.2"))]
    assert reduce("8.2", date(2025, 9, 30), nine) == Status.AT_RISK
    fast = [baseline, Point(date(2025, 9, 30), Decimal("7.6"))]
    assert reduce("7.6", date(2025, 9, 30), fast) == Status.ON_TRACK
    assert reduce("7.1", date(2026, 1, 1), fast) == Status.MISSED


def test_at_most() -> None:
    status, _ = judge(
        direction=Direction.AT_MOST, goal=Decimal(5), deadline=DEADLINE, points=[],
        actual=Decimal("5.0"), on=DEADLINE,
    )  # fmt: skip
    assert status == Status.MET


def test_no_actual_is_no_data() -> None:
    status, _ = judge(
        direction=Direction.AT_LEAST, goal=Decimal(5), deadline=DEADLINE, points=[],
        actual=None, on=DEADLINE,
    )  # fmt: skip
    assert status == Status.NO_DATA
