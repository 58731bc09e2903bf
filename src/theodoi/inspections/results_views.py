"""The pages that request records, record the report, send it to the partner, issue the
results notice and turn a recommendation into a task (docs/inspections.md, "Hồ sơ, báo cáo,
thông báo và kiến nghị"). Thin: the forms read, the services decide."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from theodoi.core.access import Action, require
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.inspections import scope
from theodoi.inspections.models import Inspection
from theodoi.inspections.notices import notice_issue, recommendation_assign
from theodoi.inspections.records import records_request
from theodoi.inspections.reporting import report_record, report_send_to_partner
from theodoi.inspections.results_forms import (
    AssignForm,
    NoticeForm,
    ReportForm,
    RequestForm,
    SendForm,
)
from theodoi.partners.models import Side


def _managed(request: AuthedRequest, pk: int) -> Inspection:
    require(request.user, Action.WORK_ON_INSPECTIONS)
    inspection = get_object_or_404(scope.visible_inspections(request.user), pk=pk)
    if not scope.may_manage(request.user, inspection):
        raise PermissionDenied("Chỉ Văn phòng và thành viên Đoàn kiểm tra thực hiện việc này.")
    return inspection


def _detail(pk: int, anchor: str) -> str:
    return reverse("inspections:detail", args=[pk]) + anchor


def _page(request: AuthedRequest, inspection: Inspection, form: Any, title: str) -> HttpResponse:
    context = {
        "form": form,
        "title": f"{title} — {inspection.title}",
        "cancel_url": _detail(inspection.pk, ""),
        "submit_label": title,
    }
    return render(request, "core/form.html", context)


@once_per_form
def request_view(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = _managed(request, pk)
    form = RequestForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = submit(
            form,
            lambda: records_request(
                actor=request.user,
                inspection=inspection,
                unit=data["unit"],
                content=data["content"],
                due=data["due"],
                leader=data["leader"],
            ),
        )
        if made is not None:
            messages.success(request, f"Đã gửi yêu cầu cung cấp hồ sơ cho {made.unit}.")
            return redirect(_detail(pk, "#yeu-cau-ho-so"))
    return _page(request, inspection, form, "Yêu cầu cung cấp hồ sơ")


@once_per_form
def report_view(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = _managed(request, pk)
    partner_hosts = inspection.is_joint and inspection.host == Side.PARTNER
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        inspection=inspection,
        partner_hosts=partner_hosts,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received = [data["received"]] if data.get("received") else []
        made = submit(
            form,
            lambda: report_record(
                actor=request.user,
                inspection=inspection,
                reported_on=data["reported_on"],
                evaluation=data["evaluation"],
                shortcomings=data["shortcomings"],
                recommendations=form.recommendations(),
                number=data["number"],
                received=received,
            ),
        )
        if made is not None:
            messages.success(request, "Đã ghi báo cáo kết quả kiểm tra.")
            return redirect(_detail(pk, "#ket-qua"))
    return _page(request, inspection, form, "Báo cáo kết quả kiểm tra")


@once_per_form
def send_view(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = _managed(request, pk)
    form = SendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["sent_on"]
        made = submit(
            form,
            lambda: report_send_to_partner(actor=request.user, inspection=inspection, sent_on=day),
        )
        if made is not None:
            messages.success(request, "Đã ghi nhận gửi báo cáo cho bên đối tác.")
            return redirect(_detail(pk, "#ket-qua"))
    return _page(request, inspection, form, "Gửi báo cáo cho bên đối tác")


@once_per_form
def notice_view(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = _managed(request, pk)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = submit(
            form,
            lambda: notice_issue(
                actor=request.user,
                inspection=inspection,
                number=data["number"],
                issued_on=data["issued_on"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
            ),
        )
        if made is not None:
            messages.success(request, f"Đã ban hành {made.title}.")
            return redirect(_detail(pk, "#ket-qua"))
    return _page(request, inspection, form, "Thông báo kết quả kiểm tra")


@once_per_form
def assign_view(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    """POST "Giao thành nhiệm vụ" from the results section: the recommendation `number` of
    the inspection becomes a follow-up task."""
    inspection = _managed(request, pk)
    recommendation = get_object_or_404(inspection.recommendations, order=number)
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        leader = form.cleaned_data["leader"]
        task = submit(
            form,
            lambda: recommendation_assign(
                actor=request.user, recommendation=recommendation, leader=leader
            ),
        )
        if task is not None:
            messages.success(request, f"Đã giao kiến nghị {number} thành nhiệm vụ.")
            return redirect(_detail(pk, "#ket-qua"))
    return _page(request, inspection, form, f"Giao kiến nghị {number} thành nhiệm vụ")
