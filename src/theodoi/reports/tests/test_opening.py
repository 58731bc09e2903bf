"""Opening the periods' rounds: one round per type and period, one request per unit that must
report (units in force on the period's last day), nothing written twice."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from theodoi.conftest import database_for_threads, in_threads
from theodoi.organisation.models import Unit
from theodoi.reports.models import (
    DueRule,
    Frequency,
    ReportRequest,
    ReportRound,
    ReportType,
    WindowRule,
)
from theodoi.reports.opening import open_rounds

SECTIONS = [{"key": "ket-qua", "title": "Kết quả thực hiện", "required": True}]


def tthc_type(units: dict[str, Unit], **changes: object) -> ReportType:
    values: dict[str, object] = {
        "code": "kiem-soat-tthc-quy",
        "name": "Báo cáo kiểm soát TTHC quý",
        "frequency": Frequency.QUARTER,
        "period_numbers": [1, 2, 3],
        "collector": units["VP"],
        "reporters": "@PROVINCES; TST; VP",
        "due_rule": DueRule.BEFORE_DAY_OF_LAST_MONTH,
        "due_day": 19,
        "window_rule": WindowRule.CUTOFF,
        "window_cutoff_day": 14,
        "sections": SECTIONS,
        "form_code": "tthc-phu-luc-ii",
    }
    values.update(changes)
    return ReportType.objects.create(**values)


def asked_of(period: str) -> set[str]:
    return set(
        ReportRequest.objects.filter(round__period=period).values_list("unit__code", flat=True)
    )


@pytest.mark.django_db
def test_the_current_and_last_quarter_open_for_the_units_in_force_then(
    sample_units: dict[str, Unit],
) -> None:
    report_type = tthc_type(sample_units)
    result = open_rounds(as_of=date(2025, 11, 20))
    # Q2 2025 ends 30/06/2025, the last day of the 63 provinces; Q3 ends after the merger (34).
    # The Office collects: it does not report to itself.
    q2, q3 = asked_of("2025-Q2"), asked_of("2025-Q3")
    assert len(q2) == 63 + 1 and "HAIDUONG" in q2 and "TST" in q2 and "VP" not in q2
    assert len(q3) == 34 + 1 and "HAIDUONG" not in q3 and "HAIPHONG" in q3
    assert (result.created, result.existing) == (99, 0)
    third = ReportRound.objects.get(period="2025-Q3")
    assert third.report_type == report_type
    assert third.title == "Báo cáo kiểm soát TTHC quý — Quý III/2025"
    assert (third.window_start, third.window_end) == (date(2025, 6, 15), date(2025, 9, 14))
    assert third.due_date == date(2025, 9, 18)
    assert (third.sections, third.form_code, third.collector.code) == (
        SECTIONS,
        "tthc-phu-luc-ii",
        "VP",
    )


@pytest.mark.django_db
def test_a_second_run_writes_nothing_and_a_unit_named_later_gets_its_requests(
    sample_units: dict[str, Unit],
) -> None:
    report_type = tthc_type(sample_units)
    first = open_rounds(as_of=date(2025, 11, 20))
    again = open_rounds(as_of=date(2025, 11, 20))
    assert (again.created, again.existing) == (0, first.created)
    assert ReportRound.objects.count() == 2
    report_type.reporters += "; CSXH"
    report_type.save()
    later = open_rounds(as_of=date(2025, 11, 21))
    assert (later.created, later.existing) == (2, first.created)
    assert "CSXH" in asked_of("2025-Q2") and "CSXH" in asked_of("2025-Q3")


@pytest.mark.django_db
def test_inactive_and_ad_hoc_types_open_nothing_and_a_round_waits_for_its_opening_day(
    sample_units: dict[str, Unit],
) -> None:
    tthc_type(sample_units, active=False)
    tthc_type(sample_units, code="dot-xuat", frequency=Frequency.AD_HOC)
    assert open_rounds(as_of=date(2026, 3, 1)).created == 0
    tthc_type(sample_units, code="nam", frequency=Frequency.YEAR, period_numbers=[])
    open_rounds(as_of=date(2026, 11, 30))
    # the year 2026 opens on 01/12: on 30/11 the open ones are 2025 and 2024
    assert set(ReportRound.objects.values_list("period", flat=True)) == {"2025", "2024"}


@pytest.mark.django_db
def test_the_command_prints_the_counts_and_refuses_a_bad_date(
    sample_units: dict[str, Unit],
) -> None:
    tthc_type(sample_units, reporters="TST; CSXH")
    out = StringIO()
    call_command("report", "open", "--as-of", "20/11/2025", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"created": 4, "existing": 0}
    out = StringIO()
    call_command("report", "open", "--as-of", "2025-11-20", stdout=out)
    assert "tạo mới 0 yêu cầu báo cáo, 4 yêu cầu đã có" in out.getvalue()
    assert "20/11/2025" in out.getvalue()
    for bad in ("31/02/2026", "hôm qua", "1800-01-01"):
        with pytest.raises(CommandError, match="--as-of"):
            call_command("report", "open", "--as-of", bad, stdout=StringIO())
    assert ReportRequest.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_open_everything_once(
    sample_units: dict[str, Unit], tmp_path
) -> None:
    tthc_type(sample_units)
    tthc_type(sample_units, code="nam", frequency=Frequency.YEAR, period_numbers=[])
    with database_for_threads(tmp_path):
        results = in_threads(*[lambda: open_rounds(as_of=date(2025, 11, 20))] * 2)
        counts = in_threads(lambda: (ReportRound.objects.count(), ReportRequest.objects.count()))[0]
    # Q2 and Q3 2025 (64 + 35 requests), the years 2024 (63 + 1) and 2023 (63 + 1)
    assert counts == (4, 99 + 128)
    assert sum(r.created for r in results) == 99 + 128  # each request by one run only
    assert sum(r.created + r.existing for r in results) == 2 * (99 + 128)
