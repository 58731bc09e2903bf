"""Directive documents, the tasks they hold, and each task's history.

Tables only: the cycle's rules are in `cycle.py` (the transition table) and `services.py`.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

NO_DEADLINE = date(9999, 12, 31)


class DocumentKind(models.TextChoices):
    RESOLUTION = "nghi_quyet", "Nghị quyết"
    DECISION = "quyet_dinh", "Quyết định"
    DIRECTIVE = "chi_thi", "Chỉ thị"
    URGENT_DISPATCH = "cong_dien", "Công điện"
    OFFICIAL_LETTER = "cong_van", "Công văn"
    CONCLUSION = "thong_bao", "Thông báo kết luận"
    PLAN = "ke_hoach", "Kế hoạch"
    REGULATION = "quy_che", "Quy chế"
    COORDINATION = "quy_che_phoi_hop", "Quy chế phối hợp"
    OTHER = "khac", "Văn bản khác"


class Origin(models.TextChoices):
    """Who gave the tasks: decides whether the cycle ends with a report upwards (Art. 5.2.c)."""

    GOVERNMENT = "government", "Chính phủ, Thủ tướng Chính phủ giao"
    MINISTRY = "ministry", "Bộ Tài chính, cơ quan cấp trên giao"
    INTERNAL = "internal", "Kế hoạch, chương trình của Ngành"


class Document(models.Model):
    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    summary = models.TextField("trích yếu")
    origin = models.CharField(
        "nguồn giao", max_length=20, choices=Origin.choices, default=Origin.GOVERNMENT
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người vào sổ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField("thời điểm vào sổ", default=timezone.now)
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_on"],
                condition=~Q(number=""),
                name="document_number_date_unique",
            )
        ]

    def __str__(self) -> str:
        label = self.number or self.get_kind_display()
        return f"{label} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def title(self) -> str:
        """The document as a heading names it: "Kế hoạch số 12/KH-BHXH ngày 05/01/2024", or
        without a number "Kế hoạch ngày 05/01/2024" (never the kind twice)."""
        number = f" số {self.number}" if self.number else ""
        return f"{self.get_kind_display()}{number} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def reports_upwards(self) -> bool:
        return self.origin != Origin.INTERNAL


class State(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    PROPOSED = "proposed", "Chờ lãnh đạo phân công"
    ASSIGNED = "assigned", "Đã giao, chờ đơn vị nhận"
    RETURNED = "returned", "Đơn vị chuyển lại"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    SUBMITTED = "submitted", "Đơn vị đã gửi kết quả"
    CHECKED = "checked", "Chờ lãnh đạo duyệt"
    APPROVED = "approved", "Đã duyệt, chờ báo cáo"
    DONE = "done", "Hoàn thành"
    SUSPENDED = "suspended", "Tạm dừng"
    CANCELLED = "cancelled", "Đã hủy"
    FANNED_OUT = "fanned_out", "Giao nhiều đơn vị"


OPEN_STATES = frozenset(
    {
        State.ASSIGNED,
        State.RETURNED,
        State.IN_PROGRESS,
        State.SUBMITTED,
        State.CHECKED,
        State.APPROVED,
    }
)


class UpdatePeriod(models.TextChoices):
    """How often a task without a deadline reports progress (Art. 6.2)."""

    MONTH = "month", "Hằng tháng"
    QUARTER = "quarter", "Hằng quý"
    HALF = "half", "6 tháng"
    YEAR = "year", "Hằng năm"


class Task(models.Model):
    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.PROTECT, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="nhiệm vụ chung",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    item = models.CharField("điều, khoản, mục", max_length=100, blank=True)
    code = models.CharField("mã (STT)", max_length=30, blank=True)
    content = models.TextField("nội dung")
    product = models.CharField("sản phẩm", max_length=500, blank=True)
    lead_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_text = models.TextField("chủ trì (như văn bản ghi)", blank=True)
    coordinating_units = models.ManyToManyField(
        "organisation.Unit",
        verbose_name="đơn vị phối hợp",
        through="TaskCoordination",
        related_name="coordinated_tasks",
        blank=True,
    )
    deadline = models.DateField("thời hạn", null=True, blank=True)
    original_deadline = models.DateField("thời hạn giao ban đầu", null=True, blank=True)
    internal_deadline = models.DateField("hạn gửi Văn phòng", null=True, blank=True)
    # The list's default order, kept by the database: the internal deadline, tasks without one
    # last. Indexed, so that "soonest first" reads 50 rows instead of sorting every task.
    due_order = models.GeneratedField(
        expression=Coalesce("internal_deadline", Value(NO_DEADLINE)),
        output_field=models.DateField(),
        db_persist=True,
    )
    original_internal_deadline = models.DateField(
        "hạn gửi Văn phòng (theo thời hạn ban đầu)", null=True, blank=True
    )
    update_period = models.CharField(
        "kỳ cập nhật", max_length=10, choices=UpdatePeriod.choices, blank=True
    )
    must_submit = models.BooleanField("phải trình", default=False)
    must_report = models.BooleanField("phải báo cáo", default=False)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lãnh đạo giao",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks_led_as_leader",
    )
    instruction = models.TextField("ý kiến chỉ đạo", blank=True)
    assigned_on = models.DateField("ngày giao", null=True, blank=True)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        related_name="assigned_tasks",
        blank=True,
    )
    state = models.CharField("trạng thái", max_length=20, choices=State.choices)
    fanned_out = models.BooleanField("giao nhiều đơn vị", default=False)
    resume_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    last_update_on = models.DateField("cập nhật gần nhất", null=True, blank=True)
    result = models.TextField("kết quả", blank=True)
    unit_done_on = models.DateField("ngày đơn vị gửi kết quả", null=True, blank=True)
    agency_done_on = models.DateField("ngày hoàn thành (báo cáo/duyệt)", null=True, blank=True)
    report_number = models.CharField("số văn bản báo cáo", max_length=60, blank=True)
    report_channel = models.CharField("hình thức gửi", max_length=100, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_order", "id"]
        verbose_name = "nhiệm vụ"
        indexes = [
            models.Index(fields=["due_order", "id"], name="task_due_idx"),
            models.Index(fields=["state", "due_order"], name="task_state_due_idx"),
            models.Index(fields=["lead_unit", "state", "due_order"], name="task_unit_state_idx"),
            models.Index(fields=["document", "code"], name="task_document_idx"),
            models.Index(fields=["leader", "state"], name="task_leader_idx"),
            models.Index(fields=["original_deadline"], name="task_deadline_idx"),
        ]

    def __str__(self) -> str:
        head = f"{self.code}. " if self.code else ""
        text = self.content if len(self.content) <= 80 else self.content[:79] + "…"
        return f"{head}{text}"

    @property
    def is_parent(self) -> bool:
        return self.fanned_out


class TaskCoordination(models.Model):
    """A unit coordinating a task. `task_state` and `task_deadline` are copies of the task's,
    kept by database triggers (migration 0007), so that a unit's list filtered by state and
    deadline finds its coordinated tasks in this table's index instead of visiting each task
    (docs/adr/0006-coordination-copies.md; `tasks/checks.py` warns if a trigger is missing)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinations")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    task_state = models.CharField(max_length=20, default="", editable=False)
    task_deadline = models.DateField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_coordination_unique")
        ]
        indexes = [
            models.Index(
                fields=["unit", "task_state", "task_deadline", "task"],
                name="coordination_unit_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} ← {self.unit_id}"


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


class TaskFact(models.Model):
    """What statistics need about a task during [valid_from, valid_to): kept so that counts for
    any past date come from history, not from today's state (DOMAIN §8).

    A new row starts when the lead unit, the deadline or a completion date changes; a task
    that is suspended or cancelled has no row for that time and is not counted.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="facts")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    lead_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(null=True, blank=True)
    internal_deadline = models.DateField(null=True, blank=True)
    unit_done_on = models.DateField(null=True, blank=True)
    agency_done_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            # Everything statistics read, in one index: a date's counts never touch the table.
            models.Index(
                fields=[
                    "lead_unit",
                    "valid_from",
                    "valid_to",
                    "deadline",
                    "internal_deadline",
                    "unit_done_on",
                    "agency_done_on",
                ],
                name="task_fact_stats_idx",
            ),
            models.Index(fields=["task", "valid_to"], name="task_fact_task_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.valid_from:%d/%m/%Y} → {self.valid_to or '…'}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    now = timezone.now()
    return f"tep/{now:%Y/%m}/{filename}"


class Attachment(models.Model):
    file = models.FileField("tệp", upload_to=attachment_path, max_length=300)
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng")
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    event = models.ForeignKey(
        TaskEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pdf(self) -> bool:
        """A PDF, whose signatures can be checked (signing.verify)."""
        return self.name.lower().endswith(".pdf")
