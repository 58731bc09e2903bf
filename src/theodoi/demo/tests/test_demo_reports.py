"""The demo's report types are the seeds' and their current and last rounds are open."""

import pytest
from django.utils import timezone

from theodoi.demo.services import load_demo
from theodoi.reports import rules
from theodoi.reports.models import ReportRequest, ReportRound, ReportType

pytestmark = pytest.mark.django_db


def test_the_seeds_report_types_open_their_current_and_last_rounds_once() -> None:
    load_demo("Mat-khau-demo-2026")
    tthc = ReportType.objects.get(code="kiem-soat-tthc-quy")
    assert (tthc.period_numbers, tthc.due_day, tthc.window_cutoff_day) == ([1, 2, 3], 19, 14)
    assert ReportType.objects.get(code="cchc-nam").collector.code == "PC"
    today = timezone.localdate()
    for report_type in ReportType.objects.all():
        opened = rules.periods_opened(report_type, today)
        assert len(opened) == 2
        periods = set(report_type.rounds.values_list("period", flat=True))
        assert periods == {c.period.slug for c in opened}, report_type.code
    # the provinces and central units report; the collecting unit does not report to itself
    monthly = ReportRound.objects.filter(report_type__code="nhiem-vu-thang").first()
    assert monthly is not None and monthly.task_table
    codes = set(monthly.requests.values_list("unit__code", flat=True))
    assert {"HANOI", "TST", "PC"} <= codes and "VP" not in codes
    before = ReportRequest.objects.count()
    load_demo("Mat-khau-demo-2026")
    assert ReportRequest.objects.count() == before and ReportType.objects.count() == 8
