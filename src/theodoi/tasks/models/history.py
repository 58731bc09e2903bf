"""What happened to a task (its events) and the extension requests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from theodoi.tasks.models.tasks import Task


class EventKind(models.TextChoices):
    """What happened to a task: the cycle's steps (`cycle.Act`, same values) and the events that
    are not steps. Events are built only by `tasks/events.py`, one constructor per kind."""

    CREATE = "create", "Vào sổ nhiệm vụ"
    EDIT = "edit", "Sửa nội dung"
    PROPOSE = "propose", "Trình phân công"
    ASSIGN = "assign", "Giao nhiệm vụ"
    CONFIRM = "confirm", "Giữ nguyên phân công"
    RETURN = "return", "Chuyển lại nhiệm vụ"
    ACCEPT = "accept", "Nhận và phân công thực hiện"
    DISTRIBUTE = "distribute", "Phân công lại trong đơn vị"
    PROGRESS = "progress", "Cập nhật tiến độ"
    CONTRIBUTE = "contribute", "Gửi ý kiến phối hợp"
    REQUEST_EXTENSION = "request_extension", "Đề nghị gia hạn"
    DECIDE_EXTENSION = "decide_extension", "Quyết định gia hạn"
    SUBMIT = "submit", "Gửi kết quả về Văn phòng"
    SEND_BACK = "send_back", "Trả lại để hoàn thiện"
    FORWARD = "forward", "Trình lãnh đạo duyệt"
    APPROVE = "approve", "Phê duyệt kết quả"
    REPORT = "report", "Ghi nhận đã báo cáo cấp trên"
    SUSPEND = "suspend", "Tạm dừng"
    RESUME = "resume", "Tiếp tục thực hiện"
    CANCEL = "cancel", "Hủy nhiệm vụ"
    FAN_OUT = "fan_out", "Giao cho từng đơn vị"
    COMPLETE = "complete", "Hoàn thành"
    HAND_OVER = "hand_over", "Chuyển sang đơn vị kế thừa"
    IMPORT_PLAN = "import_plan", "Nhập từ kế hoạch"
    PLAN_UPDATE = "plan_update", "Cập nhật theo kế hoạch sửa đổi"
    REMIND = "remind", "Nhắc việc tự động"
    URGE = "urge", "Đôn đốc bằng văn bản"
    CHASE = "chase", "Đôn đốc đơn vị phối hợp"
    RECORD_EVENT = "record_event", "Ghi nhận sự kiện phát sinh"
    OBSTACLE_RAISE = "obstacle_raise", "Nêu khó khăn, vướng mắc"
    OBSTACLE_REFER = "obstacle_refer", "Trình lãnh đạo khó khăn, vướng mắc"
    OBSTACLE_DECIDE = "obstacle_decide", "Ý kiến chỉ đạo về khó khăn, vướng mắc"
    RECORD_ASSIGNMENT = "record_assignment", "Ghi nhận phân công của lãnh đạo"
    REFER = "refer", "Trình lãnh đạo xem xét, điều chỉnh"
    REQUEST_REASSIGNMENT = "request_reassignment", "Đề nghị giao lại"


class TaskEvent(models.Model):
    """One step in a task's life: who, when, what, why. Only ever added."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("thời điểm", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("người thực hiện (ghi)", max_length=150)
    via = models.CharField(
        "qua", max_length=100, blank=True, db_default=""
    )  # "api:<token name>" (audit.origin)
    # The unit leading the task when the event happened (after the step: a re-assignment names
    # the new unit). Evaluation counts a unit's returns, send-backs and extensions by it.
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị chủ trì lúc đó",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("thao tác", max_length=30, choices=EventKind.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField("nội dung", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["task", "at"], name="task_event_idx"),
            models.Index(fields=["action", "at", "unit"], name="task_event_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "Chờ quyết định"
    APPROVED = "approved", "Đồng ý"
    REJECTED = "rejected", "Không đồng ý"


class ExtensionRequest(models.Model):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("lý do")
    proposed_deadline = models.DateField("thời hạn đề nghị")
    status = models.CharField(
        max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_deadline = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"Gia hạn đến {self.proposed_deadline:%d/%m/%Y} ({self.get_status_display()})"
