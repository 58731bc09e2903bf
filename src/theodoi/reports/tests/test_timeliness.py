"""On time / late / missing / not yet due: the boundaries of the due date in local time, the
first submission deciding, the reference date, the unit scope and one query per selector."""

from datetime import date
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.core.periods import Kind, Period
from theodoi.organisation.models import Unit
from theodoi.reports import timeliness
from theodoi.reports.models import Frequency, ReportRequest, ReportType
from theodoi.reports.tests.timely_factories import local, report_type, request_for, round_of
from theodoi.reports.timeliness import Counts, Timeliness

pytestmark = pytest.mark.django_db

DUE = date(2026, 6, 18)  # "trước ngày 19": by the end of the 18th
NEXT = date(2026, 6, 19)


@pytest.fixture
def units(sample_units: dict[str, Unit]) -> dict[str, Unit]:
    return sample_units


@pytest.fixture
def boundaries(units: dict[str, Unit]) -> dict[str, int]:
    """One quarterly round due 18/06/2026 and one request per case."""
    kind = report_type(units["VP"])
    q2 = round_of(units["VP"], DUE, kind=kind, period="2026-Q2")
    return {
        "TST": request_for(q2, units["TST"], local(DUE, 23, 59)).unit_id,  # on time
        "CNTT": request_for(q2, units["CNTT"], local(NEXT, 0, 1)).unit_id,  # late
        "CSXH": request_for(q2, units["CSXH"]).unit_id,  # nothing sent
        "PC": request_for(q2, units["PC"], local(DUE, 8), returned=True).unit_id,
    }


def test_the_due_date_ends_at_midnight_local_time(boundaries: dict[str, int]) -> None:
    found = timeliness.by_unit(due_from=DUE, due_to=DUE, as_of=date(2026, 6, 30))
    assert found[boundaries["TST"]] == Counts(on_time=1)  # 23:59 on the 18th (16:59 UTC)
    assert found[boundaries["CNTT"]] == Counts(late=1)  # 00:01 on the 19th (17:01 UTC, 18th)
    assert found[boundaries["CSXH"]] == Counts(missing=1)
    # sent on time, returned, sent again in the next year: still on time
    assert found[boundaries["PC"]] == Counts(on_time=1)


def test_on_the_due_date_a_report_not_sent_is_not_yet_due(boundaries: dict[str, int]) -> None:
    on_due = timeliness.by_unit(due_from=DUE, due_to=DUE, as_of=DUE)
    assert on_due[boundaries["CSXH"]] == Counts(not_due=1)
    assert on_due[boundaries["CNTT"]] == Counts(not_due=1)  # its report came the day after
    assert on_due[boundaries["TST"]] == Counts(on_time=1)
    next_day = timeliness.by_unit(due_from=DUE, due_to=DUE, as_of=NEXT)
    assert next_day[boundaries["CSXH"]] == Counts(missing=1)
    assert next_day[boundaries["CNTT"]] == Counts(late=1)


def test_a_report_sent_after_the_reference_date_is_missing_then(
    boundaries: dict[str, int],
) -> None:
    """Judged at a date before the late report came, it was missing."""
    found = timeliness.by_unit(due_from=DUE, due_to=DUE, as_of=date(2026, 6, 19))
    assert found[boundaries["CNTT"]] == Counts(late=1)  # it came at 00:01 on the 19th
    vp = Unit.objects.get(code="VP")
    kind = report_type(vp, code="bao-cao-thang", frequency=Frequency.MONTH)
    may = round_of(vp, date(2026, 5, 5), kind=kind, period="2026-04")
    request_for(may, Unit.objects.get(code="TST"), local(date(2026, 5, 20)))
    tst, day = boundaries["TST"], date(2026, 5, 5)

    def at(as_of: date) -> Counts:
        return timeliness.by_unit(due_from=day, due_to=day, as_of=as_of)[tst]

    assert at(date(2026, 5, 10)) == Counts(missing=1)
    assert at(date(2026, 5, 20)) == Counts(late=1)


def test_judge_agrees_with_the_query(boundaries: dict[str, int]) -> None:
    assert timeliness.judge(DUE, DUE, DUE) == Timeliness.ON_TIME
    assert timeliness.judge(DUE, NEXT, NEXT) == Timeliness.LATE
    assert timeliness.judge(DUE, NEXT, DUE) == Timeliness.NOT_DUE
    assert timeliness.judge(DUE, None, NEXT) == Timeliness.MISSING


