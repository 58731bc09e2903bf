"""Targets (KPIs, DOMAIN §12): what a plan commits to reach by a date, and the actual values
entered each period with their evidence.

A computed target's actuals are not stored: they are worked out from the statistical forms'
roll-up each time they are read (`targets.actuals`). An entered actual is never changed: a
correction is a new `TargetActual` of the same period with the next `number`, the latest
number being the one in force (the earlier ones stay, shown as its history).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone


class Measure(models.TextChoices):
    PERCENT = "percent", "%"
    DAYS = "days", "ngày"
    COUNT = "count", "số lượng"


class Direction(models.TextChoices):
    AT_LEAST = "at_least", "Tối thiểu (≥)"
    AT_MOST = "at_most", "Tối đa (≤)"
    REDUCE_BY = "reduce_by", "Giảm ít nhất X% so với mốc"


class Source(models.TextChoices):
    COMPUTED = "computed", "Tính từ số liệu biểu mẫu"
    ENTERED = "entered", "Đơn vị chủ trì nhập theo kỳ"


class Target(models.Model):
    code = models.SlugField("mã chỉ tiêu", max_length=60, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=500)
    value = models.DecimalField("giá trị chỉ tiêu", max_digits=14, decimal_places=1)
    unit = models.CharField("đơn vị tính", max_length=10, choices=Measure.choices)
    direction = models.CharField("chiều", max_length=10, choices=Direction.choices)
    baseline_value = models.DecimalField(
        "giá trị mốc", max_digits=14, decimal_places=1, null=True, blank=True
    )
    baseline_date = models.DateField("ngày của mốc", null=True, blank=True)
    deadline = models.DateField("thời hạn")
    owner = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị chủ trì",
        on_delete=models.PROTECT,
        related_name="targets",
    )
    document = models.ForeignKey(
        "tasks.Document",
        verbose_name="văn bản giao",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    item = models.CharField("mục trong văn bản", max_length=40, blank=True)
    source = models.CharField("cách lấy số thực hiện", max_length=10, choices=Source.choices)
    form_code = models.CharField("mã biểu mẫu", max_length=60, blank=True)
    formula = models.CharField("công thức", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    # a target no longer followed is kept (its actuals and history stay readable), never deleted
    retired_at = models.DateTimeField("ngừng theo dõi từ", null=True, blank=True)
    retired_reason = models.TextField("lý do ngừng theo dõi", blank=True)

    class Meta:
        ordering = ["deadline", "code"]
        verbose_name = "chỉ tiêu"

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    @property
    def goal(self) -> Decimal:
        """The level the actual must reach, in the target's unit: the value itself, or for a
        reduction the baseline less the percentage (one decimal)."""
        if self.direction == Direction.REDUCE_BY and self.baseline_value is not None:
            reduced = self.baseline_value * (100 - self.value) / 100
            return reduced.quantize(Decimal("0.1"))
        return self.value

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class TargetActual(models.Model):
    """One entered actual of a period; a correction is the next `number` of the same period."""

    target = models.ForeignKey(
        Target, verbose_name="chỉ tiêu", on_delete=models.PROTECT, related_name="actuals"
    )
    period = models.CharField("kỳ", max_length=10)  # a period's slug: 2026-Q2, 2026
    period_end = models.DateField("ngày cuối kỳ")
    number = models.PositiveIntegerField("lần nhập", default=1)
    value = models.DecimalField("giá trị thực hiện", max_digits=14, decimal_places=1)
    evidence = models.TextField("minh chứng")
    reason = models.TextField("lý do sửa", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField("thời điểm nhập", default=timezone.now)

    class Meta:
        ordering = ["target", "period_end", "number"]
        verbose_name = "số thực hiện chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["target", "period", "number"], name="target_actual_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.period} (lần {self.number})"


def evidence_path(instance: "TargetFile", filename: str) -> str:
    now = timezone.now()
    return f"chi-tieu/{now:%Y/%m}/{filename}"


class TargetFile(models.Model):
    """A file of evidence sent with an entered actual."""

    actual = models.ForeignKey(TargetActual, on_delete=models.PROTECT, related_name="files")
    file = models.FileField("tệp", upload_to=evidence_path, max_length=300)
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
