"""The inspection file's pages (Art. 18): its section on the inspection's page, adding a paper,
handing the file to the archive, and opening the files the inspection keeps itself."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.access import Action, require
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.inspections import scope
from theodoi.inspections.dossier import archive_blockers, attachment_ids, dossier, dossiers
from theodoi.inspections.file_forms import ArchiveForm, FileItemForm
from theodoi.inspections.filing import NOT_PERMITTED, file_archive, file_item_add
from theodoi.inspections.models import FileLetter, Inspection
from theodoi.tasks.models import Attachment


def file_context(inspection: Inspection, user: User) -> dict[str, Any]:
    """What the section `_file.html` shows, for an inspection read `with_papers` (the file's
    8 queries, and may_manage's)."""
    found = dossiers([inspection], timezone.localdate())[inspection.pk]
    blockers = archive_blockers(found)
    return {
        "dossier": found,
        "file_missing": [FileLetter(letter).label for letter in found.missing],
        "file_may_manage": inspection.archived_on is None and scope.may_manage(user, inspection),
        "file_blockers": [f"{b}) {FileLetter(b).label}" for b in blockers],
    }


def _back(inspection: Inspection) -> str:
    return reverse("inspections:detail", args=[inspection.pk]) + "#ho-so"


def _managed(request: AuthedRequest, pk: int) -> Inspection:
    require(request.user, Action.WORK_ON_INSPECTIONS)
    inspection = get_object_or_404(scope.visible_inspections(request.user), pk=pk)
    if not scope.may_manage(request.user, inspection):
        raise PermissionDenied(NOT_PERMITTED)
    return inspection


@once_per_form
def add_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """«Thêm tài liệu vào hồ sơ»: one paper under one letter."""
    inspection = _managed(request, pk)
    initial = {"letter": request.GET.get("muc", "")}
    form = FileItemForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = submit(
            form,
            lambda: file_item_add(
                actor=request.user,
                inspection=inspection,
                letter=data["letter"],
                title=data["title"],
                upload=data["file"],
            ),
        )
        if item is not None:
            messages.success(request, f"Đã thêm «{item.title}» vào mục {item.letter}) hồ sơ.")
            return redirect(_back(inspection))
    context = {
        "form": form,
        "title": f"Thêm tài liệu vào hồ sơ kiểm tra: {inspection.title}",
        "intro": "Tài liệu hệ thống đã có (quyết định, văn bản giao nhiệm vụ, đôn đốc, báo cáo, "
        "thông báo) tự vào hồ sơ; ở đây thêm biên bản, ý kiến chỉ đạo và tài liệu khác.",
        "submit_label": "Thêm vào hồ sơ",
        "cancel_url": _back(inspection),
    }
    return render(request, "core/form.html", context)


def archive_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """«Bàn giao hồ sơ lưu trữ» (Art. 18.2). A second sending finds the file archived."""
    inspection = _managed(request, pk)
    form = ArchiveForm(request.POST or None, initial={"archived_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: file_archive(
                actor=request.user,
                inspection=inspection,
                archived_on=data["archived_on"],
                note=data["note"],
            ),
        )
        if done is not None:
            messages.success(
                request, f"Đã ghi nhận bàn giao hồ sơ lưu trữ ngày {done.archived_on:%d/%m/%Y}."
            )
            return redirect(_back(inspection))
    context = {
        "form": form,
        "title": f"Bàn giao hồ sơ kiểm tra cho Văn phòng lưu trữ: {inspection.title}",
        "intro": "Sau khi bàn giao, hồ sơ không thêm tài liệu được nữa (Điều 18.2).",
        "submit_label": "Bàn giao lưu trữ",
        "cancel_url": _back(inspection),
    }
    return render(request, "core/form.html", context)


def download_view(request: AuthedRequest, pk: int, file_id: int) -> FileResponse:
    """A file the inspection keeps itself (decision, report, notice, papers added): for those
    who see the inspection."""
    require(request.user, Action.VIEW_INSPECTIONS)
    inspection = get_object_or_404(scope.visible_inspections(request.user), pk=pk)
    if file_id not in attachment_ids(dossier(inspection, timezone.localdate())):
        raise Http404("Không có tệp này trong hồ sơ kiểm tra.")
    attachment = get_object_or_404(Attachment, pk=file_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
