"""Opening the periods' rounds (`theodoi report open`): for every active report type that is
not ad hoc, each period whose round has opened by the day (`rules.periods_opened`: the current
one and the one before) gets one `ReportRound` and one `ReportRequest` per unit that must
report, the type's `reporters` resolved for the period's last day (the units in force then).
The collecting unit does not report to itself.

Safe to run twice, or twice at once from cron: rounds and requests are unique (type and period;
round and unit), each is written in a savepoint, and one that another run wrote first is
counted as existing. A round that exists gets the requests it lacks (a unit named later).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from theodoi.core.periods import Period
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import units_active_on
from theodoi.reports import rules
from theodoi.reports.models import Frequency, ReportRequest, ReportRound, ReportType

# The groups a report type may name: those that stand for units on a date.
REPORTER_GROUPS = (Group.PROVINCES, Group.CENTRAL)
SEPARATORS = re.compile(r"[;,\n]+")


@dataclass(frozen=True)
class OpenResult:
    created: int  # requests written now
    existing: int  # requests found written before

    def as_json(self) -> dict[str, int]:
        return {"created": self.created, "existing": self.existing}


def reporter_tokens(text: str) -> list[str]:
    """ "@PROVINCES; vp, TST" → ["@PROVINCES", "VP", "TST"] (codes as written, upper case)."""
    return list(dict.fromkeys(t.strip().upper() for t in SEPARATORS.split(text) if t.strip()))


def reporter_units(text: str, day: date) -> list[Unit]:
    """The units `text` names that are in force on `day`, groups expanded."""
    tokens = reporter_tokens(text)
    in_force = units_active_on(day)
    ids: set[int] = set()
    for group in REPORTER_GROUPS:
        if group.value in tokens:
            ids.update(group_members(group, day).values_list("pk", flat=True))
    ids.update(in_force.filter(code__in=tokens).values_list("pk", flat=True))
    return list(Unit.objects.filter(pk__in=ids).order_by("code"))


def _round(report_type: ReportType, cal: rules.Calendar) -> ReportRound:
    values = {
        "title": f"{report_type.name} — {cal.period.label}",
        "collector": report_type.collector,
        "window_start": cal.window_start,
        "window_end": cal.window_end,
        "due_date": cal.due_date,
        "sections": report_type.sections,
        "task_table": report_type.task_table,
        "form_code": report_type.form_code,
    }
    try:
        with transaction.atomic():
            found, _ = ReportRound.objects.get_or_create(
                report_type=report_type, period=cal.period.slug, defaults=values
            )
    except IntegrityError:  # another run wrote it between our read and our write
        found = ReportRound.objects.get(report_type=report_type, period=cal.period.slug)
    return found


def _requests(found: ReportRound, units: list[Unit]) -> tuple[int, int]:
    have = set(found.requests.values_list("unit_id", flat=True))
    created = 0
    for unit in units:
        if unit.pk in have:
            continue
        try:
            with transaction.atomic():
                ReportRequest.objects.create(round=found, unit=unit)
            created += 1
        except IntegrityError:  # another run wrote it at the same moment
            pass
    return created, len(units) - created


def open_period(report_type: ReportType, period: Period) -> ReportRound:
    """The round of one period of a type, opened now with its requests if it was not (a form
    submitted from the command line for a period the daily job has not opened)."""
    cal = rules.calendar_of(report_type, period)
    with transaction.atomic():
        found = _round(report_type, cal)
        units = reporter_units(report_type.reporters, cal.period.end)
        _requests(found, [u for u in units if u.pk != report_type.collector_id])
    return found


def open_rounds(*, as_of: date) -> OpenResult:
    """Open the rounds and requests due by `as_of`; see the module's docstring."""
    created = existing = 0
    types = (
        ReportType.objects.filter(active=True)
        .exclude(frequency=Frequency.AD_HOC)
        .select_related("collector")
        .order_by("code")
    )
    for report_type in types:
        for cal in reversed(rules.periods_opened(report_type, as_of)):
            with transaction.atomic():
                found = _round(report_type, cal)
                units = reporter_units(report_type.reporters, cal.period.end)
                units = [u for u in units if u.pk != report_type.collector_id]
                new, old = _requests(found, units)
            created, existing = created + new, existing + old
    return OpenResult(created, existing)
