from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.downloads import xlsx_download
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.periods import COUNT, Period
from theodoi.evaluation import services
from theodoi.evaluation.export import ranking_xlsx
from theodoi.evaluation.forms import FormulaForm, period_choices, read_period
from theodoi.evaluation.metrics import COUNCIL, HEADINGS
from theodoi.evaluation.scoring import CRITERIA, field_name, from_stored
from theodoi.evaluation.selectors import (
    LISTED,
    formula_record,
    may_see_card,
    ranking,
    scorecard,
)
from theodoi.organisation.models import Unit


def _period_context(request: AuthedRequest) -> tuple[Period, date, dict[str, object]]:
    """The period the page asks for, today, and what the period chooser shows."""
    today = timezone.localdate()
    period, error = read_period(request.GET, today)
    context = {
        "period": period,
        "error": error,
        "kinds": period_choices(),
        "numbers": range(1, max(COUNT.values()) + 1),
        "today": today,
    }
    return period, today, context


def home_view(request: AuthedRequest) -> HttpResponse:
    """The menu's "Đánh giá": the ranking for those who see every unit, a unit head's own card
    for a unit head (with the same period)."""
    require(request.user, Action.VIEW_SCORECARD)
    if can(request.user, Action.VIEW_RANKING):
        url = reverse("evaluation:ranking")
    else:
        unit_id = request.user.unit_id
        if unit_id is None:
            raise Http404("Tài khoản chưa gắn với đơn vị nào.")
        url = reverse("evaluation:scorecard", args=[unit_id])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def ranking_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_RANKING)
    period, today, context = _period_context(request)
    board = ranking(period, today)
    if request.GET.get("xuat") == "xlsx":
        content = ranking_xlsx(board, timezone.localtime())
        return xlsx_download(content, f"xep-hang-don-vi-{board.period.slug}.xlsx")
    return render(
        request,
        "evaluation/ranking.html",
        {
            **context,
            "board": board,
            "headings": HEADINGS,
            "council": COUNCIL,
            "can_set": can(request.user, Action.SET_RANKING_FORMULA),
            "query": request.GET.urlencode(),
        },
    )


def scorecard_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_SCORECARD)
    own = request.user.unit  # read with the person (accounts.backends): a head's own card
    unit = own if own is not None and own.pk == pk else get_object_or_404(Unit, pk=pk)
    if not may_see_card(request.user, unit):
        raise Http404("Không có đơn vị này trong phạm vi của bạn.")
    period, today, context = _period_context(request)
    card = scorecard(unit, period, today)
    return render(
        request,
        "evaluation/scorecard.html",
        {
            **context,
            "card": card,
            "board": card,
            "can_rank": can(request.user, Action.VIEW_RANKING),
            "listed": LISTED,
            "query": request.GET.urlencode(),
        },
    )


def formula_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.SET_RANKING_FORMULA)
    record = formula_record()
    formula = from_stored(record.weights, record.min_judged)
    initial: dict[str, object] = {"min_judged": record.min_judged, "version": record.version}
    for criterion in CRITERIA:
        weight = formula.weight(criterion.key)
        initial[field_name(criterion.key)] = str(weight.normalize()) if weight else "0"
    form = FormulaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = submit(
            form,
            lambda: services.formula_update(
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                weights=form.weights(),
                min_judged=form.cleaned_data["min_judged"],
            ),
        )
        if saved is not None:
            messages.success(request, "Đã lưu công thức xếp hạng.")
            return redirect("evaluation:ranking")
    return form_page(
        request,
        form,
        "Công thức xếp hạng đơn vị",
        reverse("evaluation:ranking"),
    )
