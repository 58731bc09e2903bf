"""The plan's pages under /kiem-tra/ke-hoach/: the years' plans, one plan with the inspections
made from each item, drafting and editing it (the Office) and approving it (a leader)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.inspections import scope
from theodoi.inspections.forms import ApproveForm, ItemForm, ItemFormSet, PlanEditForm, PlanForm
from theodoi.inspections.models import InspectionPlan, PlanItem, PlanState
from theodoi.inspections.planning import Item, plan_approve, plan_draft, plan_edit
from theodoi.tasks.unitlist import names_text


def plan_url(year: int) -> str:
    return reverse("inspections:plan", args=[year])


def plans_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_INSPECTIONS)
    plans = InspectionPlan.objects.select_related("document")
    context = {"plans": plans, "may_draft": can(request.user, Action.DRAFT_INSPECTION_PLANS)}
    return render(request, "inspections/plans.html", context)


def plan_view(request: AuthedRequest, year: int) -> HttpResponse:
    require(request.user, Action.VIEW_INSPECTIONS)
    plan = get_object_or_404(
        InspectionPlan.objects.select_related("document", "approved_by", "drafted_by"), year=year
    )
    visible = scope.visible_inspections(request.user).order_by("start", "id")
    items = plan.items.select_related("conducted_by").prefetch_related(
        "units", Prefetch("inspections", queryset=visible)
    )
    draft = plan.state == PlanState.DRAFT
    context = {
        "plan": plan,
        "items": items,
        "may_edit": draft and can(request.user, Action.DRAFT_INSPECTION_PLANS),
        "may_approve": draft and can(request.user, Action.APPROVE_INSPECTIONS),
        "may_create": not draft and can(request.user, Action.CREATE_INSPECTIONS),
    }
    return render(request, "inspections/plan.html", context)


def _items(formset: "BaseFormSet[ItemForm]") -> list[Item]:
    """The rows filled in: a row marked «Xóa», or with no content, unit or month, is left out."""
    items = []
    for row in formset.forms:
        data = row.cleaned_data
        given = [data.get(name) for name in ("content", "units", "month_from", "month_to")]
        if data.get("DELETE") or not any(given):
            continue
        items.append(
            Item(
                content=data.get("content", ""),
                units=data.get("units") or (),
                conducted_by=data.get("conducted_by"),
                month_from=data.get("month_from"),
                month_to=data.get("month_to"),
            )
        )
    return items


def _plan_form(
    request: AuthedRequest, form: object, formset: object, title: str, back: str
) -> HttpResponse:
    context = {"form": form, "formset": formset, "title": title, "back": back}
    return render(request, "inspections/plan_form.html", context)


@once_per_form
def plan_create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.DRAFT_INSPECTION_PLANS)
    next_year = timezone.localdate().year + 1
    initial = {"year": next_year, "title": f"Kế hoạch kiểm tra năm {next_year}"}
    form = PlanForm(request.POST or None, initial=initial)
    formset = ItemFormSet(request.POST or None, prefix="muc")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        plan = submit(
            form,
            lambda: plan_draft(
                actor=request.user, year=data["year"], title=data["title"], items=_items(formset)
            ),
        )
        if plan is not None:
            messages.success(request, f"Đã lập dự thảo kế hoạch kiểm tra năm {plan.year}.")
            return redirect(plan_url(plan.year))
    back = reverse("inspections:plans")
    return _plan_form(request, form, formset, "Lập kế hoạch kiểm tra", back)


def _draft_or_back(request: AuthedRequest, year: int) -> InspectionPlan | HttpResponse:
    plan = get_object_or_404(InspectionPlan, year=year)
    if plan.state == PlanState.APPROVED:
        messages.error(
            request, f"Kế hoạch kiểm tra năm {year} đã được phê duyệt: không sửa được nữa."
        )
        return redirect(plan_url(year))
    return plan


def _initial_rows(plan: InspectionPlan) -> list[dict[str, object]]:
    rows: list[PlanItem] = list(plan.items.prefetch_related("units"))
    return [
        {
            "content": item.content,
            "units": names_text(list(item.units.all())),
            "conducted_by": item.conducted_by_id,
            "month_from": item.month_from,
            "month_to": item.month_to,
        }
        for item in rows
    ]


def plan_edit_view(request: AuthedRequest, year: int) -> HttpResponse:
    require(request.user, Action.DRAFT_INSPECTION_PLANS)
    found = _draft_or_back(request, year)
    if isinstance(found, HttpResponse):
        return found
    plan = found
    initial = {"title": plan.title, "version": plan.version}
    form = PlanEditForm(request.POST or None, initial=initial)
    formset = ItemFormSet(request.POST or None, prefix="muc", initial=_initial_rows(plan))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        edited = submit(
            form,
            lambda: plan_edit(
                actor=request.user,
                plan=plan,
                expected_version=data["version"],
                title=data["title"],
                items=_items(formset),
            ),
        )
        if edited is not None:
            messages.success(request, f"Đã lưu dự thảo kế hoạch kiểm tra năm {year}.")
            return redirect(plan_url(year))
    title = f"Sửa dự thảo kế hoạch kiểm tra năm {year}"
    return _plan_form(request, form, formset, title, plan_url(year))


@once_per_form
def plan_approve_view(request: AuthedRequest, year: int) -> HttpResponse:
    require(request.user, Action.APPROVE_INSPECTIONS)
    found = _draft_or_back(request, year)
    if isinstance(found, HttpResponse):
        return found
    plan = found
    initial = {"approved_on": timezone.localdate(), "version": plan.version}
    form = ApproveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        approved = submit(
            form,
            lambda: plan_approve(
                actor=request.user,
                plan=plan,
                number=data["number"],
                approved_on=data["approved_on"],
                expected_version=data["version"],
            ),
        )
        if approved is not None:
            messages.success(request, f"Đã phê duyệt kế hoạch kiểm tra năm {year}.")
            return redirect(plan_url(year))
    return form_page(request, form, f"Phê duyệt {plan.title}", plan_url(year))
