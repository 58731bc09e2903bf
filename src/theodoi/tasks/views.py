"""Pages of the register: documents, the task list and export, a task, my work, statistics."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.core.access import Action, can, require
from theodoi.core.forms import form_page, submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.core.paging import ListPaginator, kept_query
from theodoi.organisation.models import Unit
from theodoi.organisation.selectors import Registry
from theodoi.tasks import export, search, services
from theodoi.tasks.filters import TaskFilterForm
from theodoi.tasks.forms import (
    DocumentEditForm,
    DocumentForm,
    HandoverForm,
    TaskForm,
    draft_fields,
)
from theodoi.tasks.handover import handover_for, tasks_hand_over
from theodoi.tasks.links import task_list_url
from theodoi.tasks.models import Document
from theodoi.tasks.obstacles import reads as obstacle_reads
from theodoi.tasks.obstacles import rules as obstacle_rules
from theodoi.tasks.obstacles.rules import ObstacleAct
from theodoi.tasks.scope import visible_attachment, visible_documents, visible_tasks
from theodoi.tasks.selectors import (
    document_changes,
    document_list,
    filter_tasks,
    full_queryset,
    list_queryset,
    my_work,
    search_tasks,
    task_page,
    task_rows,
    visible_task_or_404,
)
from theodoi.tasks.selectors.listed import listed_rows, listed_values
from theodoi.tasks.stats import VIEW_LABELS, statistics, statistics_table, statistics_unit

PAGE_SIZE = 50
SEARCH_COUNT_CAP = search.COUNT_CAP  # a text search counts its matches up to here (docs/tasks.md)
LIST_COUNT_CAP = 10000  # any other list counts up to here


def task_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    units = Registry()  # read once, if at all, for the unit select, a unit filter and scope
    form = TaskFilterForm(request.GET or None, units=units)
    today = form.as_of()  # "Ngày thống kê": the classes (in time, overdue…) as of that day
    filters = form.filters()
    found = search_tasks(request.user, filters, today, units)
    cap = SEARCH_COUNT_CAP if filters.q.strip() else LIST_COUNT_CAP
    rows = listed_values(found.listed)  # counted without the joins of the names it shows
    paginator = ListPaginator(
        rows, PAGE_SIZE, cap, found.count, counted=found.counted, window=found.window
    )
    page = paginator.get_page(request.GET.get("trang"))
    context = {
        "form": form,
        "page": page,
        "rows": listed_rows(page.object_list, today, filters.view, units),
        "query": form.query_without_page(),
    }
    template = "tasks/_list_results.html" if request.htmx else "tasks/list.html"
    return render(request, template, context)


def task_export(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    form = TaskFilterForm(request.GET or None)
    today = form.as_of()
    filters = form.filters()
    tasks = full_queryset(filter_tasks(request.user, filters, today))
    title = export.ExportTitle(
        filters=form.described(),
        as_of=today,
        made_at=timezone.localtime(),
        made_by=request.user.full_name or request.user.username,
    )
    return export.xlsx_response(tasks, filters.view, title)


def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    task = visible_task_or_404(request.user, pk)
    today = timezone.localdate()
    page = task_page(request.user, task, today)
    return render(
        request,
        "tasks/detail.html",
        {
            "p": page,
            "task": task,
            "obstacles": obstacle_reads.for_task(task, today),
            "can_raise": obstacle_rules.allows(request.user, ObstacleAct.RAISE, task=task),
        },
    )


def my_work_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    sections = my_work(request.user, timezone.localdate())
    return render(
        request,
        "tasks/my_work.html",
        {"sections": sections},
    )


def stats_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_STATS)
    form = TaskFilterForm(request.GET or None)
    as_of = form.as_of()
    view = form.filters().view
    result = statistics(as_of, view, statistics_unit(request.user))
    return render(
        request,
        "tasks/stats.html",
        {
            "result": result,
            "as_of": as_of,
            "view": view,
            "views": VIEW_LABELS,
            "table": statistics_table(result),
        },
    )


# Documents ----------------------------------------------------------------------------------


def document_list_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    q = request.GET.get("q", "")
    documents = document_list(request.user, q)
    page = ListPaginator(documents, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "tasks/documents.html",
        {
            "page": page,
            "q": q,
            "query": kept_query(q=q),
            "can_register": can(request.user, Action.REGISTER_DOCUMENTS),
        },
    )


def _document_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.DOCUMENT_FIELDS}


@once_per_form
def document_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.REGISTER_DOCUMENTS)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = submit(
            form,
            lambda: services.document_register(
                actor=request.user, files=data["files"], **_document_fields(data)
            ),
        )
        if document is not None:
            messages.success(request, f"Đã vào sổ văn bản {document}.")
            return redirect("tasks:document", pk=document.pk)
    return form_page(request, form, "Vào sổ văn bản chỉ đạo", reverse("tasks:documents"))


@once_per_form
def document_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.REGISTER_DOCUMENTS)
    document = get_object_or_404(Document, pk=pk)
    initial = {f: getattr(document, f) for f in services.DOCUMENT_FIELDS}
    initial["version"] = document.version
    form = DocumentEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        updated = submit(
            form,
            lambda: services.document_update(
                actor=request.user,
                document=document,
                expected_version=data["version"],
                reason=data["reason"],
                files=data["files"],
                **_document_fields(data),
            ),
        )
        if updated is not None:
            messages.success(request, f"Đã sửa văn bản {updated}; lịch sử giữ giá trị cũ.")
            return redirect("tasks:document", pk=document.pk)
    cancel = reverse("tasks:document", args=[document.pk])
    return form_page(request, form, f"Sửa văn bản {document}", cancel)


def document_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    document = get_object_or_404(visible_documents(request.user), pk=pk)
    today = timezone.localdate()
    tasks = list_queryset(
        visible_tasks(request.user).filter(document=document, parent__isnull=True)
    )
    return render(
        request,
        "tasks/document.html",
        {
            "document": document,
            "files": list(document.attachments.all()),
            "rows": task_rows(list(tasks.order_by("code", "id")), today),
            "can_register": can(request.user, Action.REGISTER_DOCUMENTS),
            "changes": document_changes(document),
            "list_url": task_list_url(document_id=document.pk),
        },
    )


@once_per_form
def task_create(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.REGISTER_DOCUMENTS)
    document = get_object_or_404(Document, pk=pk)
    form = TaskForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        task = submit(
            form,
            lambda: services.task_create(
                actor=request.user,
                document=document,
                files=form.cleaned_data["files"],
                **draft_fields(form.cleaned_data),
            ),
        )
        if task is not None:
            messages.success(request, "Đã ghi dự thảo nhiệm vụ.")
            if "them_nua" in request.POST:
                return redirect("tasks:task_create", pk=document.pk)
            return redirect("tasks:detail", pk=task.pk)
    return form_page(
        request,
        form,
        f"Thêm nhiệm vụ từ {document}",
        reverse("tasks:document", args=[pk]),
    )


def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    require(request.user, Action.VIEW_TASKS)
    attachment = visible_attachment(request.user, pk)
    if attachment is None:
        raise Http404("Không có tệp này hoặc bạn không được xem.")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@once_per_form
def handover_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a unit's unfinished tasks to its successor (tasks.handover)."""
    require(request.user, Action.HAND_OVER_TASKS)
    unit = get_object_or_404(Unit, pk=pk)
    handover = handover_for(unit, timezone.localdate())
    form = HandoverForm(request.POST or None, handover=handover)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = submit(
            form,
            lambda: tasks_hand_over(
                actor=request.user,
                unit=unit,
                successor=data["successor"],
                led=data["led"],
                coordinated=data["coordinated"],
                reason=data["reason"],
            ),
        )
        if result is not None:
            messages.success(
                request,
                f"Đã chuyển {result.led} nhiệm vụ chủ trì và {result.coordinated} nhiệm vụ "
                f"phối hợp từ {unit.name} sang {data['successor'].name}.",
            )
            return redirect(task_list_url(unit_id=data["successor"].pk))
    context = {
        "form": form,
        "handover": handover,
        "selected_led": _selected(request, "led", handover.led),
        "selected_coordinated": _selected(request, "coordinated", handover.coordinated),
        "perms_units": can(request.user, Action.EDIT_UNITS),
    }
    return render(request, "tasks/handover.html", context)


def _selected(request: AuthedRequest, name: str, tasks: list[Any]) -> set[int]:
    """Every task is ticked at first; after a refusal, what the person had ticked."""
    if request.method != "POST":
        return {t.pk for t in tasks}
    return {int(v) for v in request.POST.getlist(name) if v.isdigit()}
