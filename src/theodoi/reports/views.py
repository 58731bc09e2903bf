"""The reports pages (DOMAIN §10): my unit's reports, a report, the collecting unit's rounds,
a round, an ad-hoc request. Thin: the rules are in services, adhoc, scope and selectors."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from theodoi.core.access import Action, can, require
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.core.paging import ListPaginator, kept_query
from theodoi.organisation.groups import Group
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import unit_choices
from theodoi.reports import adhoc, links, mine, scope, selectors, services
from theodoi.reports.decisions import DONE, decide
from theodoi.reports.forms import (
    AdhocForm,
    DraftForm,
    FilesForm,
    ReopenForm,
    ReviewForm,
    VersionForm,
)
from theodoi.reports.models import ReportFile, ReportRequest, RequestState
from theodoi.reports.tasktable import KIND_LABELS, task_table

MINE_PER_PAGE = 50


def mine_view(request: AuthedRequest) -> HttpResponse:
    """Báo cáo của đơn vị: the requests of the person's unit, what needs action first."""
    require(request.user, Action.VIEW_REPORTS)
    today = timezone.localdate()
    units = mine.scope_of(request.user)
    types, periods = mine.choices(units) if units else ([], [])
    form = mine.MineFilterForm(request.GET, types=types, periods=periods)
    chosen = form.chosen()
    found = mine.requests(units, chosen)
    page = ListPaginator(found, MINE_PER_PAGE).get_page(request.GET.get(links.PAGE))
    return render(
        request,
        "reports/mine.html",
        {
            "form": form,
            "page": page,
            "query": kept_query(**chosen),
            "filtered": bool(chosen),
            "rows": mine.rows_of(list(page), today),
            "has_units": bool(units),
            "may_review": scope.reviewed_rounds(request.user).exists(),
            "may_request": can(request.user, Action.REQUEST_REPORTS),
        },
    )


def _version(request: AuthedRequest) -> int:
    form = VersionForm(request.POST)
    return int(form.cleaned_data["version"]) if form.is_valid() else 0


def _report_page(
    request: AuthedRequest,
    report: ReportRequest,
    draft_form: DraftForm | None = None,
    files_form: FilesForm | None = None,
    review_form: ReviewForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> HttpResponse:
    rnd = report.round
    # a statistical form is written, sent and reviewed on its own page
    form_url = reverse("statforms:entry", args=[report.pk]) if rnd.form_code else ""
    writes = scope.writes(request.user, report) and report.state in services.EDITABLE
    writes = writes and not form_url
    reviewer = scope.reviews(request.user, rnd)
    reviews = reviewer and report.state == RequestState.SUBMITTED and not form_url
    # a form sent again after the report moved on (a second tab, a double click) is no longer
    # on the page: its refusal is said at the top instead of being lost
    reopens = reviewer and report.state == RequestState.ACCEPTED
    shown_forms = ((draft_form, writes), (files_form, writes), (review_form, reviews))
    for form, shown in (*shown_forms, (reopen_form, reopens)):
        if form is not None and not shown:
            for error in form.non_field_errors():
                messages.error(request, str(error))
    initial = {"version": report.version, **report.draft}
    table = None
    if rnd.task_table and rnd.window_start and rnd.window_end:
        table = task_table(report.unit, rnd.window_start, rnd.window_end)
    versions = selectors.versions_of(report)
    return render(
        request,
        "reports/request.html",
        {
            "report": report,
            "round": report.round,
            "row": selectors.row_of(report, timezone.localdate()),
            "writes": writes,
            "reviews": reviews,
            "draft_form": draft_form or DraftForm(initial=initial, sections=rnd.sections),
            "files_form": files_form or FilesForm(initial={"version": report.version}),
            "review_form": review_form or ReviewForm(initial={"version": report.version}),
            "reopens": reopens,
            "reopen_form": reopen_form or ReopenForm(initial={"version": report.version}),
            "form_url": form_url,
            "draft_files": selectors.draft_files(report),
            "table": table,
            "kinds": KIND_LABELS,
            "versions": versions,
            "last_review": next((v.review for v in versions if hasattr(v, "review")), None),
        },
    )


def request_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """A unit's report: the draft (saved by POST), files, the task table, its versions."""
    require(request.user, Action.VIEW_REPORTS)
    report = scope.request_for(request.user, pk)
    if request.method != "POST":
        return _report_page(request, report)
    form = DraftForm(request.POST, sections=report.round.sections)
    if form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            lambda: services.report_save_draft(
                actor=request.user,
                request=report,
                expected_version=data["version"],
                sections={k: data.get(k) or "" for k in form.keys},
            ),
        )
        if saved is not None:
            if "nop" in request.POST:
                return _submit(request, saved, saved.version)
            messages.success(request, "Đã lưu bản nháp.")
            return redirect("reports:request", pk=pk)
    return _report_page(request, report, draft_form=form)


