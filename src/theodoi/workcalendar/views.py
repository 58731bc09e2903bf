from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.workcalendar import services
from theodoi.workcalendar.forms import OverrideForm, WithdrawForm
from theodoi.workcalendar.models import CalendarOverride
from theodoi.workcalendar.selectors import year_grid


def current_year(request: AuthedRequest) -> HttpResponse:
    return redirect("workcalendar:year", year=timezone.localdate().year)


def year_view(request: AuthedRequest, year: int) -> HttpResponse:
    require(request.user, Action.VIEW_CALENDAR)
    if not 1990 <= year <= 2100:
        raise Http404("Năm ngoài phạm vi")
    calendar = services.get_calendar()
    days_off, make_up = calendar.year_exceptions(year)
    return render(
        request,
        "workcalendar/year.html",
        {
            "year": year,
            "months": year_grid(calendar, year),
            "days_off": days_off,
            "make_up": make_up,
            "overrides": [o for o in calendar.overrides.values() if o.date.year == year],
            "can_edit": can(request.user, Action.EDIT_CALENDAR),
            "weekdays": ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
        },
    )


def _page(request: AuthedRequest, form: Form, title: str, year: int) -> HttpResponse:
    cancel = reverse("workcalendar:year", args=[year])
    return form_page(request, form, title, cancel)


@once_per_form
def override_create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.EDIT_CALENDAR)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        override = submit(
            form,
            lambda: services.override_create(
                actor=request.user,
                day=data["day"],
                kind=data["kind"],
                document=data["document"],
                note=data["note"],
            ),
        )
        if override is not None:
            messages.success(request, f"Đã ghi điều chỉnh lịch: {override}.")
            return redirect("workcalendar:year", year=override.date.year)
    return _page(request, form, "Thêm điều chỉnh lịch", timezone.localdate().year)


def override_edit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.EDIT_CALENDAR)
    override = get_object_or_404(CalendarOverride, pk=pk)
    initial = {
        "day": override.date,
        "kind": override.kind,
        "document": override.document,
        "note": override.note,
        "version": override.version,
    }
    form = OverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            lambda: services.override_update(
                actor=request.user,
                override=override,
                expected_version=data["version"] or 0,
                day=data["day"],
                kind=data["kind"],
                document=data["document"],
                note=data["note"],
                reason=data["reason"],
            ),
        )
        if saved is not None:
            messages.success(request, "Đã lưu điều chỉnh lịch.")
            return redirect("workcalendar:year", year=data["day"].year)
    return _page(request, form, f"Sửa điều chỉnh lịch {override}", override.date.year)


def override_delete_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.EDIT_CALENDAR)
    override = get_object_or_404(CalendarOverride, pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = override.date.year
        services.override_delete(
            actor=request.user, override=override, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "Đã hủy điều chỉnh; nhật ký vẫn lưu nội dung cũ.")
        return redirect("workcalendar:year", year=year)
    return _page(request, form, f"Hủy điều chỉnh lịch {override}", override.date.year)
