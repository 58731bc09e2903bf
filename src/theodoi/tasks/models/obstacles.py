"""Difficulties and proposals a unit raises on a task (Regulation 1142 Art. 9.1.b, 10.3)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from theodoi.tasks.models.tasks import Task


class ObstacleStatus(models.TextChoices):
    """Where an obstacle stands: it waits for the Office, then for the leader it was taken to."""

    OPEN = "open", "Chờ Văn phòng xử lý"
    REFERRED = "referred", "Đã trình lãnh đạo"
    DECIDED = "decided", "Đã có ý kiến chỉ đạo"


class Obstacle(models.Model):
    """One "khó khăn, vướng mắc" with its proposal. Each stage's fields are written once, by
    `tasks/obstacles/services.py`; nothing is deleted or written over. Every stage also adds an
    event to the task's timeline (`tasks/events.py`)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="obstacles")
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị nêu",
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nêu",
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField("thời điểm nêu", default=timezone.now)
    difficulty = models.TextField("khó khăn, vướng mắc")
    proposal = models.TextField("đề xuất")
    status = models.CharField(
        "trạng thái", max_length=10, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lãnh đạo được trình",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(null=True, blank=True)
    referral_note = models.TextField("ý kiến của Văn phòng", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField("ý kiến chỉ đạo", blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["status", "raised_at"], name="obstacle_status_idx")]

    def __str__(self) -> str:
        return f"Khó khăn, vướng mắc ngày {timezone.localdate(self.raised_at):%d/%m/%Y}"
