"""An uploaded plan file, its reading as checked and corrected by a person, and which task came
from which row. Tables only: reading is in `reading.py`, writing in `services.py`."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", "Đang xem trước"
    COMMITTING = "committing", "Đang nhập, chưa xong"
    COMMITTED = "committed", "Đã nhập"
    DISCARDED = "discarded", "Đã bỏ"


class ScheduleKind(models.TextChoices):
    DEADLINE = "deadline", "Có thời hạn"
    CONTINUOUS = "continuous", "Thường xuyên"
    RECURRING = "recurring", "Định kỳ"
    EVENT = "event", "Khi có sự kiện"


def plan_path(instance: "PlanImport", filename: str) -> str:
    now = timezone.now()
    return f"ke-hoach/{now:%Y/%m}/{filename}"


class PlanImport(models.Model):
    """One uploaded file: kept as received, with the rows as read and corrected (`rows`, the
    JSON of `reading.PlanRow`s) until it is committed or discarded. A commit writes the rows
    in batches: `progress` counts the rows written, `summary` what was done so far, and the
    status stays `committing` until the last batch."""

    file = models.FileField("tệp", upload_to=plan_path, max_length=300)
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", default=timezone.now)
    number = models.CharField("số, ký hiệu kế hoạch", max_length=60)
    plan_date = models.DateField("ngày kế hoạch")
    title = models.TextField("tên kế hoạch")
    # where the plan's date came from when the person did not type it: the header's words
    # ("Hà Nội, ngày 15 tháng 3 năm 2024"); "" when typed
    date_read = models.CharField("ngày đọc từ văn bản", max_length=120, blank=True)
    # on whose authority the plan's tasks are assigned: the plan's signer, a leader's account
    # or, when the signer has none, the name as written (docs/imports.md)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ký",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField("người ký (không có tài khoản)", max_length=120, blank=True)
    sha256 = models.CharField("mã băm SHA-256 của tệp", max_length=64, blank=True, db_index=True)
    rows = models.JSONField("các dòng đã đọc", default=list)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    document = models.ForeignKey(
        "tasks.Document",
        verbose_name="văn bản kế hoạch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_imports",
    )
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField("kết quả nhập", default=dict, blank=True)
    progress = models.PositiveIntegerField("số dòng đã nhập", default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "lần nhập kế hoạch"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def signed_by(self) -> str:
        return str(self.signer) if self.signer is not None else self.signer_name


class PlanTask(models.Model):
    """Where a task came from: its plan row (`key`: the STT and which of the rows with that
    STT, e.g. "1.1#2"), the occurrence of a recurring row, and the row's words as written."""

    task = models.OneToOneField("tasks.Task", on_delete=models.PROTECT, related_name="plan_origin")
    document = models.ForeignKey(
        "tasks.Document", on_delete=models.PROTECT, related_name="plan_tasks"
    )
    key = models.CharField("dòng kế hoạch", max_length=60)
    occurrence = models.DateField("kỳ", null=True, blank=True)
    schedule = models.CharField("loại thời hạn", max_length=12, choices=ScheduleKind.choices)
    timeline_text = models.TextField("thời gian thực hiện (như văn bản ghi)", blank=True)
    coordinating_text = models.TextField("phối hợp (như văn bản ghi)", blank=True)
    source_note = models.TextField("căn cứ (chú thích của văn bản)", blank=True)
    last_import = models.ForeignKey(PlanImport, on_delete=models.PROTECT, related_name="tasks")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key", "occurrence"], name="plan_task_occurrence_unique"
            ),
            models.UniqueConstraint(
                fields=["document", "key"],
                condition=models.Q(occurrence__isnull=True),
                name="plan_task_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.task_id}"
