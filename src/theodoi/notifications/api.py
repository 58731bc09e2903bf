"""/api/v1/notifications/: the person's own notifications (the bell's list) and marking them
read, through the same selector and service as `/thong-bao/`."""

from datetime import datetime
from typing import Annotated

from django.http import Http404
from django.utils import timezone
from ninja import Path, Query, Router, Schema
from pydantic import Field

from theodoi.api.schemas import Page, PageQuery, answers
from theodoi.core.access import Action, require
from theodoi.core.forms import MAX_ID
from theodoi.core.http import AuthedRequest
from theodoi.notifications import services
from theodoi.notifications.selectors import notifications_of

# a record's id in a path: a whole number either database can hold
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]

router = Router(tags=["Thông báo"])


class NotificationQuery(PageQuery):
    unread: bool | None = Field(None, description="true: chỉ thông báo chưa đọc")


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str  # the page it is about, on this site ("" if none)
    created_at: datetime
    read: bool
    read_at: datetime | None
    task: int | None  # the task's id, if it is about a task


class ReadOut(Schema):
    marked: int  # how many were unread and are now read


@router.get(
    "/",
    response=answers({200: Page[NotificationOut]}, 400, 403),
    summary="Thông báo của tôi",
    description="Thông báo của chính người giữ khóa, mới trước, như trang Thông báo (quyền "
    "`view_notifications`, mọi vai trò); `unread=true` chỉ lấy thông báo chưa đọc, "
    "`unread=false` chỉ lấy thông báo đã đọc.",
)
def notification_list(
    request: AuthedRequest, query: Query[NotificationQuery]
) -> Page[NotificationOut]:
    """The token owner's notifications, newest first; `unread=true` leaves out those read."""
    require(request.user, Action.VIEW_NOTIFICATIONS)
    notes = notifications_of(request.user).only(
        "pk", "title", "body", "url", "created_at", "read_at", "task_id"
    )
    if query.unread is True:
        notes = notes.filter(read_at__isnull=True)
    elif query.unread is False:
        notes = notes.filter(read_at__isnull=False)
    first = (query.page - 1) * query.page_size
    rows = list(notes[first : first + query.page_size])
    local = timezone.get_current_timezone()
    return Page[NotificationOut](
        count=notes.count(),
        page=query.page,
        page_size=query.page_size,
        results=[
            NotificationOut(
                id=n.pk,
                title=n.title,
                body=n.body,
                url=n.url,
                created_at=n.created_at.astimezone(local),
                read=n.read_at is not None,
                read_at=n.read_at.astimezone(local) if n.read_at else None,
                task=n.task_id,
            )
            for n in rows
        ],
    )


@router.post(
    "/read-all/",
    response=answers({200: ReadOut}, 403),
    summary="Đánh dấu mọi thông báo là đã đọc",
    description="Đánh dấu mọi thông báo chưa đọc của người giữ khóa là đã đọc; `marked` là số "
    "thông báo vừa được đánh dấu.",
)
def notification_read_all(request: AuthedRequest) -> ReadOut:
    require(request.user, Action.VIEW_NOTIFICATIONS)
    return ReadOut(marked=services.mark_read(request.user))


@router.post(
    "/{pk}/read/",
    response=answers({200: ReadOut}, 400, 403, 404),
    summary="Đánh dấu một thông báo là đã đọc",
    description="Đánh dấu một thông báo của người giữ khóa là đã đọc: `marked` là 1, hoặc 0 nếu "
    "đã đọc từ trước. Thông báo của người khác: `404`, như thông báo không có.",
)
def notification_read(
    request: AuthedRequest, pk: Annotated[RecordId, Path(description="id của thông báo")]
) -> ReadOut:
    """Mark one of the owner's notifications read (another person's: 404). Marking one already
    read again answers `marked: 0`."""
    require(request.user, Action.VIEW_NOTIFICATIONS)
    if not notifications_of(request.user).filter(pk=pk).exists():
        raise Http404
    return ReadOut(marked=services.mark_read(request.user, [pk]))
