"""The targets' pages: the list, a target with its periods, chart and units ranked, a new
target (the Office) and an actual with its evidence (the owner unit, the Office)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from theodoi.core.access import Action, can, require
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.forms import apply_service_errors, form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.core.periods import parse_period
from theodoi.targets import charts, pages
from theodoi.targets.actuals import standing, standings
from theodoi.targets.forms import (
    ActualForm,
    RetireForm,
    TargetEditForm,
    TargetForm,
    target_initial,
)
from theodoi.targets.models import Target, TargetFile
from theodoi.targets.retiring import target_retire
from theodoi.targets.rules import may_enter
from theodoi.targets.selectors import all_targets, followed_targets
from theodoi.targets.services import TargetFields, actual_enter, target_create, target_edit
from theodoi.targets.status import RULE
from theodoi.tasks.models import Document


def target_list(request: AuthedRequest) -> HttpResponse:
    """The targets followed; with `?ngung=1` those retired too, marked."""
    require(request.user, Action.VIEW_TARGETS)
    with_retired = request.GET.get("ngung") == "1"
    found = list(all_targets() if with_retired else followed_targets())
    rows = [pages.row_of(item) for item in standings(found)]
    context = {
        "rows": rows,
        "rule": RULE,
        "can_manage": can(request.user, Action.MANAGE_TARGETS),
        "with_retired": with_retired,
    }
    return render(request, "targets/list.html", context)


def _target(code: str) -> Target:
    return get_object_or_404(all_targets(), code=code)


def target_detail(request: AuthedRequest, code: str) -> HttpResponse:
    require(request.user, Action.VIEW_TARGETS)
    item = standing(_target(code))
    target = item.target
    asked, error, ranked = request.GET.get("ky", "").strip(), "", []
    line = None
    try:
        if asked:
            parse_period(asked)
        line = pages.chosen_line(item, asked)
    except ValidationFailed as exc:
        error = " ".join(exc.errors.values())
    if target.is_computed and line is not None:
        ranked = pages.ranking(item, line.period)
    return render(
        request,
        "targets/detail.html",
        {
            "target": target,
            "row": pages.row_of(item),
            "periods": pages.period_rows(item),
            "chart": charts.trend_svg(item),
            "rule": RULE,
            "chosen": line,
            "ranked": ranked,
            "error": error,
            "may_enter": may_enter(request.user, target)
            and not target.is_computed
            and not target.is_retired,
            "may_edit": can(request.user, Action.MANAGE_TARGETS),
        },
    )


def _fields(data: dict[str, Any], document: Document | None = None) -> TargetFields:
    return TargetFields(
        code=data["code"], name=data["name"], value=data["value"], unit=data["unit"],
        direction=data["direction"], deadline=data["deadline"], owner=data["owner"],
        source=data["source"], baseline_value=data["baseline_value"],
        baseline_date=data["baseline_date"], item=data["item"], document=document,
        form_code=data["form_code"], formula=data["formula"],
    )  # fmt: skip


@once_per_form
def target_create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_TARGETS)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = _fields(data)
        made = submit(form, lambda: target_create(actor=request.user, fields=fields))
        if made is not None:
            messages.success(request, f"Đã lập chỉ tiêu «{made.code}».")
            return redirect("targets:detail", made.code)
    return form_page(request, form, "Lập chỉ tiêu", reverse("targets:list"))


def _changed(form: Form, change: Callable[[], Target]) -> tuple[Target | None, int]:
    """Run a change of a target for a valid form: the target changed, or None and the status
    to draw the form again with (409 for a form opened before someone else's change)."""
    try:
        return change(), 200
    except ValidationFailed as exc:
        apply_service_errors(form, exc)
        return None, 200
    except ConflictError as exc:
        form.add_error(None, str(exc))
        return None, 409


def target_edit_view(request: AuthedRequest, code: str) -> HttpResponse:
    """«Sửa chỉ tiêu»: a form carrying the version it shows (sent twice, the second is stale
    and answered 409 with the form, nothing written)."""
    require(request.user, Action.MANAGE_TARGETS)
    target = _target(code)
    form = TargetEditForm(request.POST or None, target=target, initial=target_initial(target))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        edited, status = _changed(
            form,
            lambda: target_edit(
                actor=request.user,
                target=target,
                expected_version=data["version"],
                fields=_fields(data, target.document),
                reason=data["reason"],
            ),
        )
        if edited is not None:
            messages.success(request, f"Đã sửa chỉ tiêu «{edited.code}»; lịch sử giữ giá trị cũ.")
            return redirect("targets:detail", edited.code)
    context = {"form": form, "target": target}
    return render(request, "targets/edit.html", context, status=status)


def target_retire_view(request: AuthedRequest, code: str) -> HttpResponse:
    """«Ngừng theo dõi» a target followed, «Theo dõi lại» one retired: a reason and the
    version the page showed (sent twice, the second is stale and answered 409)."""
    require(request.user, Action.MANAGE_TARGETS)
    target = _target(code)
    form = RetireForm(request.POST or None, initial={"version": target.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed, status = _changed(
            form,
            lambda: target_retire(
                actor=request.user,
                target=target,
                expected_version=data["version"],
                reason=data["reason"],
                retire=not target.is_retired,
            ),
        )
        if changed is not None:
            done = "Đã ngừng theo dõi" if changed.is_retired else "Đã theo dõi lại"
            messages.success(request, f"{done} chỉ tiêu «{changed.code}».")
            return redirect("targets:detail", changed.code)
    context = {"form": form, "target": target}
    return render(request, "targets/retire.html", context, status=status)


@once_per_form
def actual_enter_view(request: AuthedRequest, code: str) -> HttpResponse:
    require(request.user, Action.ENTER_TARGET_ACTUALS)
    target = _target(code)
    if not may_enter(request.user, target):
        raise PermissionDenied("Chỉ đơn vị chủ trì chỉ tiêu và Văn phòng được nhập số thực hiện.")
    item = standing(target)
    form = ActualForm(
        request.POST or None,
        request.FILES or None,
        unit=target.unit,
        initial=pages.entry_initial(item, request.GET.get("ky", "")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = submit(
            form,
            lambda: actual_enter(
                actor=request.user,
                target=target,
                period=data["period"],
                value=data["value"],
                evidence=data["evidence"],
                expected_number=data["number"] or 0,
                reason=data["reason"],
                files=data["evidence_files"],
            ),
        )
        if made is not None:
            messages.success(request, f"Đã ghi số thực hiện {made.period} (lần {made.number}).")
            return redirect("targets:detail", target.code)
    return render(
        request,
        "targets/enter.html",
        {"form": form, "target": target, "row": pages.row_of(item)},
    )


def evidence_file(request: AuthedRequest, pk: int) -> FileResponse:
    require(request.user, Action.VIEW_TARGETS)
    kept = TargetFile.objects.filter(pk=pk).first()
    if kept is None:
        raise Http404("Không có tệp này.")
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=kept.name)
