"""Each duty of the shipped agreement falls due on the right working day in 2025-2027: the
month's last day, or the working day before it when that is a weekend or a holiday (Tết 2025
takes 27-31/01/2025, so "in January" ends on Friday 24/01/2025)."""

from datetime import date

import pytest

from theodoi.partners import catalog
from theodoi.partners.models import RuleKind
from theodoi.partners.rules import nominal_day, occurrences, working_day_on_or_before
from theodoi.workcalendar.models import CalendarOverride, OverrideKind
from theodoi.workcalendar.services import WorkingCalendar

STATUTORY = WorkingCalendar(overrides=[])  # holidays and make-up days of the `holidays` package
DUTIES = {d["code"]: d for d in catalog.shipped()[0]["duties"]}

EXPECTED = {
    # Art. 6.4, 27.4: the annual review, by the last working day of December
    "tong-ket-hang-nam": {
        2025: [("2025", "31/12/2025")],
        2026: [("2026", "31/12/2026")],
        2027: [("2027", "31/12/2027")],
    },
    # Art. 7.1: "in November"; 30/11/2025 is a Sunday
    "ke-hoach-kiem-tra-lien-nganh": {
        2025: [("2025", "28/11/2025")],
        2026: [("2026", "30/11/2026")],
        2027: [("2027", "30/11/2027")],
    },
    # Art. 27.3: the provincial programme in January; Tết 2025, a Saturday, a Sunday
    "chuong-trinh-phoi-hop-tinh": {
        2025: [("2025", "24/01/2025")],
        2026: [("2026", "30/01/2026")],
        2027: [("2027", "29/01/2027")],
    },
    # Art. 19.4: provincial meetings every 6 months
    "hop-dinh-ky-tinh": {
        2025: [("2025-H1", "30/06/2025"), ("2025-H2", "31/12/2025")],
        2026: [("2026-H1", "30/06/2026"), ("2026-H2", "31/12/2026")],
        2027: [("2027-H1", "30/06/2027"), ("2027-H2", "31/12/2027")],
    },
    # Art. 23.2: information exchanged each quarter
    "trao-doi-thong-tin-tinh": {
        year: [
            (f"{year}-Q1", f"31/03/{year}"),
            (f"{year}-Q2", f"30/06/{year}"),
            (f"{year}-Q3", f"30/09/{year}"),
            (f"{year}-Q4", f"31/12/{year}"),
        ]
        for year in (2025, 2026, 2027)
    },
    # Art. 20.1: "in December", provincial
    "ke-hoach-kiem-tra-tinh": {
        2025: [("2025", "31/12/2025")],
        2026: [("2026", "31/12/2026")],
        2027: [("2027", "31/12/2027")],
    },
    # Art. 11: answered on request, never dated in advance
    "cung-cap-thong-tin-theo-de-nghi": {2025: [], 2026: [], 2027: []},
}


def _shown(found: list) -> list[tuple[str, str]]:
    return [(o.period, f"{o.deadline:%d/%m/%Y}") for o in found]


@pytest.mark.parametrize("code", sorted(EXPECTED))
@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_each_shipped_duty_falls_due_on_a_working_day(code: str, year: int) -> None:
    duty = DUTIES[code]
    found = occurrences(duty["rule"], duty["month"], duty["day"], year, STATUTORY)
    assert _shown(found) == EXPECTED[code][year]
    assert all(STATUTORY.is_working_day(o.deadline) for o in found)


def test_every_shipped_duty_has_its_expectation() -> None:
    assert set(DUTIES) == set(EXPECTED)


@pytest.mark.parametrize(
    ("nominal", "placed"),
    [
        (date(2025, 1, 31), date(2025, 1, 24)),  # Tết At Tỵ: 27/01-31/01/2025 off
        (date(2025, 9, 2), date(2025, 8, 29)),  # National Day 01-02/09/2025, then a weekend
        (date(2025, 5, 1), date(2025, 4, 29)),  # 30/04 and 01/05/2025
        (date(2025, 4, 26), date(2025, 4, 26)),  # a make-up Saturday is a working day
        (date(2026, 2, 20), date(2026, 2, 13)),  # Tết Bính Ngọ 16-20/02/2026
        (date(2026, 11, 24), date(2026, 11, 23)),  # Ngày Văn hóa Việt Nam 24/11/2026
        (date(2027, 2, 10), date(2027, 2, 3)),  # Tết Đinh Mùi 04-10/02/2027
        (date(2027, 3, 31), date(2027, 3, 31)),  # a plain Wednesday stays
    ],
)
def test_a_day_off_moves_the_deadline_to_the_working_day_before(nominal, placed) -> None:
    assert working_day_on_or_before(nominal, STATUTORY) == placed


@pytest.mark.django_db
def test_a_day_off_the_administrator_announced_moves_the_deadline_too() -> None:
    CalendarOverride.objects.create(
        date=date(2026, 12, 31), kind=OverrideKind.DAY_OFF, document="Thông báo 1/TB-BHXH"
    )
    found = occurrences(RuleKind.QUARTERLY, 3, None, 2026, WorkingCalendar())
    assert _shown(found)[-1] == ("2026-Q4", "30/12/2026")


def test_a_day_past_the_months_end_is_the_months_last_day() -> None:
    assert nominal_day(2027, 2, 30) == date(2027, 2, 28)
    found = occurrences(RuleKind.HALF_YEARLY, 2, 29, 2027, STATUTORY)
    assert _shown(found) == [("2027-H1", "26/02/2027"), ("2027-H2", "27/08/2027")]
