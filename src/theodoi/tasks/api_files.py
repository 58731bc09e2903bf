"""/api/v1/files/{id}/: an attached file (a document's, a task's or a step's) for a token, as
the page's `/tep/<id>/` serves it to a signed-in person: the same access (`VIEW_TASKS` and
`scope.visible_attachment`: 404 for a file the person may not see)."""

from django.http import FileResponse, Http404
from ninja import Path, Router

from theodoi.api.schemas import answers
from theodoi.core.access import Action, require
from theodoi.core.forms import MAX_ID
from theodoi.core.http import AuthedRequest
from theodoi.tasks.scope import visible_attachment

router = Router(tags=["Tệp đính kèm"])
BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


@router.get(
    "/{file_id}/",
    response=answers({}, 400, 403, 404),
    summary="Tải một tệp đính kèm",
    description="Nội dung tệp (application/octet-stream), tên tệp trong Content-Disposition. "
    "`id` là `files[].id` của văn bản hoặc nhiệm vụ.",
    openapi_extra={"responses": {200: {"description": "Nội dung tệp", "content": BINARY}}},
)
def attachment(request: AuthedRequest, file_id: int = Path(..., ge=1, le=MAX_ID)) -> FileResponse:
    require(request.user, Action.VIEW_TASKS)
    found = visible_attachment(request.user, file_id)
    if found is None:
        raise Http404("Không có tệp này hoặc bạn không được xem.")
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type="application/octet-stream",
    )
