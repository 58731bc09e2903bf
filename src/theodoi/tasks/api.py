"""/api/v1/tasks/: the task list, a task with its timeline, and every step of the cycle, as the
pages serve them (`views.task_list`, `views.task_detail`, `action_views.task_act`): the same
access (`core.access`, `scope`), selectors and services (docs/api.md, "Nhiệm vụ (tasks)")."""

from django.utils import timezone
from ninja import Path, Query, Router

from theodoi.api.schemas import Page, answers
from theodoi.core.access import Action, require
from theodoi.core.forms import MAX_ID
from theodoi.core.http import AuthedRequest
from theodoi.tasks.api_reads import detail_of, task_list
from theodoi.tasks.api_schemas import TaskDetail, TaskItem, TaskListQuery
from theodoi.tasks.models import Task
from theodoi.tasks.selectors import task_page, visible_task_or_404

router = Router(tags=["Nhiệm vụ"])

TaskId = Path(..., ge=1, le=MAX_ID, description="id của nhiệm vụ")


@router.get("/", response=answers({200: Page[TaskItem]}, 400, 403), summary="Danh sách nhiệm vụ")
def tasks(request: AuthedRequest, query: Query[TaskListQuery]) -> Page[TaskItem]:
    """The tasks the token's owner may see, with the task list page's filters and search,
    in its order (the best match first when searching, else the nearest deadline)."""
    require(request.user, Action.VIEW_TASKS)
    return task_list(request.user, query, timezone.localdate())


def _detail(request: AuthedRequest, task: Task) -> TaskDetail:
    return detail_of(request, task_page(request.user, task, timezone.localdate()))


@router.get(
    "/{task_id}/",
    response=answers({200: TaskDetail}, 400, 403, 404),
    summary="Một nhiệm vụ và diễn biến",
)
def task(request: AuthedRequest, task_id: int = TaskId) -> TaskDetail:
    """The task with its timeline, people, units and the steps the owner may take now; 404
    for a task the owner may not see (as if it did not exist)."""
    require(request.user, Action.VIEW_TASKS)
    return _detail(request, visible_task_or_404(request.user, task_id))
