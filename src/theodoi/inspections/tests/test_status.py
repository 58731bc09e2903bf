"""Where an inspection stands, read from its dates and records."""

from datetime import date

import pytest

from theodoi.inspections.rules import report_due
from theodoi.inspections.status import Facts, Status, status_of

NOTHING = {"decided": False, "reported": False, "notified": False, "archived": False}


@pytest.mark.parametrize(
    ("records", "today", "expected"),
    [
        ({}, date(2026, 11, 3), Status.PLANNED),
        ({"decided": True}, date(2026, 11, 1), Status.DECIDED),
        ({"decided": True}, date(2026, 11, 6), Status.UNDER_WAY),
        ({"decided": True}, date(2026, 11, 13), Status.AWAITING_REPORT),
        ({"decided": True}, date(2026, 11, 16), Status.REPORT_LATE),
        ({"decided": True, "reported": True}, date(2026, 12, 1), Status.REPORTED),
        ({"decided": True, "reported": True, "notified": True}, date(2027, 1, 1), Status.NOTIFIED),
        (
            {"decided": True, "reported": True, "notified": True, "archived": True},
            date(2027, 1, 1),
            Status.ARCHIVED,
        ),
    ],
)
def test_status_follows_the_dates_and_records(records, today, expected) -> None:
    flags = {**NOTHING, **records}
    facts = Facts(
        start=date(2026, 11, 2),
        end=date(2026, 11, 6),
        report_due=date(2026, 11, 13),
        decided=flags["decided"],
        reported=flags["reported"],
        notified=flags["notified"],
        archived=flags["archived"],
    )
    assert status_of(facts, today) is expected


def test_the_report_is_due_five_working_days_after_the_end(db) -> None:
    # Friday 06/11/2026: Mon 9, Tue 10, Wed 11, Thu 12, Fri 13
    assert report_due(date(2026, 11, 6)) == date(2026, 11, 13)


def test_the_inspection_page_shows_status_and_report_due(client, inspection, office) -> None:
    client.force_login(office)
    page = client.get(f"/kiem-tra/{inspection.pk}/").content.decode()
    assert "13/11/2026" in page
    assert inspection.title in page
