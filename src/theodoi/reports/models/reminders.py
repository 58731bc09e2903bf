"""The reminders sent about the reports units owe (`monitoring/reminders/reports.py`)."""

from django.db import models
from django.utils import timezone

from theodoi.reports.models.regime import ReportRequest


class ReportReminder(models.Model):
    """One reminder sent about one unit's report at one stage of its due date: unique, so the
    daily job can run twice (or twice at once) and send it once."""

    request = models.ForeignKey(ReportRequest, on_delete=models.PROTECT, related_name="reminders")
    ref = models.CharField(max_length=40)  # the due date judged (ISO)
    stage = models.CharField(max_length=20)  # before:3, due, overdue:2
    day = models.DateField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "ref", "stage"], name="report_reminder_once")
        ]
        indexes = [models.Index(fields=["day"], name="report_reminder_day")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.stage} ({self.day:%d/%m/%Y})"
