"""The demo's report types are the seeds' and their current and last rounds are open and
lived in: every state, on time, late and missing, a second version, an ad-hoc request."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from theodoi.demo.report_stories import ReportTeller
from theodoi.demo.services import load_demo
from theodoi.demo.tasks import VN
from theodoi.demo.tests.copies import copy_demo
from theodoi.reports import rules, timeliness
from theodoi.reports.adhoc import answers
from theodoi.reports.models import (
    Decision,
    ReportFile,
    ReportRequest,
    ReportReview,
    ReportRound,
    ReportSubmission,
    ReportType,
    RequestState,
)
from theodoi.reports.timeliness import Timeliness

pytestmark = [pytest.mark.django_db, pytest.mark.demo_content]


def test_the_seeds_report_types_open_their_current_and_last_rounds_once() -> None:
    copy_demo("Mat-khau-demo-2026")
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


def test_the_current_and_last_rounds_show_every_state_on_time_late_and_missing() -> None:
    copy_demo("Mat-khau-demo-2026")
    today = timezone.localdate()
    # the TTHC types' content is a form: their stories are test_demo_forms.py's
    for report_type in ReportType.objects.filter(form_code=""):
        for cal in rules.periods_opened(report_type, today):
            report_round = report_type.rounds.get(period=cal.period.slug)
            states = set(report_round.requests.values_list("state", flat=True))
            assert states == set(RequestState), (report_type.code, cal.period.slug, states)
            judged = timeliness.by_round(rounds=[report_round.pk], as_of=today)[report_round.pk]
            assert judged.on_time > 0, report_round.title
            if report_round.due_date < today:  # passed: some sent late, some never
                assert judged.late > 0 and judged.missing > 0, report_round.title
            else:
                assert judged.not_due > 0 and judged.late == judged.missing == 0
    # a report returned and sent again as version 2, then accepted; drafts carry text
    second = ReportSubmission.objects.filter(number=2).select_related("request")
    assert second and all(s.request.state == RequestState.ACCEPTED for s in second)
    drafts = ReportRequest.objects.filter(state=RequestState.DRAFT, round__form_code="")
    assert drafts and all(any(r.draft.values()) for r in drafts)
    returned = ReportReview.objects.filter(decision=Decision.RETURN)
    assert returned and all(r.comment for r in returned)
    assert ReportFile.objects.filter(name__endswith=".pdf").exists()
    assert ReportFile.objects.filter(name__endswith=".docx").exists()
    # the dashboard's rounds read like a working period: most units sent
    busy = timeliness.panel(today)
    assert busy and any(
        row.cells[Timeliness.MISSING].count * 4 < sum(c.count for c in row.cells.values())
        for row in busy
    )


def test_the_office_ad_hoc_request_is_answered_by_two_units_one_late() -> None:
    copy_demo("Mat-khau-demo-2026")
    adhoc = ReportRound.objects.get(report_type__isnull=True)
    assert adhoc.collector.code == "VP" and adhoc.due_date < timezone.localdate()
    found = {a.request.unit.code: a for a in answers(adhoc, timezone.localdate())}
    assert len(found) == 3
    answered = [a for a in found.values() if a.answered]
    assert len(answered) == 2 and sorted(a.late for a in answered) == [False, True]
    silent = [a for a in found.values() if not a.answered]
    assert len(silent) == 1 and silent[0].missing and silent[0].late
    load_demo("Mat-khau-demo-2026")
    assert ReportRound.objects.filter(report_type__isnull=True).count() == 1


def test_a_late_report_is_sent_after_its_due_date_from_the_very_next_day() -> None:
    """On the day after a round's due date the demo has late reports already: its stories
    are told on any day, and the dashboard's panel shows that round (report_stories)."""
    copy_demo("Mat-khau-demo-2026")
    report_round = ReportRound.objects.filter(report_type__isnull=False).first()
    assert report_round is not None
    due = report_round.due_date
    today = due + timedelta(days=1)
    teller = ReportTeller(today, datetime(today.year, today.month, today.day, 0, 30, tzinfo=VN))
    for index in range(10):
        assert teller.sent_day(report_round, index, late=True) == today
        assert teller.sent_day(report_round, index, late=False) <= due
