"""Report types for administrators: the list, a new type, a change to one."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from theodoi.core.access import Action, require
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.reports.forms_types import ReportTypeForm
from theodoi.reports.models import ReportType
from theodoi.reports.opening import reporter_tokens
from theodoi.reports.types import (
    TypeFields,
    due_words,
    parse_sections,
    report_type_create,
    report_type_update,
    reporter_names,
    sections_text,
    window_words,
)


def type_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_REPORT_TYPES)
    types = list(ReportType.objects.select_related("collector").order_by("-active", "name"))
    codes = {code for t in types for code in reporter_tokens(t.reporters)}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    rows = [
        {
            "type": t,
            "collector": unit_label(t.collector),
            "reporters": reporter_names(t.reporters, units),
            "due": due_words(t),
            "window": window_words(t),
        }
        for t in types
    ]
    return render(request, "reports/types/list.html", {"rows": rows})


def _fields(form: ReportTypeForm) -> TypeFields:
    data = form.cleaned_data
    return TypeFields(
        name=data["name"],
        frequency=data["frequency"],
        collector=data["collector"],
        reporters=data["reporters"],
        due_rule=data["due_rule"],
        due_day=data["due_day"],
        window_rule=data["window_rule"],
        window_cutoff_day=data["window_cutoff_day"],
        period_numbers=data["period_numbers"],
        sections=parse_sections(data["sections"]),
        task_table=data["task_table"],
        form_code=data["form_code"],
        source=data["source"],
        active=data["active"],
    )


@once_per_form
def type_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_REPORT_TYPES)
    form = ReportTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = submit(form, lambda: report_type_create(actor=request.user, fields=_fields(form)))
        if made is not None:
            messages.success(request, f"Đã thêm loại báo cáo «{made.name}».")
            return redirect("report_types:list")
    return form_page(request, form, "Thêm loại báo cáo", reverse("report_types:list"))


def type_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_REPORT_TYPES)
    report_type = get_object_or_404(ReportType, pk=pk)
    initial = {
        "name": report_type.name,
        "frequency": report_type.frequency,
        "period_numbers": ", ".join(str(n) for n in report_type.period_numbers),
        "collector": report_type.collector_id,
        "reporters": report_type.reporters,
        "due_rule": report_type.due_rule,
        "due_day": report_type.due_day,
        "window_rule": report_type.window_rule,
        "window_cutoff_day": report_type.window_cutoff_day,
        "sections": sections_text(report_type.sections),
        "task_table": report_type.task_table,
        "form_code": report_type.form_code,
        "source": report_type.source,
        "active": report_type.active,
        "version": report_type.version,
    }
    form = ReportTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = submit(
            form,
            lambda: report_type_update(
                actor=request.user,
                report_type=report_type,
                expected_version=form.cleaned_data["version"] or 0,
                fields=_fields(form),
            ),
        )
        if saved is not None:
            messages.success(request, f"Đã lưu loại báo cáo «{saved.name}».")
            return redirect("report_types:list")
    title = f"Sửa loại báo cáo «{report_type.name}»"
    return form_page(request, form, title, reverse("report_types:list"))
