"""The year's inspection plan (Regulation 1142 Art. 12.1, 14.2): the Office drafts it, a leader
approves it. Tables only.

A plan lists planned inspections (`PlanItem`): which units, what content, in which months, and
which unit conducts it (the Office, or a lead unit checking its coordinating units, Art. 12.2).
Once approved the plan is registered in the document register as a «Kế hoạch» (`document`):
it is item đ) of the file of every inspection made from it (Art. 18.1).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PlanState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    APPROVED = "approved", "Đã phê duyệt"


class InspectionPlan(models.Model):
    year = models.PositiveSmallIntegerField("năm", unique=True)
    title = models.CharField("tên kế hoạch", max_length=300)
    state = models.CharField(
        "trạng thái", max_length=10, choices=PlanState.choices, default=PlanState.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField("thời điểm lập", default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người phê duyệt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField("ngày phê duyệt", null=True, blank=True)
    # The approved plan as registered in the document register (Kế hoạch …/KH-BHXH).
    document = models.ForeignKey(
        "tasks.Document",
        verbose_name="văn bản kế hoạch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year"]
        verbose_name = "kế hoạch kiểm tra"

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    content = models.TextField("nội dung kiểm tra")
    units = models.ManyToManyField(
        "organisation.Unit", verbose_name="đơn vị được kiểm tra", related_name="+"
    )
    # Who conducts it: the Office, or a lead unit checking its coordinating units (Art. 12.2).
    conducted_by = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị thực hiện",
        on_delete=models.PROTECT,
        related_name="+",
    )
    month_from = models.PositiveSmallIntegerField("từ tháng")
    month_to = models.PositiveSmallIntegerField("đến tháng")

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = "cuộc kiểm tra theo kế hoạch"

    def __str__(self) -> str:
        return self.content[:80]
