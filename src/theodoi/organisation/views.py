from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.audit.presenting import present
from theodoi.audit.selectors import changes_for
from theodoi.core.access import Action, can, require
from theodoi.core.collation import vi_key
from theodoi.core.dates import DateParseError, parse_date
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.organisation import services
from theodoi.organisation.forms import AsOfForm, RenameForm, SuccessionForm, UnitForm
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import unit_history, unit_tree
from theodoi.organisation.suggestions import unit_suggestions


def tree(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_UNITS)
    form = AsOfForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data["ngay"]:
        day = form.cleaned_data["ngay"]
    context = {
        "form": form,
        "day": day,
        "today": timezone.localdate(),
        "roots": unit_tree(day),
        "can_edit": can(request.user, Action.EDIT_UNITS),
    }
    template = "organisation/_tree.html" if request.htmx else "organisation/tree.html"
    return render(request, template, context)


def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_UNITS)
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    show_changes = can(request.user, Action.VIEW_AUDIT)
    return render(
        request,
        "organisation/detail.html",
        {
            "unit": unit,
            "history": unit_history(unit),
            "aliases": list(unit.aliases.all()),
            "children": sorted(unit.children.all(), key=lambda u: vi_key(str(u))),
            "changes": present(changes_for(unit)[:50]) if show_changes else None,
            "can_edit": can(request.user, Action.EDIT_UNITS),
            "can_hand_over": can(request.user, Action.HAND_OVER_TASKS),
        },
    )


@once_per_form
def unit_create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.EDIT_UNITS)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = submit(
            form,
            lambda: services.unit_create(
                actor=request.user,
                aliases=form.alias_list(),
                **{k: data[k] for k in services.UNIT_FIELDS},
            ),
        )
        if unit is not None:
            messages.success(request, f"Đã tạo đơn vị {unit.name}.")
            return redirect("organisation:detail", pk=unit.pk)
    return form_page(request, form, "Thêm đơn vị", reverse("organisation:tree"))


def unit_edit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.EDIT_UNITS)
    unit = get_object_or_404(Unit, pk=pk)
    initial = {k: getattr(unit, k) for k in services.UNIT_FIELDS} | {
        "aliases": "\n".join(unit.aliases.values_list("alias", flat=True)),
        "version": unit.version,
    }
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            lambda: services.unit_update(
                actor=request.user,
                unit=unit,
                expected_version=data["version"] or 0,
                aliases=form.alias_list(),
                reason=data["reason"],
                **{k: data[k] for k in services.UNIT_FIELDS},
            ),
        )
        if saved is not None:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("organisation:detail", pk=unit.pk)
    cancel = reverse("organisation:detail", args=[unit.pk])
    return form_page(request, form, f"Sửa đơn vị: {unit.name}", cancel)


@once_per_form
def rename_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.EDIT_UNITS)
    unit = get_object_or_404(Unit, pk=pk)
    form = RenameForm(request.POST or None, initial={"short_name": unit.short_name})
    if request.method == "POST" and form.is_valid():
        renamed = submit(
            form, lambda: services.unit_rename(actor=request.user, unit=unit, **form.cleaned_data)
        )
        if renamed is not None:
            messages.success(request, "Đã đổi tên; tên cũ vẫn dùng cho các ngày trước đó.")
            return redirect("organisation:detail", pk=unit.pk)
    cancel = reverse("organisation:detail", args=[unit.pk])
    return form_page(request, form, f"Đổi tên: {unit.name}", cancel)


@once_per_form
def succession_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.EDIT_UNITS)
    form = SuccessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        links = submit(
            form,
            lambda: services.unit_succeed(
                actor=request.user,
                predecessors=list(data["predecessors"]),
                successors=list(data["successors"]),
                effective_date=data["effective_date"],
                document=data["document"],
                reason=data["reason"],
            ),
        )
        if links is not None:
            messages.success(request, "Đã ghi nhận sáp nhập/chia tách.")
            return redirect("organisation:tree")
    return form_page(request, form, "Sáp nhập, chia tách đơn vị", reverse("organisation:tree"))


def suggestions_view(request: AuthedRequest) -> JsonResponse:
    """The names a unit field offers (?ngay=dd/mm/yyyy: in force that day, else today)."""
    require(request.user, Action.VIEW_TASKS)
    try:
        day = parse_date(request.GET.get("ngay", ""))
    except DateParseError:
        day = timezone.localdate()
    return JsonResponse({"units": unit_suggestions(day)})
