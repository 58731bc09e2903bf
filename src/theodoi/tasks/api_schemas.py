"""What the tasks endpoints read and answer (docs/api.md, "Nhiệm vụ (tasks)").

Inputs carry the step pages' fields under English names; text is cleaned as a page's form
cleans it (`core.text`), dates are ISO days from 1900 to 2100 (`core.dates`). A field a body
does not know is refused, so that a misspelt name is not silently ignored.
"""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field, field_validator

from theodoi.api.schemas import PageQuery, UnitRef
from theodoi.core.dates import in_range, range_message
from theodoi.core.forms import MAX_ID
from theodoi.core.text import clean_line, clean_text
from theodoi.tasks.links import UnitRole
from theodoi.tasks.models import State


def _day(value: date) -> date:
    if not in_range(value):
        raise ValueError(range_message("Ngày", value))
    return value


Line = Annotated[str, AfterValidator(clean_line)]  # one line: a code, a number, a name
Text = Annotated[str, AfterValidator(clean_text)]  # a text area's lines
Day = Annotated[date, AfterValidator(_day)]
Codes = Annotated[list[Line], Field(description='mã đơn vị, ví dụ ["TST", "CSXH"]')]
STATES = ", ".join(State.values)


# Reading ------------------------------------------------------------------------------------


class TaskListQuery(PageQuery):
    q: str = Field("", max_length=200, description="tìm trong nội dung, mã, số văn bản…")
    state: list[str] = Field(default_factory=list, description=f"trạng thái: {STATES}")
    unit: str = Field("", max_length=40, description="mã đơn vị (cả các đơn vị cấp dưới)")
    role: UnitRole = Field(UnitRole.ANY, description="vai trò của `unit`: lead, coord, any")
    deadline_from: Day | None = None
    deadline_to: Day | None = None
    document: int | None = Field(None, ge=1, le=MAX_ID, description="id của văn bản")

    @field_validator("state")
    @classmethod
    def _known_states(cls, values: list[str]) -> list[str]:
        unknown = [v for v in values if v not in State.values]
        if unknown:
            given = ", ".join(f"«{v}»" for v in unknown)
            raise ValueError(f"Không có trạng thái {given}: chỉ nhận {STATES}.")
        return values


class PersonRef(Schema):
    username: str
    full_name: str


class DocumentRef(Schema):
    id: int
    number: str


class TaskItem(Schema):
    id: int
    code: str
    content: str
    state: str
    state_label: str
    lead: UnitRef | None
    lead_text: str = Field(description="chủ trì như văn bản ghi, khi không có một đơn vị")
    coordinating: list[UnitRef]
    deadline: date | None
    internal_deadline: date | None = Field(description="hạn gửi kết quả về Văn phòng")
    document: DocumentRef
    progress: int
    version: int = Field(description="gửi lại trong mỗi thao tác (hoặc If-Match)")
    updated_at: datetime


class FileOut(Schema):
    id: int = Field(description="tải bằng khóa: GET /api/v1/files/{id}/")
    name: str
    size: int
    url: str


class EventOut(Schema):
    at: datetime
    action: str
    action_label: str
    from_state: str
    to_state: str
    actor: PersonRef | None
    actor_label: str
    via: str = Field(description="«api:<tên khóa>» nếu qua API, rỗng nếu trên trang")
    note: str
    details: list[str]
    files: list[FileOut]


class ActionOut(Schema):
    action: str = Field(description="tên thao tác: POST /api/v1/tasks/{id}/{action}/")
    label: str


class TaskDetail(TaskItem):
    item: str
    product: str
    instruction: str
    result: str
    original_deadline: date | None
    leader: PersonRef | None
    assignees: list[PersonRef]
    parent: int | None
    children: list[int]
    files: list[FileOut]
    timeline: list[EventOut]
    actions: list[ActionOut] = Field(description="các thao tác người giữ khóa được làm lúc này")
