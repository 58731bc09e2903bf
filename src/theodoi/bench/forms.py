"""The statistical forms at volume (issue 22: "the national roll-up of 34 provinces under
100 ms"): the TTHC form's rounds of this year's second quarter and of the first (the period
before, for the change), every unit of each sending one version.

Written once per bench database, by bulk rows (the form's services would check every rule of
every unit), shaped as `statforms.services.form_submit` leaves them: the request submitted
with its first moment, a numbered `ReportSubmission`, its `FormVersion` with figures that
pass the form's rules."""

import random
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from theodoi.core.errors import ValidationFailed
from theodoi.core.periods import Kind, Period
from theodoi.organisation.models import Unit
from theodoi.reports.models import (
    DueRule,
    Frequency,
    ReportRequest,
    ReportRound,
    ReportSubmission,
    ReportType,
    RequestState,
    WindowRule,
)
from theodoi.reports.opening import open_period
from theodoi.statforms import catalog
from theodoi.statforms.models import FormVersion
from theodoi.statforms.selectors import audience_of, form_round, form_type

FORM = "tthc"


def periods(today: datetime | None = None) -> tuple[Period, Period]:
    """The period timed and the one before it."""
    year = (today or timezone.localtime()).year
    return Period(Kind.QUARTER, year, 2), Period(Kind.QUARTER, year, 1)


def _parts(rng: random.Random, count: int, low: int, high: int) -> list[int]:
    return [rng.randint(low, high) for _ in range(count)]


def figures(rng: random.Random, province: bool) -> dict[str, int]:
    """Counts that pass the form's rules that refuse (sums and bounds)."""
    values: dict[str, int] = {}
    for channel in ("4a", "4b"):
        new, carried = _parts(rng, 2, 0, 40)
        total = new + carried
        processed = rng.randint(0, total)
        values.update(
            {
                f"{channel}.total": total,
                f"{channel}.new": new,
                f"{channel}.carried": carried,
                f"{channel}.regulations": rng.randint(0, total),
                f"{channel}.processed": processed,
                f"{channel}.processing": total - processed,
            }
        )
    if not province:
        return values
    received = _parts(rng, 5, 10, 4000)  # 5.2-5.6
    values.update({f"5.{n}": v for n, v in zip(range(2, 7), received, strict=True)})
    values["5.1"] = sum(received)
    for whole, parts in (("5.7", (8, 9)), ("5.10", (11, 12)), ("5.13", (14, 15, 16))):
        split = _parts(rng, len(parts), 0, 2000)
        values.update({f"5.{n}": v for n, v in zip(parts, split, strict=True)})
        values[whole] = sum(split)
    values["6.2.total"] = values["5.1"]
    values["6.2.online"] = values["5.2"]
    return values


def _form_type(collector: Unit) -> ReportType:
    try:
        return form_type(FORM, periods()[0])
    except ValidationFailed:  # none yet: the bench's own, like seed 001's
        return ReportType.objects.create(
            code="bench-tthc-quy",
            name="Báo cáo công tác kiểm soát TTHC (đo thời gian)",
            frequency=Frequency.QUARTER,
            period_numbers=[1, 2, 3],
            collector=collector,
            reporters="@PROVINCES; @CENTRAL",
            due_rule=DueRule.BEFORE_DAY_OF_LAST_MONTH,
            due_day=19,
            window_rule=WindowRule.CUTOFF,
            window_cutoff_day=14,
            sections=[],
            form_code=FORM,
        )


def _send_all(report_round: ReportRound, rng: random.Random) -> int:
    """Every request of the round that sent nothing sends version 1 (bulk rows)."""
    requests = list(
        report_round.requests.filter(first_submitted_at__isnull=True).select_related("unit")
    )
    if not requests:
        return 0
    day = report_round.window_end or report_round.due_date
    row = catalog.row_for(FORM, day)
    moment = timezone.make_aware(datetime.combine(report_round.due_date, time(9)))
    submissions = ReportSubmission.objects.bulk_create(
        [ReportSubmission(request=r, number=1, sections={}, submitted_at=moment) for r in requests]
    )
    FormVersion.objects.bulk_create(
        [
            FormVersion(
                submission=s,
                definition=row,
                values=figures(rng, audience_of(r.unit) == "province"),
            )
            for s, r in zip(submissions, requests, strict=True)
        ]
    )
    ReportRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        state=RequestState.SUBMITTED, first_submitted_at=moment
    )
    return len(requests)


def ensure_rollup(seed: int = 22) -> Period:
    """The timed period's round and the one before, every unit having sent (written once)."""
    now, earlier = periods()
    if form_round(FORM, now) is not None and form_round(FORM, earlier) is not None:
        return now
    rng = random.Random(seed)
    with transaction.atomic():
        report_type = _form_type(Unit.objects.get(code="VP"))
        for period in (earlier, now):
            _send_all(open_period(report_type, period), rng)
    return now
