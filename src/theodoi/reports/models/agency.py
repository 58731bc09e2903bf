"""The agency's consolidated report on task performance (Regulation 1142 Art. 8.3): the
Office's draft of a period (the narrative parts it writes around the figures) and each issued
version, numbered and kept with its Word file, never changed afterwards (a corrected report is
a new version)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from theodoi.core.periods import KIND_LABELS, Kind, parse_period


def agency_report_path(instance: "AgencyReport", filename: str) -> str:
    return f"bao-cao/co-quan/{instance.period}/{filename}"


class AgencyReport(models.Model):
    """`version` is empty on the period's one draft and 1, 2, … on what was issued."""

    period = models.CharField("kỳ báo cáo", max_length=10)  # core.periods slug: 2026-Q3
    kind = models.CharField(
        "loại kỳ", max_length=10, choices=[(k.value, KIND_LABELS[k]) for k in Kind]
    )
    number = models.CharField("số", max_length=60, blank=True)
    summary = models.CharField("trích yếu", max_length=300)
    opening = models.TextField("phần mở đầu", blank=True)
    closing = models.TextField("kiến nghị, đề xuất", blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    revision = models.PositiveIntegerField(default=1)  # the draft's edits (stale forms)
    version = models.PositiveIntegerField("lần ban hành", null=True, blank=True)
    issued_on = models.DateField("ngày văn bản", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("thời điểm ban hành", null=True, blank=True)
    file = models.FileField("tệp Word", upload_to=agency_report_path, max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "báo cáo tình hình thực hiện nhiệm vụ"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=Q(version__isnull=True), name="one_agency_draft"
            ),
            models.UniqueConstraint(fields=["period", "version"], name="one_agency_version"),
        ]

    def __str__(self) -> str:
        which = f"lần {self.version}" if self.version else "dự thảo"
        return f"Báo cáo {parse_period(self.period).label} ({which})"

    @property
    def is_issued(self) -> bool:
        return self.version is not None
