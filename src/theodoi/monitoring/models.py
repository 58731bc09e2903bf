"""Reminder settings and log, and urging letters. Tables only: the schedule is in
`schedule.py`, the job in `reminders/`, letters in `letters.py`."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReminderPolicy(models.Model):
    """When reminders go out, on the working-day calendar. One row, set by an administrator;
    each change is in the change log."""

    before_days = models.CharField(
        "nhắc trước hạn gửi Văn phòng (ngày làm việc)", max_length=60, default="3, 1"
    )
    on_day = models.BooleanField("nhắc vào ngày đến hạn", default=True)
    overdue_every = models.PositiveSmallIntegerField(
        "khi quá hạn, nhắc lại sau mỗi (ngày làm việc)", default=2
    )
    head_after = models.PositiveSmallIntegerField(
        "báo lãnh đạo đơn vị khi quá hạn từ (ngày làm việc)", default=1
    )
    leader_after = models.PositiveSmallIntegerField(
        "báo lãnh đạo giao việc khi quá hạn từ (ngày làm việc)", default=5
    )
    coordination_days = models.PositiveSmallIntegerField(
        "đơn vị phối hợp gửi ý kiến trước hạn của đơn vị chủ trì (ngày làm việc)", default=2
    )
    extension_after = models.PositiveSmallIntegerField(
        "nhắc lãnh đạo đề nghị gia hạn chờ quyết định sau (ngày làm việc)", default=1
    )
    acceptance_days = models.PositiveSmallIntegerField(
        "đơn vị nhận hoặc chuyển lại nhiệm vụ mới trong (ngày làm việc)", default=2
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "cấu hình nhắc việc"

    def __str__(self) -> str:
        return f"Nhắc trước {self.before_days} ngày, quá hạn mỗi {self.overdue_every} ngày"


class ReminderKind(models.TextChoices):
    LEAD = "lead", "Đơn vị chủ trì"
    COORDINATION = "coordination", "Đơn vị phối hợp"
    EXTENSION = "extension", "Đề nghị gia hạn chờ quyết định"
    ACCEPTANCE = "acceptance", "Nhiệm vụ mới chờ đơn vị nhận"
    UPDATE = "update", "Cập nhật tình hình theo kỳ"


class Reminder(models.Model):
    """One reminder sent: about which task, to which unit's people, at which stage of which
    deadline. Unique, so the job can run twice (or twice at once) and send it once."""

    task = models.ForeignKey("tasks.Task", on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=15, choices=ReminderKind.choices)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    ref = models.CharField(max_length=40)  # the deadline judged, or the extension request
    stage = models.CharField(max_length=20)  # before:3, due, overdue:2, waiting:1
    day = models.DateField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "unit", "ref", "stage"], name="reminder_once"
            )
        ]
        indexes = [
            models.Index(fields=["day"], name="reminder_day_idx"),
            models.Index(fields=["unit", "day"], name="reminder_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.stage} ({self.day:%d/%m/%Y})"


class ReminderRun(models.Model):
    """One row per day the job ran: its lock (two runs at once take turns) and its tally."""

    day = models.DateField(unique=True)
    runs = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.runs} lần, {self.sent} nhắc"


def letter_path(instance: "UrgingLetter", filename: str) -> str:
    return f"don-doc/{instance.issued_on:%Y}/{filename}"


class UrgingLetter(models.Model):
    """A written urging (văn bản đôn đốc) to a unit, generated from its overdue and soon-due
    tasks; kept with the tasks it named."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("số", max_length=40, blank=True)
    issued_on = models.DateField("ngày")
    as_of = models.DateField("số liệu tại ngày")
    signer_authority = models.CharField("thẩm quyền ký", max_length=100)
    signer_title = models.CharField("chức vụ người ký", max_length=100)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    tasks = models.ManyToManyField("tasks.Task", related_name="urgings")
    file = models.FileField(upload_to=letter_path, max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "issued_on"], name="urging_unit_idx")]

    def __str__(self) -> str:
        return f"Đôn đốc {self.unit} ngày {self.issued_on:%d/%m/%Y}"


class DashboardCache(models.Model):
    """Counts the dashboard computed, kept a few minutes (today) or for good (a past date,
    whose history does not change)."""

    key = models.CharField(max_length=100, unique=True)
    data = models.JSONField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key} ({self.computed_at:%d/%m/%Y %H:%M})"
