"""The statistical forms (DOMAIN §10): a form's versioned definition, a unit's entry on its
report request (the draft) and the form data of each submitted version.

A form is data (`FormDefinition.schema`, read by `definition.py`); a round of a report type
whose `form_code` names the form collects it. The unit's draft lives in `FormEntry` beside its
`ReportRequest`; each submission (`ReportSubmission`, numbered, never changed) gets one
`FormVersion` with the values as sent and the definition they were checked against.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class FormDefinition(models.Model):
    code = models.SlugField("mã biểu mẫu", max_length=60)
    version = models.PositiveIntegerField("phiên bản")
    # The first day whose period uses this version: a period takes the latest version that is
    # valid on its data window's last day.
    valid_from = models.DateField("áp dụng từ ngày")
    title = models.CharField("tên biểu mẫu", max_length=255)
    schema = models.JSONField("định nghĩa")
    installed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = "biểu mẫu"
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="form_definition_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"


class FormEntry(models.Model):
    """A unit's form on one report request, as it is being written."""

    request = models.OneToOneField(
        "reports.ReportRequest", on_delete=models.PROTECT, related_name="form_entry"
    )
    definition = models.ForeignKey(FormDefinition, on_delete=models.PROTECT, related_name="+")
    # {code: whole number or None}; a code absent or None is blank, never zero.
    values = models.JSONField("số liệu", default=dict, blank=True)
    texts = models.JSONField("nội dung", default=dict, blank=True)
    # {rule id: the unit's written explanation of a warning}
    explanations = models.JSONField("giải trình", default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "bản nhập biểu mẫu"

    def __str__(self) -> str:
        return f"{self.definition.code}: {self.request}"


class FormVersion(models.Model):
    """The form data of one submitted version: written once with its submission."""

    submission = models.OneToOneField(
        "reports.ReportSubmission", on_delete=models.PROTECT, related_name="form_version"
    )
    definition = models.ForeignKey(FormDefinition, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField("số liệu", default=dict)
    texts = models.JSONField("nội dung", default=dict)
    explanations = models.JSONField("giải trình", default=dict)
    # The warnings as they stood when sent: [{"rule", "fields", "message"}]
    warnings = models.JSONField("cảnh báo", default=list)

    class Meta:
        verbose_name = "số liệu của lần nộp"

    def __str__(self) -> str:
        return f"{self.definition.code}: {self.submission}"
