"""A round's page and its XLSX export (docs/reports.md "The round page"): every unit's
state, filtered by the address's `tinh_trang`, `don_vi` and `ngay` (`links`). Thin: the
rules are in scope, roundlist and round_export."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.http import AuthedRequest
from theodoi.core.paging import ListPaginator
from theodoi.reports import links, roundlist, scope
from theodoi.reports.round_export import round_xlsx_response

PER_PAGE = 50


def round_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_REPORTS)
    report_round = scope.round_for_reader(request.user, pk)
    flt, error = links.read_round_filter(request.GET, timezone.localdate())
    readable = roundlist.readable_units(request.user, report_round)
    units = roundlist.shown_units(readable, flt.unit_id)
    counts = roundlist.counts(report_round, units, flt)
    listed = roundlist.requests(report_round, units, flt)
    known = counts.total if flt.state is None else getattr(counts, flt.state.value)
    page = ListPaginator(listed, PER_PAGE, known=known).get_page(request.GET.get(links.PAGE))
    may_remind = can(request.user, Action.REQUEST_REPORTS) and readable is None
    everyone = roundlist.counts(report_round, None, flt) if may_remind and units else counts
    return render(
        request,
        "reports/round.html",
        {
            "round": report_round,
            "filter": flt,
            "error": error,
            "page": page,
            "rows": roundlist.rows_of(list(page), flt),
            "found": known,
            "counts": counts,
            "sent": counts.on_time + counts.late,
            "chips": roundlist.chips(report_round, flt, counts),
            "units": roundlist.unit_choices(readable, flt),
            "export_url": flt.url(pk, state=flt.state, export=True),
            "missing": everyone.missing if flt.as_of == timezone.localdate() else 0,
            "may_remind": may_remind,
            # a form's round: its reviewers and those who read every report see the roll-up
            "may_rollup": readable is None and bool(report_round.form_code and report_round.period),
            "may_urge": can(request.user, Action.URGE_UNITS),
        },
    )


def round_export_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """The round's list as on its page (the same filter), every row, as an XLSX file."""
    require(request.user, Action.VIEW_REPORTS)
    report_round = scope.round_for_reader(request.user, pk)
    flt, _ = links.read_round_filter(request.GET, timezone.localdate())
    units = roundlist.shown_units(roundlist.readable_units(request.user, report_round), flt.unit_id)
    rows = roundlist.rows_of(list(roundlist.requests(report_round, units, flt)), flt)
    return round_xlsx_response(report_round, rows, flt, timezone.localtime(), request.user)
