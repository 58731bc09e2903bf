"""/api/v1/calendar/: the days and the counts the calendar services give, refusals by field."""

from datetime import date, timedelta

import pytest

from theodoi.accounts.models import Role
from theodoi.api.tests.conftest import api_client_for
from theodoi.workcalendar.models import OverrideKind
from theodoi.workcalendar.services import (
    WorkingCalendar,
    add_working_days,
    override_create,
    working_days_between,
)

pytestmark = pytest.mark.django_db
CALENDAR = "/api/v1/calendar/"


@pytest.fixture
def client(make_user):
    override_create(
        actor=None, day=date(2026, 1, 2), kind=OverrideKind.DAY_OFF, document="12729/VPCP-KGVX"
    )
    override_create(
        actor=None, day=date(2026, 1, 10), kind=OverrideKind.WORKING_DAY, document="12729/VPCP"
    )
    return api_client_for(make_user(Role.UNIT_STAFF))


def test_each_day_says_whether_it_is_worked_and_why(client) -> None:
    start, end = date(2025, 12, 25), date(2026, 2, 28)
    body = client.get(CALENDAR, {"from": start.isoformat(), "to": end.isoformat()}).json()
    calendar = WorkingCalendar()
    expected = [calendar.info(start + timedelta(days=i)) for i in range((end - start).days + 1)]
    assert body["from"] == start.isoformat() and body["to"] == end.isoformat()
    assert [(d["date"], d["working"], d["reason"]) for d in body["days"]] == [
        (i.day.isoformat(), i.working, i.reason) for i in expected
    ]
    assert body["working_days"] == sum(i.working for i in expected)
    by_day = {d["date"]: d for d in body["days"]}
    assert by_day["2026-01-02"]["override"] == "day_off"
    assert by_day["2026-01-02"]["override_document"] == "12729/VPCP-KGVX"
    assert by_day["2026-01-10"]["working"] and by_day["2026-01-10"]["weekday"] == 6
    assert by_day["2026-01-01"]["override"] is None and by_day["2026-01-01"]["reason"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2025-01-01", "to": "2026-02-05"}, "to"),  # 401 days
        ({"from": "2025-02-01", "to": "2025-01-01"}, "to"),
        ({"from": "01/01/2025", "to": "2025-01-31"}, "from"),
        ({"to": "2025-01-31"}, "from"),
        ({"from": "1899-12-01", "to": "1899-12-31"}, "from"),
    ],
)
def test_a_bad_range_is_refused_naming_the_field(client, params, field: str) -> None:
    response = client.get(CALENDAR, params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and f"«{field}»" in body["errors"][field]


def test_400_days_are_answered_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    # the token and its owner (4) and the overrides, whatever the range
    with django_assert_max_num_queries(5):
        body = client.get(CALENDAR, {"from": "2025-01-01", "to": "2026-02-04"}).json()
    assert len(body["days"]) == 400


@pytest.mark.parametrize(
    ("day", "days"), [(date(2025, 12, 31), 2), (date(2026, 1, 12), -3), (date(2026, 2, 13), 5)]
)
def test_adding_working_days_counts_as_deadlines_do(client, day: date, days: int) -> None:
    body = client.get(f"{CALENDAR}add/", {"date": day.isoformat(), "days": days}).json()
    assert body == {
        "date": day.isoformat(),
        "days": days,
        "result": add_working_days(day, days).isoformat(),
    }


def test_adding_refuses_a_count_that_is_not_a_number(client) -> None:
    response = client.get(f"{CALENDAR}add/", {"date": "2026-01-01", "days": "ba"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["days"]
    response = client.get(f"{CALENDAR}add/", {"date": "2026-01-01", "days": 100000})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["days"]


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2025, 12, 31), date(2026, 1, 12)), (date(2026, 2, 20), date(2026, 2, 10))],
)
def test_working_days_between_two_days(client, start: date, end: date) -> None:
    params = {"from": start.isoformat(), "to": end.isoformat()}
    body = client.get(f"{CALENDAR}between/", params).json()
    assert body["working_days"] == working_days_between(start, end)
    assert (body["from"], body["to"]) == (start.isoformat(), end.isoformat())


def test_between_refuses_a_span_over_twenty_years(client) -> None:
    response = client.get(f"{CALENDAR}between/", {"from": "1950-01-01", "to": "2000-01-01"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["to"]
