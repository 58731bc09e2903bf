"""What an inspection gathers and produces. Tables only.

- `RecordsRequest`: the team asks an inspected unit for records by a date (Art. 16.3). The
  request is a task in the normal cycle (`task`: the unit leads it, its deadline is the due
  date), so it is reminded, urged and counted like any task, and the unit's upload is the
  task's result with its files.
- `InspectionReport`: the team's report to the leaders and the Office, due 5 working days
  after the inspection ends (Art. 17.1), with the three parts of Art. 17.2; when the partner
  hosts a joint inspection, the report is the partner's, received and filed.
- `Recommendation`: a measure the report recommends, for an inspected unit, with its deadline;
  it becomes a follow-up task hanging from the results notice (`task`).
- `FileItem`: a paper of the inspection file (Art. 18.1) the system does not hold by itself
  (minutes, the leader's instruction, other papers), stored as an attachment under its item.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from theodoi.inspections.models.inspections import Inspection


class RecordsRequest(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="records_requests"
    )
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    task = models.OneToOneField(
        "tasks.Task", on_delete=models.PROTECT, related_name="records_request"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = "yêu cầu cung cấp hồ sơ"

    def __str__(self) -> str:
        return f"Yêu cầu cung cấp hồ sơ #{self.pk}"


class InspectionReport(models.Model):
    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="report")
    number = models.CharField("số", max_length=60, blank=True)
    reported_on = models.DateField("ngày báo cáo")
    # Art. 17.2 a), b): implementation and reporting discipline; what was not done, its
    # nature, causes and responsibilities.
    evaluation = models.TextField("đánh giá việc triển khai và chế độ báo cáo")
    shortcomings = models.TextField("tồn tại, nguyên nhân, trách nhiệm", blank=True)
    file = models.ForeignKey(
        "tasks.Attachment",
        verbose_name="tệp báo cáo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A joint inspection: when the host side sent the report to the other side (Art. 7.3).
    sent_to_other_side_on = models.DateField("ngày gửi bên phối hợp", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "báo cáo kết quả kiểm tra"

    def __str__(self) -> str:
        return f"Báo cáo kết quả kiểm tra ngày {self.reported_on:%d/%m/%Y}"


class Recommendation(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="recommendations"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    text = models.TextField("nội dung kiến nghị")
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị thực hiện",
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField("thời hạn")
    task = models.OneToOneField(
        "tasks.Task",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendation",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["inspection", "order", "id"]
        verbose_name = "kiến nghị"

    def __str__(self) -> str:
        return self.text[:80]


class FileLetter(models.TextChoices):
    """The items of the inspection file (Art. 18.1), by their letters."""

    A = "a", "Quyết định thành lập Đoàn kiểm tra"
    B = "b", "Văn bản giao nhiệm vụ và văn bản liên quan"
    C = "c", "Văn bản theo dõi, đôn đốc"
    D = "d", "Báo cáo, tài liệu phản ánh tình hình thực hiện nhiệm vụ"
    DD = "đ", "Kế hoạch kiểm tra hoặc văn bản chỉ đạo của Lãnh đạo"
    E = "e", "Biên bản, tài liệu liên quan đến nội dung kiểm tra"
    G = "g", "Báo cáo kết quả kiểm tra"
    H = "h", "Thông báo kết quả kiểm tra"
    I = "i", "Tài liệu khác có liên quan"  # noqa: E741


class FileItem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="file_items")
    letter = models.CharField("mục", max_length=2, choices=FileLetter.choices)
    title = models.CharField("tên tài liệu", max_length=300)
    attachment = models.ForeignKey(
        "tasks.Attachment", verbose_name="tệp", on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thêm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["inspection", "letter", "id"]
        verbose_name = "tài liệu hồ sơ kiểm tra"

    def __str__(self) -> str:
        return self.title
