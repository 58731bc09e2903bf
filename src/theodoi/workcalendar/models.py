from django.db import models


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", "Ngày nghỉ thêm"
    WORKING_DAY = "working_day", "Ngày làm bù"


class CalendarOverride(models.Model):
    """An announced change to the statutory calendar (extra day off, make-up working day)."""

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=20, choices=OverrideKind.choices)
    document = models.CharField("văn bản thông báo", max_length=255)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["date"]
        verbose_name = "điều chỉnh lịch"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()}"
