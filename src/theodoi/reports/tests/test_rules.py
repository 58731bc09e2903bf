"""The reporting calendar with the seeds' dates (001 Art. 2 and Phụ lục II; DOMAIN §10)."""

from datetime import date

import pytest

from theodoi.core.periods import Kind, Period
from theodoi.reports import rules
from theodoi.reports.models import DueRule, Frequency, ReportType, WindowRule

Q = Kind.QUARTER


def tthc(frequency: str = Frequency.QUARTER, numbers: list[int] | None = None) -> ReportType:
    """Seed 001 Art. 2: quarters I-III before the 19th of the quarter's last month, the year
    before 19/12; data up to the 14th (Phụ lục II)."""
    return ReportType(
        name="Báo cáo kiểm soát TTHC",
        frequency=frequency,
        period_numbers=[1, 2, 3] if numbers is None else numbers,
        due_rule=DueRule.BEFORE_DAY_OF_LAST_MONTH,
        due_day=19,
        window_rule=WindowRule.CUTOFF,
        window_cutoff_day=14,
    )


@pytest.mark.parametrize(
    ("period", "due"),
    [
        (Period(Q, 2026, 1), date(2026, 3, 18)),
        (Period(Q, 2026, 2), date(2026, 6, 18)),
        (Period(Q, 2026, 3), date(2026, 9, 18)),
        (Period(Kind.YEAR, 2024, 1), date(2024, 12, 18)),  # "trước ngày 19/12/2024"
    ],
)
def test_before_the_19th_is_due_by_the_end_of_the_18th(period: Period, due: date) -> None:
    assert rules.due_date(DueRule.BEFORE_DAY_OF_LAST_MONTH, 19, period) == due


def test_before_a_day_the_month_lacks_is_its_last_day_and_before_the_1st_the_month_before() -> None:
    feb = Period(Kind.MONTH, 2026, 2)
    assert rules.due_date(DueRule.BEFORE_DAY_OF_LAST_MONTH, 31, feb) == date(2026, 2, 28)
    assert rules.due_date(DueRule.BEFORE_DAY_OF_LAST_MONTH, 1, feb) == date(2026, 1, 31)


def test_a_day_of_the_next_month_crosses_the_year() -> None:
    assert rules.due_date(DueRule.DAY_OF_NEXT_MONTH, 5, Period(Kind.YEAR, 2025, 1)) == date(
        2026, 1, 5
    )
    assert rules.due_date(DueRule.DAY_OF_NEXT_MONTH, 31, Period(Kind.MONTH, 2026, 1)) == date(
        2026, 2, 28
    )


@pytest.mark.django_db
def test_working_days_after_skip_the_weekend_and_tet() -> None:
    # December 2025 ends on a Wednesday: 1 working day after is Friday 02/01/2026 (New Year's
    # Day, Thursday 01/01, is a holiday).
    assert rules.due_date(DueRule.WORKING_DAYS_AFTER, 1, Period(Kind.MONTH, 2025, 12)) == date(
        2026, 1, 2
    )
    three = rules.due_date(DueRule.WORKING_DAYS_AFTER, 3, Period(Kind.MONTH, 2026, 1))
    assert three == date(2026, 2, 4)  # 31/01 is a Saturday: Mon 02, Tue 03, Wed 04


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(Q, 2026, 1), date(2025, 12, 15), date(2026, 3, 14)),
        (Period(Q, 2026, 2), date(2026, 3, 15), date(2026, 6, 14)),
        (Period(Q, 2026, 3), date(2026, 6, 15), date(2026, 9, 14)),
        (Period(Kind.YEAR, 2026, 1), date(2026, 1, 1), date(2026, 12, 14)),
        (Period(Kind.HALF, 2026, 1), date(2025, 12, 15), date(2026, 6, 14)),
    ],
)
def test_cutoff_windows_roll_the_days_after_the_14th_into_the_next_period(
    period: Period, start: date, end: date
) -> None:
    assert rules.window(WindowRule.CUTOFF, 14, period) == (start, end)


def test_a_calendar_window_is_the_period() -> None:
    q4 = Period(Q, 2026, 4)
    assert rules.window(WindowRule.CALENDAR, None, q4) == (date(2026, 10, 1), date(2026, 12, 31))


def test_the_tthc_report_asks_quarters_one_to_three_and_the_year_every_year() -> None:
    assert [p.number for p in rules.periods_of(tthc(), 2026)] == [1, 2, 3]
    assert rules.periods_of(tthc(Frequency.YEAR, []), 2026) == [Period(Kind.YEAR, 2026, 1)]
    monthly = tthc(Frequency.MONTH, [])
    assert len(rules.periods_of(monthly, 2026)) == 12
    assert rules.periods_of(tthc(Frequency.AD_HOC, []), 2026) == []


def test_a_round_opens_on_the_first_day_of_the_last_month() -> None:
    q1 = rules.calendar_of(tthc(), Period(Q, 2026, 1))
    assert (q1.opens_on, q1.due_date) == (date(2026, 3, 1), date(2026, 3, 18))
    assert (q1.window_start, q1.window_end) == (date(2025, 12, 15), date(2026, 3, 14))


def test_the_periods_open_on_a_day_are_the_current_and_the_one_before() -> None:
    # 20/11/2026: Q3 and Q2 (Q4 is not asked: the annual report stands for it)
    opened = rules.periods_opened(tthc(), date(2026, 11, 20))
    assert [c.period for c in opened] == [Period(Q, 2026, 3), Period(Q, 2026, 2)]
    # 01/03/2026 opens Q1 that day; the one before is last year's Q3
    opened = rules.periods_opened(tthc(), date(2026, 3, 1))
    assert [c.period for c in opened] == [Period(Q, 2026, 1), Period(Q, 2025, 3)]
    # 28/02/2026: Q1 has not opened yet
    opened = rules.periods_opened(tthc(), date(2026, 2, 28))
    assert [c.period for c in opened] == [Period(Q, 2025, 3), Period(Q, 2025, 2)]
    year = rules.periods_opened(tthc(Frequency.YEAR, []), date(2026, 11, 30))
    assert [c.period.year for c in year] == [2025, 2024]