def test_the_unit_scope_and_the_window(units: dict[str, Unit], boundaries: dict[str, int]) -> None:
    scoped = timeliness.by_unit(
        due_from=DUE, due_to=DUE, as_of=NEXT, units=[boundaries["TST"], boundaries["CSXH"]]
    )
    assert scoped == {boundaries["TST"]: Counts(on_time=1), boundaries["CSXH"]: Counts(missing=1)}
    assert timeliness.by_unit(due_from=NEXT, due_to=date(2026, 12, 31), as_of=NEXT) == {}


def test_each_round_counted_in_one_query(
    units: dict[str, Unit], boundaries: dict[str, int]
) -> None:
    adhoc = round_of(units["VP"], date(2026, 7, 10))
    request_for(adhoc, units["TST"], local(date(2026, 7, 1)))
    request_for(adhoc, units["CNTT"])
    rounds = [adhoc.pk, *ReportRequest.objects.values_list("round_id", flat=True)]
    with CaptureQueriesContext(connection) as queries:
        found = timeliness.by_round(rounds=rounds, as_of=date(2026, 7, 10))
    assert len(queries) == 1
    assert found[adhoc.pk] == Counts(on_time=1, not_due=1)
    q2 = next(pk for pk in found if pk != adhoc.pk)
    assert found[q2] == Counts(on_time=2, late=1, missing=1)
    with CaptureQueriesContext(connection) as queries:
        q3 = timeliness.for_evaluation(Period(Kind.QUARTER, 2026, 3), date(2026, 7, 31))
    assert len(queries) == 1
    assert q3 == {boundaries["TST"]: Counts(on_time=1), boundaries["CNTT"]: Counts(missing=1)}


def test_a_units_late_and_missing_requests_for_its_card(
    units: dict[str, Unit], boundaries: dict[str, int]
) -> None:
    q2 = Period(Kind.QUARTER, 2026, 2)
    assert timeliness.unit_requests(boundaries["TST"], q2, date(2026, 11, 1)) == []
    [(late, state)] = timeliness.unit_requests(boundaries["CNTT"], q2, date(2026, 11, 1))
    assert (late.round.due_date, state) == (DUE, Timeliness.LATE)
    [(missing, state)] = timeliness.unit_requests(boundaries["CSXH"], q2, date(2026, 11, 1))
    assert (missing.unit_id, state) == (boundaries["CSXH"], Timeliness.MISSING)


def test_the_panel_takes_this_and_the_last_period_of_active_types(
    units: dict[str, Unit], boundaries: dict[str, int]
) -> None:
    vp = units["VP"]
    quarterly = ReportType.objects.get(code="bao-cao-quy")
    q1 = round_of(vp, date(2026, 3, 18), kind=quarterly, period="2026-Q1")
    request_for(q1, units["TST"])
    q4_last_year = round_of(vp, date(2025, 12, 18), kind=quarterly, period="2025-Q4")
    request_for(q4_last_year, units["TST"])
    retired = report_type(vp, code="cu", active=False)
    request_for(round_of(vp, DUE, kind=retired, period="2026-Q2"), units["TST"])
    with CaptureQueriesContext(connection) as queries:
        rows = timeliness.panel(date(2026, 6, 25))
    assert len(queries) == 1
    assert [r.title for r in rows] == [
        "Báo cáo bao-cao-quy 2026-Q2",
        "Báo cáo bao-cao-quy 2026-Q1",
    ]
    now, last = rows
    assert {k: c.count for k, c in now.cells.items()} == {
        Timeliness.ON_TIME: 2,
        Timeliness.LATE: 1,
        Timeliness.MISSING: 1,
        Timeliness.NOT_DUE: 0,
    }
    assert last.cells[Timeliness.MISSING].count == 1
    late = f"/bao-cao/dot/{now.round_id}/?tinh_trang=muon&ngay=25/06/2026"
    assert unquote(now.cells[Timeliness.LATE].url) == late
    [mine] = timeliness.panel(date(2026, 6, 25), boundaries["CSXH"], [boundaries["CSXH"]])[:1]
    assert mine.cells[Timeliness.MISSING].count == 1 and mine.cells[Timeliness.ON_TIME].count == 0
    assert f"&don_vi={boundaries['CSXH']}&" in mine.cells[Timeliness.MISSING].url