def _submit(request: AuthedRequest, report: ReportRequest, version: int) -> HttpResponse:
    """Send the draft; a refusal is shown at the top of the report's page."""
    try:
        sent = services.report_submit(actor=request.user, request=report, expected_version=version)
        messages.success(request, f"Đã nộp báo cáo (lần {sent.number}).")
    except (ValidationFailed, ConflictError) as exc:
        messages.error(request, str(exc))
    return redirect("reports:request", pk=report.pk)


@require_POST
def submit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_REPORTS)
    return _submit(request, scope.request_for(request.user, pk), _version(request))


@require_POST
def review_view(request: AuthedRequest, pk: int, decision: str) -> HttpResponse:
    """The collecting unit accepts or returns the version that waits, or reopens an accepted
    report with the reason (kept in the log)."""
    require(request.user, Action.VIEW_REPORTS)
    report = scope.request_for(request.user, pk)
    form, done = decide(request.user, report, decision, request.POST)
    if done:
        name = report.unit.short_name or report.unit.name
        messages.success(request, f"Đã {DONE[decision]} báo cáo của {name}.")
        return redirect("reports:request", pk=pk)
    if isinstance(form, ReopenForm):
        return _report_page(request, report, reopen_form=form)
    return _report_page(request, report, review_form=form)


@require_POST
def attach_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_REPORTS)
    report = scope.request_for(request.user, pk)
    form = FilesForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            lambda: services.report_attach(
                actor=request.user,
                request=report,
                expected_version=data["version"],
                files=data["upload"],
            ),
        )
        if saved is not None:
            messages.success(request, f"Đã đính kèm {len(saved)} tệp.")
            return redirect("reports:request", pk=pk)
    return _report_page(request, report, files_form=form)


@require_POST
def detach_view(request: AuthedRequest, pk: int, file_id: int) -> HttpResponse:
    require(request.user, Action.VIEW_REPORTS)
    report = scope.request_for(request.user, pk)
    try:
        services.report_detach(
            actor=request.user, request=report, expected_version=_version(request), file_id=file_id
        )
        messages.success(request, "Đã gỡ tệp khỏi bản nháp.")
    except (ValidationFailed, ConflictError) as exc:
        messages.error(request, str(exc))
    return redirect("reports:request", pk=pk)


def file_view(request: AuthedRequest, pk: int, file_id: int) -> FileResponse:
    require(request.user, Action.VIEW_REPORTS)
    report = scope.request_for(request.user, pk)
    kept = ReportFile.objects.filter(pk=file_id, request=report).first()
    if kept is None:
        raise Http404("Không có tệp này.")
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=kept.name)


def version_view(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    require(request.user, Action.VIEW_REPORTS)
    report = scope.request_for(request.user, pk)
    version = next((v for v in selectors.versions_of(report) if v.number == number), None)
    if version is None:
        raise Http404("Không có lần nộp này.")
    return render(
        request,
        "reports/version.html",
        {"report": report, "round": report.round, "version": version, "kinds": KIND_LABELS},
    )


def rounds_view(request: AuthedRequest) -> HttpResponse:
    """The rounds the person's unit collects (every round for those who read all)."""
    require(request.user, Action.VIEW_REPORTS)
    return render(
        request,
        "reports/rounds.html",
        {
            "rounds": selectors.rounds_of(request.user),
            "may_request": can(request.user, Action.REQUEST_REPORTS),
        },
    )


@require_POST
def remind_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.REQUEST_REPORTS)
    report_round = scope.round_for(request.user, pk)
    try:
        told = adhoc.adhoc_remind(actor=request.user, report_round=report_round)
        messages.success(request, f"Đã nhắc các đơn vị chưa nộp ({told} người nhận thông báo).")
    except ValidationFailed as exc:
        messages.error(request, str(exc))
    return redirect("reports:round", pk=pk)


def template_view(request: AuthedRequest, pk: int) -> FileResponse:
    require(request.user, Action.VIEW_REPORTS)
    report_round = scope.round_for_reader(request.user, pk)
    if not report_round.template:
        raise Http404("Đợt báo cáo không có mẫu kèm theo.")
    return FileResponse(
        report_round.template.open("rb"), as_attachment=True, filename=report_round.template_name
    )


@once_per_form
def adhoc_create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.REQUEST_REPORTS)
    today = timezone.localdate()
    form = AdhocForm(request.POST or None, request.FILES or None, unit_choices=unit_choices(today))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = submit(
            form,
            lambda: adhoc.adhoc_create(
                actor=request.user,
                title=data["title"],
                content=data["content"],
                units=list(Unit.objects.filter(pk__in=data["units"])),
                groups=[Group(g) for g in data["groups"]],
                due_date=data["due_date"],
                template=data["template"],
            ),
        )
        if created is not None:
            count = created.requests.count()
            messages.success(request, f"Đã gửi yêu cầu báo cáo tới {count} đơn vị.")
            return redirect("reports:round", pk=created.pk)
    return render(request, "reports/adhoc_create.html", {"form": form})
