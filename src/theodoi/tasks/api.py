"""/api/v1/tasks/: the task list, a task with its timeline, and every step of the cycle, as the
pages serve them (`views.task_list`, `views.task_detail`, `action_views.task_act`): the same
access (`core.access`, `scope`), selectors and services (docs/api.md, "Nhiệm vụ (tasks)")."""

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from ninja import Header, Path, Query, Router

from theodoi.api.schemas import Page, answers, rendered
from theodoi.core.access import Action, require
from theodoi.core.forms import MAX_ID
from theodoi.core.http import AuthedRequest
from theodoi.tasks.api_actions import STEPS, take_step
from theodoi.tasks.api_reads import detail_of, task_list
from theodoi.tasks.api_schemas import StepIn, TaskDetail, TaskItem, TaskListQuery
from theodoi.tasks.cycle import ACT_LABELS, Act
from theodoi.tasks.models import Task
from theodoi.tasks.selectors import task_page, visible_task_or_404

router = Router(tags=["Nhiệm vụ"])
LOADED = ("document", "lead_unit", "leader", "parent")  # as `selectors.get_visible_task`

TaskId = Path(..., ge=1, le=MAX_ID, description="id của nhiệm vụ")


@router.get(
    "/",
    response=answers({200: Page[TaskItem]}, 400, 403),
    summary="Danh sách nhiệm vụ",
    description="Các nhiệm vụ người giữ khóa được xem (quyền `view_tasks`), với bộ lọc và ô tìm "
    "của trang «Nhiệm vụ», theo thứ tự của trang: khớp nhất trước khi tìm, không thì hạn gần "
    "nhất. Trạng thái, mã đơn vị hay ngày không có: `400` nêu đúng giá trị đó.",
)
def tasks(
    request: AuthedRequest, response: HttpResponse, query: Query[TaskListQuery]
) -> HttpResponse:
    """The tasks the token's owner may see, with the task list page's filters and search,
    in its order (the best match first when searching, else the nearest deadline)."""
    require(request.user, Action.VIEW_TASKS)
    page = task_list(request.user, query, timezone.localdate())
    return rendered(request, response, page)  # built as Page[TaskItem]: ADR 0016


def _detail(request: AuthedRequest, task: Task, response: HttpResponse) -> TaskDetail:
    """The task page's reads as the API answers them; `ETag: "<version>"` for If-Match."""
    response["ETag"] = f'"{task.version}"'
    return detail_of(request, task_page(request.user, task, timezone.localdate()))


@router.get(
    "/{task_id}/",
    response=answers({200: TaskDetail}, 400, 403, 404),
    summary="Một nhiệm vụ và diễn biến",
    description="Một nhiệm vụ với dòng thời gian, người thực hiện, đơn vị phối hợp, nhiệm vụ "
    "chung/con, tệp và `actions` — các bước người giữ khóa được làm lúc này, như các nút trên "
    'trang. Tiêu đề `ETag: "<version>"` dùng cho `If-Match`. Nhiệm vụ không được xem: `404`, '
    "như không có.",
)
def task(request: AuthedRequest, response: HttpResponse, task_id: int = TaskId) -> TaskDetail:
    """The task with its timeline, people, units and the steps the owner may take now; 404
    for a task the owner may not see (as if it did not exist)."""
    require(request.user, Action.VIEW_TASKS)
    return _detail(request, visible_task_or_404(request.user, task_id), response)


def _step_endpoint(act: Act, body_type: type[StepIn]) -> Any:
    def endpoint(
        request: AuthedRequest,
        response: HttpResponse,
        body: body_type,  # type: ignore[valid-type]
        task_id: int = TaskId,
        if_match: str | None = Header(
            None, alias="If-Match", description='phiên bản nhiệm vụ đã đọc: "<version>"'
        ),
    ) -> TaskDetail:
        require(request.user, Action.VIEW_TASKS)
        task = visible_task_or_404(request.user, task_id)
        take_step(request.user, task, act, body, if_match)
        # read again as it now is (the person took the step: the table let them see it)
        return _detail(request, Task.objects.select_related(*LOADED).get(pk=task.pk), response)

    endpoint.__name__ = f"task_{act.value}"
    endpoint.__doc__ = (
        f"«{ACT_LABELS[act]}»: the step page's fields, the task's `version` (or If-Match); "
        "answers the task after the step. A step the cycle does not allow now is refused "
        "with `wrong_state` (400) or `not_permitted` (403), a stale version with 409."
    )
    return endpoint


def _step_description(act: Act) -> str:
    """What Swagger UI shows of a step, in Vietnamese (the docstring stays for programmers)."""
    return (
        f"Bước «{ACT_LABELS[act]}» của chu trình, như trên trang nhiệm vụ: thân JSON là các "
        "trường của biểu mẫu bước này cùng `version` — phiên bản nhiệm vụ đã đọc (hoặc tiêu đề "
        '`If-Match: "<version>"` lấy từ `ETag`); trả lại nhiệm vụ sau bước đó. Bước chu trình '
        "không cho làm ở trạng thái này: `400` `wrong_state`; người không được làm: `403` "
        "`not_permitted`; phiên bản cũ: `409` `stale`, không thay đổi gì."
    )


for _act, _step in STEPS.items():
    router.post(
        f"/{{task_id}}/{_act.value}/",
        response=answers({200: TaskDetail}, 400, 403, 404, 409, 413),  # 413: files too large
        summary=ACT_LABELS[_act],
        description=_step_description(_act),
        operation_id=f"tasks_{_act.value}",
    )(_step_endpoint(_act, _step.body))
