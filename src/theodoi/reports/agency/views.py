"""The Office's pages of the agency's report: the issued reports and the period chooser, the
preview of a period's report (the figures the Word file shows) with its narrative to edit,
the Word download, and issuing it. Leaders, inspectors, auditors and administrators read."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.core.periods import Period
from theodoi.reports.agency import services
from theodoi.reports.agency.data import ended_period, gather
from theodoi.reports.agency.forms import IssueForm, NarrativeForm, ended_periods
from theodoi.reports.agency.word import COUNT_HEADS, build_report
from theodoi.reports.models import AgencyReport


def _period(slug: str) -> Period:
    try:
        return ended_period(slug, timezone.localdate())
    except ValidationFailed:
        raise Http404("Không có kỳ báo cáo này, hoặc kỳ chưa kết thúc.") from None


def list_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_AGENCY_REPORTS)
    chosen = request.GET.get("ky", "")
    if chosen:
        try:
            period = ended_period(chosen, timezone.localdate())
        except ValidationFailed as exc:
            messages.error(request, str(exc))
        else:
            return redirect("reports_agency:preview", period=period.slug)
    issued = AgencyReport.objects.filter(version__isnull=False).select_related("issued_by")
    return render(
        request,
        "reports/agency/list.html",
        {"issued": issued[:100], "periods": ended_periods(timezone.localdate())},
    )


def preview_view(request: AuthedRequest, period: str) -> HttpResponse:
    """The report as the Word file will say it; the Office edits its words here."""
    require(request.user, Action.VIEW_AGENCY_REPORTS)
    chosen = _period(period)
    kept = list(AgencyReport.objects.filter(period=chosen.slug).select_related("issued_by"))
    draft = next((r for r in kept if r.version is None), None)
    narrative = services.narrative_for(chosen, timezone.localdate(), draft=draft, draft_read=True)
    data = gather(chosen)
    writer = can(request.user, Action.WRITE_AGENCY_REPORTS)
    form = NarrativeForm(initial={**narrative.__dict__, "revision": draft.revision if draft else 0})
    return render(
        request,
        "reports/agency/preview.html",
        {
            "data": data,
            "heads": COUNT_HEADS,
            "obstacles": [*data.obstacles.open, *data.obstacles.decided],
            "narrative": narrative,
            "versions": sorted((r for r in kept if r.version), key=lambda r: -(r.version or 0)),
            "form": form if writer else None,
            "issue_form": IssueForm(initial={"issued_on": timezone.localdate()})
            if writer
            else None,
        },
    )


def edit_view(request: AuthedRequest, period: str) -> HttpResponse:
    require(request.user, Action.WRITE_AGENCY_REPORTS)
    chosen = _period(period)
    form = NarrativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = submit(
            form,
            lambda: services.agency_draft_save(
                actor=request.user,
                period=chosen.slug,
                expected_revision=form.cleaned_data["revision"],
                summary=form.cleaned_data["summary"],
                opening=form.cleaned_data["opening"],
                closing=form.cleaned_data["closing"],
                signer_name=form.cleaned_data["signer_name"],
            ),
        )
        if saved is not None:
            messages.success(request, "Đã lưu dự thảo báo cáo.")
            return redirect("reports_agency:preview", period=chosen.slug)
    if request.method != "POST":
        return redirect("reports_agency:preview", period=chosen.slug)
    return render(
        request, "reports/agency/edit.html", {"form": form, "period": chosen, "issue": False}
    )


@once_per_form
def issue_view(request: AuthedRequest, period: str) -> HttpResponse:
    require(request.user, Action.WRITE_AGENCY_REPORTS)
    chosen = _period(period)
    form = IssueForm(request.POST or None, initial={"issued_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        report = submit(
            form,
            lambda: services.agency_report_issue(
                actor=request.user,
                period=chosen.slug,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            ),
        )
        if report is not None:
            messages.success(request, f"Đã ban hành báo cáo {chosen.label}, lần {report.version}.")
            return redirect("reports_agency:preview", period=chosen.slug)
    return render(
        request, "reports/agency/edit.html", {"form": form, "period": chosen, "issue": True}
    )


def word_view(request: AuthedRequest, period: str) -> HttpResponse:
    """The draft's Word file, from the figures and words of now (not kept)."""
    require(request.user, Action.VIEW_AGENCY_REPORTS)
    chosen = _period(period)
    narrative = services.narrative_for(chosen, timezone.localdate())
    content = build_report(gather(chosen), narrative)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"Bao-cao-{chosen.slug}-du-thao.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def version_download(request: AuthedRequest, pk: int) -> FileResponse:
    """An issued version's Word file, as it was issued."""
    require(request.user, Action.VIEW_AGENCY_REPORTS)
    report = get_object_or_404(AgencyReport, pk=pk, version__isnull=False)
    name = f"Bao-cao-{report.period}-lan-{report.version}.docx"
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)
