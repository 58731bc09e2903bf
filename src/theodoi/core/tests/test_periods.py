"""A period written as its slug (the commands' --period): read, or refused by name."""

from datetime import date

import pytest

from theodoi.core.errors import ValidationFailed
from theodoi.core.periods import Kind, parse_period


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026-07", Kind.MONTH, date(2026, 7, 1), date(2026, 7, 31)),
        ("2026-Q1", Kind.QUARTER, date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-H2", Kind.HALF, date(2026, 7, 1), date(2026, 12, 31)),
        (" 2025 ", Kind.YEAR, date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_a_slug_reads_as_its_period(text: str, kind: Kind, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert period.slug == text.strip()


@pytest.mark.parametrize(
    ("text", "words"),
    [("2026-Q5", "quý phải từ 1 đến 4"), ("2026-13", "tháng phải từ 1 đến 12"), ("26", "«26»")],
)
def test_a_wrong_period_is_refused_by_name(text: str, words: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_period(text)
    assert words in " ".join(refused.value.errors.values())
