"""The demo's TTHC control form is lived in for the last two quarters: the provinces send
figures that pass the form's rules, one is returned, one is late, one is missing, and one sent
a second version; the national roll-up names the missing unit."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from theodoi.core.periods import parse_period
from theodoi.demo.form_stories import last_year_round, quarter_rounds
from theodoi.organisation.models import UnitKind
from theodoi.reports import timeliness
from theodoi.reports.models import Decision, ReportReview, ReportRound, RequestState
from theodoi.statforms.checks import check
from theodoi.statforms.models import FormVersion
from theodoi.statforms.selectors import audience_of, definition_of, previous_values

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.demo_content,
    pytest.mark.usefixtures("module_demo"),
]


def the_quarters() -> list[ReportRound]:
    rounds = quarter_rounds()
    assert [r.form_code for r in rounds] == ["tthc", "tthc"]
    assert rounds[0].due_date < rounds[1].due_date  # the earlier quarter first
    return rounds


def test_the_latest_quarter_has_one_returned_one_late_one_missing_province() -> None:
    latest = the_quarters()[1]
    provinces = latest.requests.filter(unit__kind=UnitKind.PROVINCE)
    assert provinces.count() == 34
    states = list(provinces.values_list("state", flat=True))
    assert states.count(RequestState.RETURNED) == 1
    assert states.count(RequestState.OPEN) == 1
    assert states.count(RequestState.ACCEPTED) >= 30
    returned = ReportReview.objects.get(submission__request__round=latest, decision=Decision.RETURN)
    assert returned.comment and returned.submission.request.submissions.count() == 1
    today = timezone.localdate()
    units = list(provinces.values_list("unit_id", flat=True))
    judged = timeliness.by_round(rounds=[latest.pk], as_of=today, units=units)[latest.pk]
    if latest.due_date < today:
        assert (judged.late, judged.missing) == (1, 1)
        late = provinces.get(first_submitted_at__date__gt=latest.due_date)
        assert late.state == RequestState.SUBMITTED  # waiting for the Office
    else:  # a round not yet due: the late one is on time, the missing one not yet due
        assert (judged.late, judged.missing, judged.not_due) == (0, 0, 1)
    # the central units sent their sections, but one that keeps a draft
    central = latest.requests.exclude(unit__kind=UnitKind.PROVINCE)
    draft = central.get(state=RequestState.DRAFT)
    assert not central.exclude(pk=draft.pk).filter(first_submitted_at__isnull=True).exists()
    assert draft.form_entry.texts and draft.form_entry.values["4a.total"] >= 0


def test_the_earlier_quarter_has_a_second_version_accepted() -> None:
    earlier = the_quarters()[0]
    versions = FormVersion.objects.filter(submission__request__round=earlier)
    second = versions.get(submission__number=2)
    request = second.submission.request
    assert request.state == RequestState.ACCEPTED
    first = versions.get(submission__request=request, submission__number=1)
    assert first.submission.review.decision == Decision.RETURN
    assert first.values != second.values  # the unit corrected its figures
    provinces = earlier.requests.filter(unit__kind=UnitKind.PROVINCE)
    assert provinces.filter(state=RequestState.ACCEPTED).count() >= 30


def test_the_last_year_past_its_due_date_is_sent_by_every_province() -> None:
    """The dashboard's panel shows the yearly type's round due last December."""
    year = last_year_round(timezone.localdate())
    assert year is not None and year.period == str(year.due_date.year)
    provinces = year.requests.filter(unit__kind=UnitKind.PROVINCE)
    assert provinces.count() == 34
    assert set(provinces.values_list("state", flat=True)) == {RequestState.ACCEPTED}


def test_every_stored_version_passes_the_rules_and_explains_its_warnings() -> None:
    versions = list(
        FormVersion.objects.select_related(
            "submission__request__round", "submission__request__unit"
        )
    )
    assert len(versions) > 60
    explained = 0
    for version in versions:
        request = version.submission.request
        definition = definition_of(request.round)
        period = parse_period(request.round.period)
        previous, label = previous_values(definition, request, period)
        checked = check(
            definition,
            audience=audience_of(request.unit),
            period=period,
            raw_values=version.values,
            texts=version.texts,
            explanations=version.explanations,
            previous=previous,
            previous_label=label,
            for_submission=True,
        )
        assert checked.errors == [], (request.unit.code, period.slug, checked.errors)
        assert checked.unexplained == []
        assert {w.rule for w in checked.warnings} == set(version.explanations)
        explained += bool(checked.warnings)
        if audience_of(request.unit) == "province":
            assert version.texts.get("1.documents") and version.texts.get("5.review")
    assert explained == 1  # one province carried over more than it left, and says why
    # larger provinces report larger figures, for the same period (a year's figures are four
    # quarters': the versions come in no particular order)
    latest: dict[tuple[str, str], dict] = {}
    for v in sorted(versions, key=lambda v: v.pk):
        request = v.submission.request
        latest[request.round.period, request.unit.code] = v.values
    slugs = [s for s, code in latest if code == "HOCHIMINH" and (s, "CAOBANG") in latest]
    assert slugs
    for slug in slugs:
        assert latest[slug, "HOCHIMINH"]["5.1"] > 3 * latest[slug, "CAOBANG"]["5.1"]


def test_the_national_roll_up_of_the_latest_quarter_lists_the_missing_unit() -> None:
    latest = the_quarters()[1]
    out = StringIO()
    call_command("forms", "aggregate", "tthc", "--period", latest.period, "--json", stdout=out)
    found = json.loads(out.getvalue())
    never = latest.requests.filter(unit__kind=UnitKind.PROVINCE, state=RequestState.OPEN).get()
    assert never.unit.code in found["missing"]
    sent = latest.requests.filter(submissions__isnull=False).distinct().count()
    assert (found["period"], found["expected"], found["submitted"]) == (
        latest.period,
        latest.requests.count(),
        sent,
    )
    assert found["values"]["5.1"] > 0
