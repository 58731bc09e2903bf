"""Pages for importing a plan: upload, preview with corrections (htmx per row), commit."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from theodoi.core.access import Action, require
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.imports import selectors, services
from theodoi.imports.forms import RowForm, UploadForm, VersionForm
from theodoi.imports.models import ImportStatus, PlanImport
from theodoi.imports.rows import units_as_text
from theodoi.organisation.forms import UnitPickerInput


@once_per_form
def upload_view(request: AuthedRequest) -> HttpResponse:
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
                signer=form.cleaned_data["signer"],
                signer_name=form.cleaned_data["signer_name"],
                reimport=form.cleaned_data["reimport"],
            ),
        )
        if plan is not None:
            return redirect("imports:preview", pk=plan.pk)
    return render(
        request,
        "imports/upload.html",
        {"form": form, "imports": selectors.recent_imports()},
    )


def _plan(request: AuthedRequest, pk: int) -> PlanImport:
    require(request.user, Action.IMPORT_PLANS)
    return get_object_or_404(PlanImport, pk=pk)


def preview_view(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return render(
        request,
        "imports/preview.html",
        {
            "plan": plan,
            "rows": selectors.preview_rows(plan),
            "counts": selectors.counts(plan.rows),
            "editable": plan.status == ImportStatus.PREVIEW,
            "first_flagged": selectors.first_flagged(plan.rows),
        },
    )


def row_view(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    """One previewed row: shown, or its correction form (GET ?sua=1), or the correction saved."""
    plan = _plan(request, pk)
    row = selectors.preview_row(plan, number)
    if row is None:
        raise Http404(f"Không có dòng số {number}.")
    context = {"plan": plan, "row": row, "editable": plan.status == ImportStatus.PREVIEW}
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
                    content=data["content"],
                    product=data["product"],
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
                context |= {
                    "plan": plan,
                    "row": selectors.preview_row(plan, number),
                    "counts": selectors.counts(plan.rows),
                    "updated": True,
                }
                return render(request, "imports/_row.html", context)
        return render(request, "imports/_row_form.html", context | _form_context(plan, form))
    if request.GET.get("sua"):
        data = row.data
        form = RowForm(
            initial={
                "version": plan.version,
                "content": data["content"],
                "product": data["product"],
                "lead": units_as_text(data["lead"]),
                "coordinating": units_as_text(data["coordinating"]),
                "schedule": data["schedule"],
                "deadline": date.fromisoformat(data["deadline"]) if data["deadline"] else None,
                "skip": data["skip"],
            }
        )
        template = "imports/_row_form.html" if request.htmx else "imports/row_page.html"
        return render(request, template, context | _form_context(plan, form))
    return render(request, "imports/_row.html", context)


def _form_context(plan: PlanImport, form: RowForm) -> dict[str, object]:
    """The form, its unit fields offering the units in force on the plan's date."""
    for name in ("lead", "coordinating"):
        form.fields[name].widget = UnitPickerInput(plan.plan_date)
    return {"form": form}


def _posted_version(request: AuthedRequest) -> int | None:
    form = VersionForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return None
    return form.cleaned_data["version"]


def _refused(request: AuthedRequest, plan: PlanImport, exc: Exception) -> HttpResponse:
    text = " ".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else str(exc)
    messages.error(request, text)
    return redirect("imports:preview", pk=plan.pk)


def commit_view(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    version = _posted_version(request)
    if version is None:
        return redirect("imports:preview", pk=plan.pk)
    try:
        plan = services.plan_commit(actor=request.user, plan_import=plan, expected_version=version)
    except (ValidationFailed, ConflictError) as exc:
        return _refused(request, plan, exc)
    done = plan.summary
    text = (
        f"Đã nhập kế hoạch {plan.number}: {len(done['created'])} nhiệm vụ mới, "
        f"{len(done['updated'])} cập nhật, {len(done['unchanged'])} không đổi."
    )
    if done["conflicts"]:
        text += (
            f" {len(done['conflicts'])} dòng chưa cập nhật vì nhiệm vụ vừa được thay đổi "
            "trong lúc nhập (xem danh sách bên dưới)."
        )
    messages.success(request, text)
    return redirect("imports:preview", pk=plan.pk)


def discard_view(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    version = _posted_version(request)
    if version is None:
        return redirect("imports:preview", pk=plan.pk)
    try:
        services.plan_discard(actor=request.user, plan_import=plan, expected_version=version)
    except ConflictError as exc:
        return _refused(request, plan, exc)
    messages.info(request, "Đã bỏ bản xem trước; không có gì được ghi.")
    return redirect("imports:upload")
