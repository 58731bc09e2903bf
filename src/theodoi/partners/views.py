"""The Office's page of the agreement: the year's duties and their tasks, one occurrence's
units, and generating a year's tasks after a preview (docs/partners.md)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.errors import ValidationFailed
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.partners import catalog, scope, selectors
from theodoi.partners.counterparts import counterpart_rows
from theodoi.partners.generation import check_year, generate
from theodoi.partners.models import Agreement

YEAR = "nam"  # the query key of the year shown


def _agreement() -> tuple[Agreement | None, str]:
    """The agreement, or why there is none yet (its partner unit missing from the registry)."""
    try:
        return catalog.agreement(), ""
    except ValidationFailed as exc:
        return None, " ".join(exc.errors.values())


def _year(agreement: Agreement, text: str | None) -> tuple[int, str]:
    """The year asked for, else this year with the reason the asked one was refused."""
    today = timezone.localdate()
    if not text:
        return today.year, ""
    try:
        return check_year(agreement, text, today), ""
    except ValidationFailed as exc:
        return today.year, " ".join(exc.errors.values())


def home_url(year: int) -> str:
    return f"{reverse('partners:home')}?{urlencode({YEAR: year})}"


def home_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_PARTNER_WORK)
    agreement, missing = _agreement()
    if agreement is None:
        return render(request, "partners/missing.html", {"missing": missing})
    year, refused = _year(agreement, request.GET.get(YEAR))
    page = selectors.year_page(agreement, year, timezone.localdate())
    if not can(request.user, Action.VIEW_TASKS):  # a partner's people: the joint duties only
        page = scope.joint_page(request.user, page)
    context: dict[str, object] = {
        "task_links": can(request.user, Action.VIEW_TASKS),
        "page": page,
        "refused": refused,
        "may_generate": can(request.user, Action.GENERATE_OBLIGATIONS),
        "year_links": [(y, home_url(y)) for y in page.years],
        # who coordinates each province's duties: for our own people (docs/partners.md)
        "counterparts": counterpart_rows(agreement)
        if can(request.user, Action.VIEW_TASKS)
        else None,
    }
    return render(request, "partners/home.html", context)


def occurrence_view(request: AuthedRequest, year: int, duty: str, period: str) -> HttpResponse:
    require(request.user, Action.VIEW_PARTNER_WORK)
    agreement, missing = _agreement()
    if agreement is None:
        return render(request, "partners/missing.html", {"missing": missing})
    found = selectors.occurrence_page(agreement, year, duty, period, timezone.localdate())
    if found is not None and not can(request.user, Action.VIEW_TASKS):
        found = scope.joint_occurrence(request.user, found)
    context = {"occurrence": found, "year": year, "back": home_url(year)}
    return render(request, "partners/occurrence.html", context)


@once_per_form
def generate_view(request: AuthedRequest) -> HttpResponse:
    """GET: what generating the year would create and what exists; POST: generate, then back
    to the year's page."""
    require(request.user, Action.GENERATE_OBLIGATIONS)
    agreement, missing = _agreement()
    if agreement is None:
        return render(request, "partners/missing.html", {"missing": missing})
    asked = request.POST.get(YEAR) if request.method == "POST" else request.GET.get(YEAR)
    try:
        year = check_year(agreement, asked or "", timezone.localdate())
        if request.method == "POST":
            outcome = generate(actor=request.user, agreement=agreement, year=year)
            messages.success(
                request,
                f"Năm {year}: đã tạo {outcome.created} nhiệm vụ; "
                f"{outcome.existing} nhiệm vụ đã có từ trước, không tạo lại.",
            )
            return redirect(home_url(year))
        lines = selectors.preview(agreement, year)
    except ValidationFailed as exc:  # a bad year, or a duty whose lead unit is gone
        refused = {
            "refused": " ".join(exc.errors.values()),
            "back": home_url(timezone.localdate().year),
        }
        return render(request, "partners/generate.html", refused)
    context: dict[str, object] = {
        "agreement": agreement,
        "year": year,
        "lines": lines,
        "new": sum(line.new for line in lines),
        "existing": sum(line.existing for line in lines),
        "back": home_url(year),
    }
    return render(request, "partners/generate.html", context)
