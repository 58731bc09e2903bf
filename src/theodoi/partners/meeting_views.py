"""The meetings' pages under /phoi-hop/hop/: a year's meetings, one meeting, recording one,
its conclusion notice, its conclusions and turning each into a task (docs/partners.md)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.partners import catalog, scope
from theodoi.partners.conclusions import conclusion_add, conclusion_assign
from theodoi.partners.meeting_forms import AssignForm, ConclusionForm, MeetingForm, NoticeForm
from theodoi.partners.meeting_reads import meeting_page, year_meetings
from theodoi.partners.meetings import level_of, meeting_record, meeting_register_notice
from theodoi.partners.models import Conclusion, Meeting

YEAR = "nam"


def meetings_url(year: int) -> str:
    return f"{reverse('partners:meetings')}?{urlencode({YEAR: year})}"


def meeting_url(pk: int) -> str:
    return reverse("partners:meeting", args=[pk])


def _year(text: str | None) -> int:
    today = timezone.localdate().year
    return int(text) if text and text.isdigit() and 2015 <= int(text) <= today + 1 else today


def list_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_MEETINGS)
    year = _year(request.GET.get(YEAR))
    this_year = timezone.localdate().year
    context = {
        "year": year,
        "rows": year_meetings(request.user, year),
        "year_links": [(y, meetings_url(y)) for y in range(this_year - 2, this_year + 1)],
        "may_record": can(request.user, Action.RECORD_MEETINGS) and scope.may_record(request.user),
    }
    return render(request, "partners/meetings.html", context)


@once_per_form
def create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.RECORD_MEETINGS)
    if not scope.may_record(request.user):
        raise PermissionDenied("Chỉ Văn phòng và BHXH tỉnh (cuộc họp của tỉnh) ghi cuộc họp.")
    try:
        agreement = catalog.agreement()
    except ValidationFailed as exc:  # the partner's unit not in the registry yet
        missing = " ".join(exc.errors.values())
        return render(request, "partners/missing.html", {"missing": missing})
    form = MeetingForm(
        request.POST or None, request.FILES or None, agreement=agreement, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        picked = form.picked()
        unit = picked["unit"]
        level = level_of(form.cleaned_data["kind"], unit) if unit is not None else ""
        if unit is not None and not scope.may_record(request.user, unit, level):
            raise PermissionDenied("Bạn chỉ ghi được cuộc họp của tỉnh mình.")
        data = form.cleaned_data
        meeting = submit(
            form,
            lambda: meeting_record(
                actor=request.user,
                agreement=agreement,
                kind=data["kind"],
                held_on=data["held_on"],
                host=data["host"],
                people=form.people(),
                place=data["place"],
                summary=data["summary"],
                minutes=[data["minutes"]] if data["minutes"] else [],
                **picked,
            ),
        )
        if meeting is not None:
            messages.success(request, "Đã ghi cuộc họp.")
            return redirect(meeting_url(meeting.pk))
    context = {"form": form, "back": meetings_url(timezone.localdate().year)}
    return render(request, "partners/meeting_form.html", context)


def _page_context(request: AuthedRequest, pk: int) -> dict[str, object]:
    page = meeting_page(request.user, pk, timezone.localdate())
    if page is None:
        raise Http404("Không có cuộc họp này hoặc bạn không được xem.")
    meeting = page.meeting
    may_edit = can(request.user, Action.RECORD_MEETINGS) and scope.may_edit(request.user, meeting)
    may_assign = can(request.user, Action.ASSIGN_CONCLUSIONS)
    agreement = meeting.agreement
    return {
        "page": page,
        "may_edit": may_edit,
        "may_assign": may_assign,
        "conclusion_form": ConclusionForm(agreement=agreement, day=meeting.held_on)
        if may_edit
        else None,
        "notice_form": NoticeForm() if may_assign and meeting.notice_id is None else None,
        "assign_form": AssignForm() if may_assign and meeting.notice_id is not None else None,
        "back": meetings_url(meeting.held_on.year),
    }


def detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_MEETINGS)
    return render(request, "partners/meeting.html", _page_context(request, pk))


def _editable(request: AuthedRequest, pk: int) -> Meeting:
    require(request.user, Action.RECORD_MEETINGS)
    meeting = get_object_or_404(scope.visible_meetings(request.user).select_related("unit"), pk=pk)
    if not scope.may_edit(request.user, meeting):
        raise PermissionDenied("Bạn không ghi được kết luận của cuộc họp này.")
    return meeting


@once_per_form
def conclusion_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """POST: add a conclusion, then back to the meeting; a refusal shows the meeting page."""
    meeting = _editable(request, pk)
    form = ConclusionForm(request.POST or None, agreement=meeting.agreement, day=meeting.held_on)
    if request.method == "POST" and form.is_valid():
        side, unit = form.lead_side_and_unit()
        data = form.cleaned_data
        added = submit(
            form,
            lambda: conclusion_add(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                lead_side=side,
                lead_unit=unit,
                deadline=data["deadline"],
            ),
        )
        if added is not None:
            messages.success(request, "Đã ghi kết luận.")
            return redirect(meeting_url(meeting.pk) + "#ket-luan")
    context = _page_context(request, pk)
    context["conclusion_form"] = form
    return render(request, "partners/meeting.html", context, status=200)


@once_per_form
def notice_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.ASSIGN_CONCLUSIONS)
    meeting = get_object_or_404(scope.visible_meetings(request.user), pk=pk)
    form = NoticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = submit(
            form,
            lambda: meeting_register_notice(
                actor=request.user,
                meeting=meeting,
                number=data["number"],
                issued_on=data["issued_on"],
                notice=[data["notice"]],
            ),
        )
        if document is not None:
            messages.success(request, f"Đã vào sổ {document.title}.")
            return redirect(meeting_url(meeting.pk))
    context = _page_context(request, pk)
    context["notice_form"] = form
    return render(request, "partners/meeting.html", context)


@once_per_form
def assign_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """POST "Giao thành nhiệm vụ": the conclusion becomes a task, then back to its meeting."""
    require(request.user, Action.ASSIGN_CONCLUSIONS)
    conclusion = get_object_or_404(Conclusion.objects.select_related("meeting"), pk=pk)
    back = meeting_url(conclusion.meeting_id) + "#ket-luan"
    if request.method != "POST":  # the meeting's page, whose forms post here
        context = _page_context(request, conclusion.meeting_id)
        return render(request, "partners/meeting.html", context)
    form = AssignForm(request.POST)
    if form.is_valid():
        leader = form.cleaned_data["leader"]
        task = submit(
            form,
            lambda: conclusion_assign(actor=request.user, conclusion=conclusion, leader=leader),
        )
        if task is not None:
            messages.success(request, f"Đã giao kết luận thành nhiệm vụ: {task.content[:80]}")
            return redirect(back)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect(back)


def file_view(request: AuthedRequest, pk: int, which: str) -> FileResponse:
    """The minutes or the notice of a meeting the person sees (partners too)."""
    require(request.user, Action.VIEW_MEETINGS)
    meeting = get_object_or_404(
        scope.visible_meetings(request.user).select_related("minutes", "notice"), pk=pk
    )
    found = meeting.minutes if which == "bien-ban" else meeting.notice
    if found is None or which not in ("bien-ban", "thong-bao"):
        raise Http404("Cuộc họp chưa có tệp này.")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
