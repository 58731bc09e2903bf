"""Tasks, their states and their coordinating units."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from theodoi.tasks.models.documents import Document

NO_DEADLINE = date(9999, 12, 31)


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


COUNTS_COLUMNS = ["lead_unit", "state", "fanned_out", "deadline", "original_deadline"]
COUNTS_COLUMNS += ["agency_done_on", "original_internal_deadline", "unit_done_on"]
COUNTS_COLUMNS += ["update_period", "assigned_on", "last_update_on", "id"]
STATE_COUNTS_COLUMNS = ["state", "agency_done_on"]
STATE_COUNTS_COLUMNS += [name for name in COUNTS_COLUMNS if name not in STATE_COUNTS_COLUMNS]


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
    # A task whose deadline runs from an event ("Khi có đề nghị", "Sau khi Quyết định … được
    # ký"): {"text": the event as written, "days": N or null, "working_days": bool} — the
    # deadline is N days (or N working days) after the event, else the person recording the
    # event enters it. It waits for the event while it has no deadline; `event_on` is the day
    # the event happened (steps/events.py). Nullable, so that SQLite adds the columns without
    # rebuilding the table and its triggers (migrations 0003, 0007).
    event_schedule = models.JSONField("thời hạn theo sự kiện", null=True, blank=True)
    event_on = models.DateField("ngày sự kiện phát sinh", null=True, blank=True)
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
            # a list narrowed by states and a deadline window, and its count: the tasks in the
            # window, then sorted; walking `task_due_idx` skipped 173,000 tasks to find the
            # first fifty due in three months (docs/adr/0019-state-deadline-index.md)
            # (PostgreSQL: with the order's columns, so that the page's ids are read from the
            # index alone, docs/adr/0023-window-ids-first.md)
            models.Index(
                fields=["state", "deadline"],
                include=["due_order", "id"],
                name="task_state_deadline_idx",
            ),
            models.Index(fields=["lead_unit", "state", "due_order"], name="task_unit_state_idx"),
            # a unit's page in the list's order, its ids read from this index alone
            # (docs/adr/0021-unit-list-page.md)
            models.Index(fields=["lead_unit", "due_order", "id"], name="task_unit_due_idx"),
            models.Index(fields=["document", "code"], name="task_document_idx"),
            models.Index(fields=["leader", "state"], name="task_leader_idx"),
            models.Index(fields=["original_deadline"], name="task_deadline_idx"),
            # what a unit's counts by state (`stats.state_counts`) and the dashboard's "due
            # soon", overdue bands and missing updates read, so that they read this index
            # alone and never the wide rows (docs/adr/0014-counts-from-indexes.md)
            models.Index(fields=COUNTS_COLUMNS, name="task_counts_idx"),
            # the dashboard's "due soon", overdue bands and missing updates: the open tasks,
            # a tenth of them at volume, and the tasks done after the day shown (none for
            # today) by their done date, not every task (docs/adr/0033-attention-by-state.md)
            models.Index(fields=STATE_COUNTS_COLUMNS, name="task_state_counts_idx"),
            models.Index(fields=["state", "unit_done_on"], name="task_unit_done_idx"),
        ]

    def __str__(self) -> str:
        head = f"{self.code}. " if self.code else ""
        text = self.content if len(self.content) <= 80 else self.content[:79] + "…"
        return f"{head}{text}"

    @property
    def is_parent(self) -> bool:
        return self.fanned_out

    def set_event(self, text: str, days: int | None = None, working_days: bool = False) -> None:
        """Mark the task as waiting for the event `text` (none: not event-triggered)."""
        text = " ".join(text.split())
        self.event_schedule = (
            {"text": text, "days": days, "working_days": working_days and days is not None}
            if text
            else None
        )

    @property
    def event_text(self) -> str:
        return str((self.event_schedule or {}).get("text") or "")

    @property
    def event_days(self) -> int | None:
        days = (self.event_schedule or {}).get("days")
        return days if isinstance(days, int) else None

    @property
    def event_working_days(self) -> bool:
        return bool((self.event_schedule or {}).get("working_days"))

    @property
    def waiting_for_event(self) -> bool:
        """Its deadline runs from an event that has not been recorded yet."""
        return bool(self.event_text) and self.deadline is None

    @property
    def event_schedule_words(self) -> str:
        """What the deadline will be once the event happens, in words."""
        if self.event_days is None:
            return "thời hạn do người ghi nhận sự kiện nhập"
        kind = "ngày làm việc" if self.event_working_days else "ngày"
        return f"{self.event_days:02d} {kind} kể từ ngày sự kiện phát sinh"


class TaskCoordination(models.Model):
    """A unit coordinating a task. `task_state` and `task_deadline` are copies of the task's,
    kept by database triggers (migration 0007), so that a unit's list filtered by state and
    deadline finds its coordinated tasks in this table's index instead of visiting each task
    (docs/adr/0006-coordination-copies.md; `tasks/checks.py` warns if a trigger is missing).
    `task_due_order` copies the task's place in the list's order (0021): a unit's page takes
    its coordinated tasks in that order from an index (docs/adr/0021-unit-list-page.md).
    `task_lead_unit_id` copies the task's lead unit (0023): a unit's count adds the tasks it
    leads to those it coordinates that another unit leads (docs/adr/0018-unit-list-count.md)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinations")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    task_state = models.CharField(max_length=20, default="", editable=False)
    task_deadline = models.DateField(null=True, editable=False)
    task_due_order = models.DateField(null=True, editable=False)
    task_lead_unit_id = models.BigIntegerField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_coordination_unique")
        ]
        indexes = [
            models.Index(
                fields=["unit", "task_state", "task_deadline", "task_lead_unit_id", "task"],
                name="coordination_unit_idx",
            ),
            models.Index(fields=["unit", "task_due_order", "task"], name="coordination_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} ← {self.unit_id}"
