from django.conf import settings
from django.db import models
from django.utils import timezone


class FormSubmission(models.Model):
    """A form that created something, by the one-time token it carried (`core/once.py`): a
    second POST with the same token is answered with `result_url` instead of acting again."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    result_url = models.TextField(blank=True)

    class Meta:
        verbose_name = "biểu mẫu đã gửi"

    def __str__(self) -> str:
        return f"{self.key} {self.at:%d/%m/%Y %H:%M}"
