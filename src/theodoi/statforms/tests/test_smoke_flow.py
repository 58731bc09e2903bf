from datetime import date

import pytest

from theodoi.core.periods import parse_period
from theodoi.reports.models import RequestState
from theodoi.statforms.selectors import request_in, round_or_open
from theodoi.statforms.services import FormRefused, form_submit
from theodoi.statforms.tests.filled import province_values

pytestmark = pytest.mark.django_db


def test_a_province_submits_its_form(forms) -> None:
    report_round = round_or_open("tthc", parse_period("2026-Q1"))
    assert report_round.window_start == date(2025, 12, 15)
    request = request_in(report_round, "HANOI")
    submission, _ = form_submit(
        actor=forms.hanoi, request=request, expected_version=request.version,
        values=province_values(), texts={}, explanations={}, today=date(2026, 3, 16),
    )  # fmt: skip
    assert submission.number == 1
    assert submission.form_version.values["5.1"] == 1200
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED
    bad = request_in(report_round, "HAIPHONG")
    with pytest.raises(FormRefused) as refused:
        form_submit(
            actor=forms.haiphong, request=bad, expected_version=bad.version,
            values=province_values(**{"5_1": 1199}), texts={}, explanations={},
        )  # fmt: skip
    assert refused.value.checked.errors[0].rule == "5.1 = 5.2+5.3+5.4+5.5+5.6"
