"""Files attached to documents, tasks and steps."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from theodoi.tasks.models.documents import Document
from theodoi.tasks.models.history import TaskEvent
from theodoi.tasks.models.tasks import Task


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
