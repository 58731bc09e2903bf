"""Pages of difficulties: raise one from a task, the Office's queue (and its export), one
obstacle with its history, the Office referring it and the leader deciding. Thin: the access is
`rules`, the writes `services`, the reads `reads`."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from theodoi.core.access import Action, require
from theodoi.core.forms import submit
from theodoi.core.http import AuthedRequest
from theodoi.core.once import once_per_form
from theodoi.core.paging import ListPaginator, kept_query
from theodoi.tasks.links import task_url
from theodoi.tasks.models import Obstacle
from theodoi.tasks.obstacles import export, reads, services
from theodoi.tasks.obstacles.forms import DecideForm, QueueFilterForm, RaiseForm, ReferForm
from theodoi.tasks.obstacles.rules import ObstacleAct, allows, refusal
from theodoi.tasks.selectors import visible_task_or_404
from theodoi.workcalendar.services import get_calendar

PAGE_SIZE = 50


def _refuse(request: AuthedRequest, act: ObstacleAct, **on: Any) -> None:
    refused = refusal(request.user, act, **on)
    if refused is not None:
        raise PermissionDenied(refused[1])


def _visible(request: AuthedRequest, pk: int) -> Obstacle:
    require(request.user, Action.VIEW_TASKS)
    obstacle = reads.get_obstacle(pk)
    if obstacle is None or not allows(request.user, ObstacleAct.SEE, obstacle=obstacle):
        raise Http404("Không có khó khăn, vướng mắc này hoặc bạn không được xem.")
    return obstacle


@once_per_form
def obstacle_raise(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW_TASKS)
    task = visible_task_or_404(request.user, pk)
    _refuse(request, ObstacleAct.RAISE, task=task)
    form = RaiseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = submit(
            form,
            lambda: services.obstacle_raise(
                actor=request.user,
                task=task,
                difficulty=data["difficulty"],
                proposal=data["proposal"],
                files=data["files"],
            ),
        )
        if made is not None:
            messages.success(request, "Đã gửi khó khăn, vướng mắc về Văn phòng.")
            return redirect("tasks:obstacle", pk=made.pk)
    return render(
        request,
        "tasks/obstacles/form.html",
        {"form": form, "task": task, "title": "Nêu khó khăn, vướng mắc", "back": task_url(task.pk)},
    )


def obstacle_queue(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_OBSTACLES)
    form = QueueFilterForm(request.GET or None)
    status = form.status()
    page = ListPaginator(reads.queue(status), PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = reads.rows_of(list(page.object_list), timezone.localdate(), get_calendar())
    return render(
        request,
        "tasks/obstacles/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": kept_query(trang_thai=status),
            "status": status,
        },
    )


def obstacle_export(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.VIEW_OBSTACLES)
    status = QueueFilterForm(request.GET or None).status()
    return export.xlsx_response(reads.queue(status), timezone.localdate())


def obstacle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    obstacle = _visible(request, pk)
    user = request.user
    return render(
        request,
        "tasks/obstacles/detail.html",
        {
            "p": reads.obstacle_page(obstacle, timezone.localdate()),
            "can_refer": allows(user, ObstacleAct.REFER, obstacle=obstacle),
            "can_decide": allows(user, ObstacleAct.DECIDE, obstacle=obstacle),
        },
    )


@once_per_form
def obstacle_refer(request: AuthedRequest, pk: int) -> HttpResponse:
    obstacle = _visible(request, pk)
    _refuse(request, ObstacleAct.REFER, obstacle=obstacle)
    form = ReferForm(request.POST or None, initial={"version": obstacle.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: services.obstacle_refer(
                actor=request.user,
                obstacle=obstacle,
                expected_version=data["version"],
                leader=data["leader"],
                note=data["note"],
            ),
        )
        if done is not None:
            messages.success(request, f"Đã trình lãnh đạo {data['leader']}.")
            return redirect("tasks:obstacle", pk=obstacle.pk)
    return _stage_page(request, form, obstacle, "Trình lãnh đạo")


@once_per_form
def obstacle_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    obstacle = _visible(request, pk)
    _refuse(request, ObstacleAct.DECIDE, obstacle=obstacle)
    form = DecideForm(request.POST or None, initial={"version": obstacle.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: services.obstacle_decide(
                actor=request.user,
                obstacle=obstacle,
                expected_version=data["version"],
                decision=data["decision"],
            ),
        )
        if done is not None:
            messages.success(request, "Đã ghi ý kiến chỉ đạo và gửi lại đơn vị.")
            return redirect("tasks:obstacle", pk=obstacle.pk)
    return _stage_page(request, form, obstacle, "Cho ý kiến chỉ đạo")


def _stage_page(request: AuthedRequest, form: Any, obstacle: Obstacle, title: str) -> HttpResponse:
    return render(
        request,
        "tasks/obstacles/form.html",
        {
            "form": form,
            "task": obstacle.task,
            "obstacle": reads.rows_of([obstacle], timezone.localdate(), get_calendar())[0],
            "title": title,
            "back": services.obstacle_url(obstacle),
        },
    )
