"""Creating an inspection (/kiem-tra/them/, ad hoc, or ?muc=<item> from an approved plan's
item) and editing it before its decision (/kiem-tra/<pk>/sua/)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.core.access import Action, can, require
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.inspections import checks, scope
from theodoi.inspections.creation import (
    Details,
    decided_message,
    inspection_create,
    inspection_edit,
)
from theodoi.inspections.forms import InspectionForm, documents_text
from theodoi.inspections.models import Ground, Inspection, Kind, PlanItem, PlanState
from theodoi.organisation.models import Unit
from theodoi.tasks.unitlist import names_text

ITEM = "muc"


def _details(data: dict[str, Any]) -> Details:
    return Details(
        title=data["title"],
        units=data["units"],
        start=data["start"],
        end=data["end"],
        ground=data.get("ground", ""),
        ground_detail=data.get("ground_detail", ""),
        conducted_by=data["conducted_by"],
        documents=data["documents"],
        legal_basis=data["legal_basis"],
        scope=data["scope"],
        content=data["content"],
        partner_unit=data["partner_unit"],
        host=data["host"],
    )


def _item(request: AuthedRequest) -> PlanItem | None:
    given = request.GET.get(ITEM, "")
    if not given.isdigit() or len(given) > 18:
        return None
    return get_object_or_404(
        PlanItem.objects.select_related("plan", "conducted_by"),
        pk=int(given),
        plan__state=PlanState.APPROVED,
    )


def _page(request: AuthedRequest, form: InspectionForm, **context: object) -> HttpResponse:
    return render(request, "inspections/inspection_form.html", {"form": form, **context})


@once_per_form
def create_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.CREATE_INSPECTIONS)
    item = _item(request)
    office = Unit.objects.filter(code=checks.OFFICE).first()
    initial: dict[str, object] = {"conducted_by": office.pk if office else None}
    if item is not None:
        initial = {
            "title": f"Kiểm tra {item.content[:200]}",
            "kind": Kind.PERIODIC,
            "units": names_text(list(item.units.all())),
            "conducted_by": item.conducted_by_id,
            "content": item.content,
        }
    form = InspectionForm(request.POST or None, initial=initial, planned=item is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = _details(data)
        made = submit(
            form,
            lambda: inspection_create(
                actor=request.user,
                kind=data.get("kind") or Kind.AD_HOC,
                plan_item=item,
                **vars(details),
            ),
        )
        if made is not None:
            messages.success(request, "Đã tạo cuộc kiểm tra.")
            return redirect(reverse("inspections:detail", args=[made.pk]))
    title = "Tạo cuộc kiểm tra theo kế hoạch" if item else "Tạo cuộc kiểm tra đột xuất"
    back = reverse("inspections:list")
    if item is not None:
        back = reverse("inspections:plan", args=[item.plan.year])
    return _page(request, form, title=title, item=item, back=back)


def edit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.CREATE_INSPECTIONS)
    inspection = get_object_or_404(
        scope.visible_inspections(request.user).select_related("decision", "plan_item__plan"),
        pk=pk,
    )
    back = reverse("inspections:detail", args=[pk])
    if inspection.decision is not None:
        messages.error(request, decided_message(inspection))
        return redirect(back)
    initial = _initial(inspection)
    planned = inspection.kind != Kind.AD_HOC
    form = InspectionForm(request.POST or None, initial=initial, planned=planned, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        edited = submit(
            form,
            lambda: inspection_edit(
                actor=request.user,
                inspection=inspection,
                expected_version=data["version"],
                details=_details(data),
            ),
        )
        if edited is not None:
            messages.success(request, "Đã lưu cuộc kiểm tra.")
            return redirect(back)
    title = f"Sửa cuộc kiểm tra: {inspection.title}"
    return _page(request, form, title=title, item=inspection.plan_item, back=back)


def _initial(inspection: Inspection) -> dict[str, object]:
    return {
        "title": inspection.title,
        "ground": inspection.ground,
        "ground_detail": inspection.ground_detail,
        "units": names_text(list(inspection.units.all())),
        "conducted_by": inspection.conducted_by_id,
        "start": inspection.start,
        "end": inspection.end,
        "documents": documents_text(list(inspection.documents.all())),
        "legal_basis": inspection.legal_basis,
        "scope": inspection.scope,
        "content": inspection.content,
        "partner_unit": inspection.partner_unit_id,
        "host": inspection.host,
        "version": inspection.version,
    }


def origin_context(inspection: Inspection, user: User) -> dict[str, object]:
    """For the inspection's page: where it comes from (the plan's item, or its ground) and
    whether the person may still edit it (the Office, before the decision)."""
    item = inspection.plan_item
    return {
        "origin_item": item,
        "origin_plan_year": item.plan.year if item is not None else None,
        "origin_ground": Ground(inspection.ground).label if inspection.ground else "",
        "may_edit_inspection": inspection.decision_id is None
        and can(user, Action.CREATE_INSPECTIONS),
    }
