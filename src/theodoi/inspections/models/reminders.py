"""The reminders sent about an inspection's report (Regulation 1142 Art. 17.1): one row per
inspection, due date and stage, so that the daily job (`monitoring.reminders.inspections`)
can run twice, or twice at once, and send each reminder once. Tables only."""

from django.db import models
from django.utils import timezone

from theodoi.inspections.models.inspections import Inspection


class InspectionReminder(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="reminders")
    ref = models.CharField(max_length=40)  # the report's due date judged (ISO)
    stage = models.CharField(max_length=20)  # before:3, due, overdue:2
    day = models.DateField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "nhắc báo cáo kết quả kiểm tra"
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "ref", "stage"], name="inspection_reminder_once"
            )
        ]
        indexes = [models.Index(fields=["day"], name="inspection_reminder_day")]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.stage} ({self.day:%d/%m/%Y})"
