"""A round's requests as its page and its export list them (docs/reports.md "The round
page"): narrowed to what the reader may read, then by the page's filter (`links.RoundFilter`),
each judged at the filter's date with the same conditions as the dashboard's panel."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import subtree_ids
from theodoi.organisation.selectors import unit_choices as organisation_choices
from theodoi.reports import scope
from theodoi.reports.links import RoundFilter
from theodoi.reports.models import ReportRequest, ReportReview, ReportRound
from theodoi.reports.timeliness import (
    LABELS,
    Counts,
    Timeliness,
    by_round,
    conditions,
    judge,
    with_sent_on,
)


def readable_units(user: User, report_round: ReportRound) -> frozenset[int] | None:
    """The units whose requests of the round `user` reads (None: every unit): the round's
    reviewers and those who read every report see all; a reporting unit's people their own."""
    if scope.reads_round(user, report_round):
        return None
    return frozenset(
        scope.visible_requests(user).filter(round=report_round).values_list("unit_id", flat=True)
    )


def shown_units(readable: frozenset[int] | None, chosen: int | None) -> frozenset[int] | None:
    """The units listed: those readable, narrowed to the chosen unit and the units below it."""
    if chosen is None:
        return readable
    below = subtree_ids({chosen})
    return below if readable is None else below & readable


def counts(report_round: ReportRound, units: frozenset[int] | None, flt: RoundFilter) -> Counts:
    """The round's requests of `units` in each state at the filter's date (one query)."""
    return by_round(rounds=[report_round.pk], as_of=flt.as_of, units=units).get(
        report_round.pk, Counts()
    )


def requests(
    report_round: ReportRound, units: frozenset[int] | None, flt: RoundFilter
) -> QuerySet[ReportRequest]:
    """The requests listed, by unit code, with `sent_on`, their number of versions and the
    last review's comment."""
    found = with_sent_on(report_round.requests.all())
    if units is not None:
        found = found.filter(unit_id__in=sorted(units))
    if flt.state is not None:
        found = found.filter(conditions(flt.as_of)[flt.state])
    last_comment = ReportReview.objects.filter(submission__request=OuterRef("pk")).order_by(
        "-reviewed_at", "-id"
    )
    return (
        found.select_related("unit", "round")
        .annotate(
            versions=Count("submissions", distinct=True),
            last_comment=Subquery(last_comment.values("comment")[:1]),
        )
        .order_by("unit__code", "id")
    )


@dataclass(frozen=True)
class RoundRow:
    request: ReportRequest
    state: Timeliness
    label: str
    first_sent: datetime | None  # local time
    versions: int
    last_comment: str

    @property
    def missing(self) -> bool:
        return self.state == Timeliness.MISSING

    @property
    def late(self) -> bool:
        return self.state in (Timeliness.LATE, Timeliness.MISSING)


def rows_of(requests: list[ReportRequest], flt: RoundFilter) -> list[RoundRow]:
    rows = []
    for r in requests:
        state = judge(r.round.due_date, r.sent_on, flt.as_of)  # type: ignore[attr-defined]
        sent = timezone.localtime(r.first_submitted_at) if r.first_submitted_at else None
        rows.append(
            RoundRow(
                r,
                state,
                LABELS[state],
                sent,
                r.versions,  # type: ignore[attr-defined]
                r.last_comment or "",  # type: ignore[attr-defined]
            )
        )
    return rows


@dataclass(frozen=True)
class Chip:
    """One state to filter by, as a link: its words, how many, where it leads, and whether it
    is the state shown."""

    label: str
    count: int
    url: str
    current: bool


def chips(report_round: ReportRound, flt: RoundFilter, counts: Counts) -> list[Chip]:
    every = Chip("Tất cả", counts.total, flt.url(report_round.pk), flt.state is None)
    return [every] + [
        Chip(LABELS[k], getattr(counts, k.value), flt.url(report_round.pk, state=k), flt.state == k)
        for k in Timeliness
    ]


def unit_choices(readable: frozenset[int] | None, flt: RoundFilter) -> list[tuple[int, str]]:
    """The units the page can be narrowed to: those the reader reads (and the one chosen)."""
    choices = [
        (pk, name)
        for pk, name in organisation_choices(flt.as_of)
        if readable is None or pk in readable
    ]
    if flt.unit_id is not None and all(pk != flt.unit_id for pk, _ in choices):
        chosen = Unit.objects.filter(pk=flt.unit_id).first()
        if chosen is not None:
            choices.insert(0, (chosen.pk, unit_label(chosen)))
    return choices
