"""Pages for importing a plan: upload, preview with corrections (htmx per row), commit."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from theodoi.core.access import Action, require
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.forms import submit
from theodoi.imports import selectors, services
from theodoi.imports.forms import RowForm, UploadForm, VersionForm
from theodoi.imports.models import ImportStatus, PlanImport
from theodoi.imports.rows import units_as_text
from theodoi.organisation.models import Unit


def upload_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.IMPORT_PLANS)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        plan = submit(
            form,
            lambda: services.plan_upload(
                actor=request.user,
                file=form.cleaned_data["file"],
                number=form.cleaned_data["number"],
                plan_date=form.cleaned_data["plan_date"],
                title=form.cleaned_data["title"],
            ),
        )
        if plan is not None:
            return redirect("imports:preview", pk=plan.pk)
    return render(
        request,
        "imports/upload.html",
        {"form": form, "imports": selectors.recent_imports(), "active": "imports"},
    )


def _plan(request: HttpRequest, pk: int) -> PlanImport:
    require(request.user, Action.IMPORT_PLANS)
    return get_object_or_404(PlanImport, pk=pk)


def preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    rows = selectors.preview_rows(plan)
    return render(
        request,
        "imports/preview.html",
        {
            "plan": plan,
            "rows": rows,
            "counts": selectors.counts(rows),
            "group_labels": selectors.GROUP_LABELS,
            "editable": plan.status == ImportStatus.PREVIEW,
            "active": "imports",
        },
    )


def _row_context(plan: PlanImport, number: int) -> selectors.PreviewRow:
    for row in selectors.preview_rows(plan):
        if row.data["number"] == number:
            return row
    raise ValidationFailed({"__all__": f"Không có dòng số {number}."})


def row_view(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One previewed row: shown, or its correction form (GET ?sua=1), or the correction saved."""
    plan = _plan(request, pk)
    try:
        row = _row_context(plan, number)
    except ValidationFailed:
        return HttpResponse(status=404)
    context = {
        "plan": plan,
        "row": row,
        "editable": plan.status == ImportStatus.PREVIEW,
        "group_labels": selectors.GROUP_LABELS,
    }
    if request.method == "POST":
        form = RowForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = submit(
                form,
                lambda: services.plan_correct(
                    actor=request.user,
                    plan_import=plan,
                    expected_version=data["version"],
                    number=number,
                    lead=data["lead"],
                    coordinating=data["coordinating"],
                    schedule=data["schedule"],
                    deadline=data["deadline"],
                    skip=data["skip"],
                ),
            )
            if saved is not None:
                if not request.htmx:
                    return redirect("imports:preview", pk=plan.pk)
                plan.refresh_from_db()
                rows = selectors.preview_rows(plan)
                context |= {
                    "plan": plan,
                    "row": next(r for r in rows if r.data["number"] == number),
                    "counts": selectors.counts(rows),
                    "updated": True,
                }
                return render(request, "imports/_row.html", context)
        return render(
            request, "imports/_row_form.html", context | {"form": form, "units": _units()}
        )
    if request.GET.get("sua"):
        data = row.data
        form = RowForm(
            initial={
                "version": plan.version,
                "lead": units_as_text(data["lead"]),
                "coordinating": units_as_text(data["coordinating"]),
                "schedule": data["schedule"],
                "deadline": date.fromisoformat(data["deadline"]) if data["deadline"] else None,
                "skip": data["skip"],
            }
        )
        template = "imports/_row_form.html" if request.htmx else "imports/row_page.html"
        return render(request, template, context | {"form": form, "units": _units()})
    return render(request, "imports/_row.html", context)


def _units() -> list[tuple[str, str]]:
    return list(Unit.objects.filter(valid_to__isnull=True).values_list("code", "name"))


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan = _plan(request, pk)
    form = VersionForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("imports:preview", pk=plan.pk)
    version = form.cleaned_data["version"]
    try:
        if action == "commit":
            plan = services.plan_commit(
                actor=request.user, plan_import=plan, expected_version=version
            )
        else:
            services.plan_discard(actor=request.user, plan_import=plan, expected_version=version)
    except (ValidationFailed, ConflictError) as exc:
        text = " ".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else str(exc)
        messages.error(request, text)
        return redirect("imports:preview", pk=plan.pk)
    if action == "commit":
        s = plan.summary
        messages.success(
            request,
            f"Đã nhập kế hoạch {plan.number}: {len(s['created'])} nhiệm vụ mới, "
            f"{len(s['updated'])} cập nhật, {len(s['unchanged'])} không đổi.",
        )
        return redirect("imports:preview", pk=plan.pk)
    messages.info(request, "Đã bỏ bản xem trước; không có gì được ghi.")
    return redirect("imports:upload")


def commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "commit")


def discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "discard")
