"""The form's periods as seed 001 writes them (the note under section 5 and Art. 2): Q1-Q3 take
the 15th of the previous quarter's last month to the 14th of the quarter's last month, the
year 1 January-14 December; each is due before the 19th of its last month."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from theodoi.core.periods import parse_period
from theodoi.statforms import catalog
from theodoi.statforms.definition import read
from theodoi.statforms.periods import before, periods_of

TTHC = read(next(s for s in catalog.shipped() if s["code"] == "tthc"))


def seed(year: int) -> list[tuple[str, date, date, date]]:
    """(period, window start, window end, due) for `year`, in the seed's words."""
    return [
        (f"{year}-Q1", date(year - 1, 12, 15), date(year, 3, 14), date(year, 3, 18)),
        (f"{year}-Q2", date(year, 3, 15), date(year, 6, 14), date(year, 6, 18)),
        (f"{year}-Q3", date(year, 6, 15), date(year, 9, 14), date(year, 9, 18)),
        (str(year), date(year, 1, 1), date(year, 12, 14), date(year, 12, 18)),
    ]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_windows_and_due_dates_follow_the_seed(year) -> None:
    found = [(p.period.slug, p.window_start, p.window_end, p.due) for p in periods_of(
        TTHC.calendar, year)]  # fmt: skip
    assert found == seed(year)


def test_the_fourth_quarter_rolls_into_the_next_years_first() -> None:
    q3 = periods_of(TTHC.calendar, 2026)[2]
    q1 = periods_of(TTHC.calendar, 2027)[0]
    assert (q3.window_end, q1.window_start) == (date(2026, 9, 14), date(2026, 12, 15))


@pytest.mark.parametrize(
    ("period", "carried_from"),
    [("2026-Q1", "2025"), ("2026-Q2", "2026-Q1"), ("2026-Q3", "2026-Q2"), ("2026", "2025")],
)
def test_the_period_whose_figures_carry_over(period, carried_from) -> None:
    found = before(TTHC.calendar, parse_period(period))
    assert found is not None and found.slug == carried_from


def test_the_periods_command_prints_the_contract(capsys) -> None:
    call_command("forms", "periods", "tthc", "2026", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["form"] == "tthc"
    assert printed["periods"] == [
        {"code": code, "window_start": start.isoformat(), "window_end": end.isoformat(),
         "due": due.isoformat()}
        for code, start, end, due in seed(2026)
    ]  # fmt: skip
