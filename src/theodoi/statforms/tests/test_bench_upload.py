"""The bench's case for the Excel upload reads a province's filled template and keeps
nothing: the round it opened and its requests are gone afterwards."""

from datetime import date

import pytest

from theodoi.reports.models import ReportRound
from theodoi.statforms.bench_upload import upload_case
from theodoi.statforms.models import FormEntry

pytestmark = pytest.mark.django_db


def test_the_bench_reads_filled_templates_and_takes_back_what_it_made(forms) -> None:
    with upload_case(date(2026, 5, 4)) as case:
        assert ReportRound.objects.get().period == "2026-Q1"
        findings = case(0)
        assert isinstance(findings, list)  # the rules ran on every figure: some do not hold
        assert any("Quy tắc «5.1 = 5.2+5.3+5.4+5.5+5.6»" in str(f) for f in findings)
        case(1)
    assert not ReportRound.objects.exists() and not FormEntry.objects.exists()
