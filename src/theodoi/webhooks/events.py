"""What a webhook subscription may ask to be told of: the names receivers see in the
`X-TheoDoi-Event` header and the body's "event" (English, fixed), with the words the
administrators' page shows."""

from enum import StrEnum


class Event(StrEnum):
    TASK_ASSIGNED = "task.assigned"
    TASK_RETURNED = "task.returned"
    TASK_SUBMITTED = "task.submitted"
    TASK_APPROVED = "task.approved"
    TASK_COMPLETED = "task.completed"
    TASK_OVERDUE = "task.overdue"
    REPORT_SUBMITTED = "report.submitted"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Event.TASK_ASSIGNED: "Nhiệm vụ được giao",
    Event.TASK_RETURNED: "Nhiệm vụ được đơn vị chuyển lại hoặc đề nghị giao lại",
    Event.TASK_SUBMITTED: "Đơn vị gửi kết quả về Văn phòng",
    Event.TASK_APPROVED: "Lãnh đạo phê duyệt kết quả",
    Event.TASK_COMPLETED: "Nhiệm vụ hoàn thành",
    Event.TASK_OVERDUE: "Nhiệm vụ quá hạn",
    Event.REPORT_SUBMITTED: "Đơn vị nộp báo cáo",
}
CHOICES = [(event.value, event.label) for event in Event]


def label_of(name: str) -> str:
    """The words for an event name; a name no longer known reads as written."""
    try:
        return Event(name).label
    except ValueError:
        return name
