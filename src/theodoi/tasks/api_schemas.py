"""What the tasks endpoints read and answer (docs/api.md, "Nhiệm vụ (tasks)").

Inputs carry the step pages' fields under English names; text is cleaned as a page's form
cleans it (`core.text`), dates are ISO days from 1900 to 2100 (`core.dates`). A field a body
does not know is refused, so that a misspelt name is not silently ignored.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from theodoi.api.schemas import PageQuery, UnitRef
from theodoi.core.dates import IsoDate
from theodoi.core.forms import MAX_ID
from theodoi.core.text import clean_line, clean_text
from theodoi.tasks.links import UnitRole
from theodoi.tasks.models import State, UpdatePeriod

Line = Annotated[str, AfterValidator(clean_line)]  # one line: a code, a number, a name
Text = Annotated[str, AfterValidator(clean_text)]  # a text area's lines
Day = IsoDate  # YYYY-MM-DD only, 1900-2100
Codes = Annotated[list[Line], Field(description='mã đơn vị, ví dụ ["TST", "CSXH"]')]
STATES = ", ".join(State.values)


# Reading ------------------------------------------------------------------------------------


def _known_states(values: object) -> object:
    """The model's state values; an unknown one is refused by name."""
    given = values if isinstance(values, list) else [values]
    unknown = [v for v in given if v not in State.values]
    if unknown:
        named = ", ".join(f"«{v}»" for v in unknown)
        raise ValueError(f"Không có trạng thái {named}: chỉ nhận {STATES}.")
    return given


class TaskListQuery(PageQuery):
    q: str = Field("", max_length=200, description="tìm trong nội dung, mã, số văn bản…")
    state: Annotated[list[State], BeforeValidator(_known_states)] = Field(
        default_factory=list, description=f"trạng thái (lặp lại được): {STATES}"
    )
    unit: str = Field("", max_length=40, description="mã đơn vị (cả các đơn vị cấp dưới)")
    role: UnitRole = Field(UnitRole.ANY, description="vai trò của `unit`: lead, coord, any")
    deadline_from: Day | None = Field(None, description="thời hạn từ ngày, YYYY-MM-DD")
    deadline_to: Day | None = Field(None, description="thời hạn đến ngày, YYYY-MM-DD (tính cả)")
    document: int | None = Field(None, ge=1, le=MAX_ID, description="id của văn bản")


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
    state: str = Field(description=f"trạng thái: {STATES}; nhãn tiếng Việt ở state_label")
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


# The steps' bodies --------------------------------------------------------------------------


class FileIn(Schema):
    name: Line = Field(max_length=255, examples=["ket-qua.pdf"], description="tên tệp, có đuôi")
    content: str = Field(description="nội dung tệp, mã hóa base64")


Files = Annotated[
    list[FileIn],
    Field(description="tệp đính kèm: [{name, content (base64)}], mỗi tệp tối đa 20 MB"),
]
DEADLINE = "thời hạn, YYYY-MM-DD"


class StepIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(
        None, ge=1, description='phiên bản nhiệm vụ đã đọc; hoặc tiêu đề If-Match: "<version>"'
    )


class PastDeadline(StepIn):
    confirm_past_deadline: bool = Field(
        False, description="true: nhận một thời hạn đã qua (như ô «Xác nhận thời hạn đã qua»)"
    )


class EditIn(PastDeadline):
    """Only the fields sent change; the others keep their value."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "Chỉ các trường gửi lên được đổi; trường khác giữ nguyên."
        }
    )

    content: Text | None = None
    code: Line | None = Field(None, max_length=30)
    item: Line | None = Field(None, max_length=100)
    product: Line | None = Field(None, max_length=500)
    lead: Codes | None = None
    coordinating: Codes | None = None
    deadline: Day | None = Field(None, description=DEADLINE)
    update_period: Literal["", "month", "quarter", "half", "year"] | None = None
    event_text: Line | None = None
    event_days: int | None = Field(None, ge=1, le=3650)
    event_working_days: bool | None = None
    must_submit: bool | None = None
    must_report: bool | None = None
    reason: Text = ""


assert set(UpdatePeriod.values) == {"month", "quarter", "half", "year"}


class LeaderNoteIn(StepIn):  # propose, refer
    leader: Line = Field(description="tên đăng nhập của lãnh đạo")
    note: Text = ""


class AssignIn(PastDeadline):
    lead: Codes = Field(default_factory=list)
    coordinating: Codes = Field(default_factory=list)
    deadline: Day | None = Field(None, description=DEADLINE)
    instruction: Text = ""


class RecordAssignmentIn(AssignIn):
    leader: Line = Field("", description="tên đăng nhập của lãnh đạo đã phân công")
    decided_on: Day | None = Field(None, description="ngày lãnh đạo phân công, YYYY-MM-DD")
    scan: Files = Field(default_factory=list, description="bản chụp bút phê (bắt buộc), base64")


class ReturnIn(StepIn):
    reason: Text = ""
    proposal: Text = ""


class ReassignIn(ReturnIn):
    unit: Line = Field("", description="mã đơn vị đề xuất giao lại (không bắt buộc)")


class InstructionIn(StepIn):
    instruction: Text = ""


class AssigneesIn(StepIn):
    assignees: list[Line] = Field(default_factory=list, description="tên đăng nhập")
    note: Text = ""


class ProgressIn(StepIn):
    note: Text = ""
    progress: int = Field(ge=0, le=100, description="phần trăm hoàn thành, 0-100")
    files: Files = Field(default_factory=list)


class NoteFilesIn(StepIn):
    note: Text = ""
    files: Files = Field(default_factory=list)


class ChaseIn(StepIn):
    unit: Line = Field(description="mã đơn vị phối hợp cần đôn đốc")


class RecordEventIn(PastDeadline):
    happened_on: Day | None = Field(None, description="ngày sự kiện phát sinh, YYYY-MM-DD")
    deadline: Day | None = Field(None, description="thời hạn mới, YYYY-MM-DD")
    note: Text = ""


class ExtensionRequestIn(StepIn):
    reason: Text = ""
    proposed_deadline: Day | None = Field(None, description="thời hạn đề nghị, YYYY-MM-DD")


class ExtensionDecideIn(StepIn):
    approve: bool = Field(description="true: đồng ý gia hạn; false: không đồng ý")
    deadline: Day | None = Field(None, description="thời hạn, YYYY-MM-DD; để trống: theo đề nghị")
    note: Text = ""


class SubmitIn(StepIn):
    result: Text = ""
    files: Files = Field(default_factory=list)


class CommentIn(StepIn):
    comment: Text = ""


class NoteIn(StepIn):
    note: Text = ""


class ReportIn(StepIn):
    reported_on: Day | None = Field(None, description="ngày đã báo cáo cấp trên, YYYY-MM-DD")
    number: Line = Field("", max_length=60)
    channel: Line = Field("", max_length=100)
    note: Text = ""


class ReasonIn(StepIn):
    reason: Text = ""
