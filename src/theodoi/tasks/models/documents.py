"""Directive documents: what gave the tasks, and who registered them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class DocumentKind(models.TextChoices):
    RESOLUTION = "nghi_quyet", "Nghị quyết"
    DECISION = "quyet_dinh", "Quyết định"
    DIRECTIVE = "chi_thi", "Chỉ thị"
    URGENT_DISPATCH = "cong_dien", "Công điện"
    OFFICIAL_LETTER = "cong_van", "Công văn"
    CONCLUSION = "thong_bao", "Thông báo kết luận"
    PLAN = "ke_hoach", "Kế hoạch"
    REGULATION = "quy_che", "Quy chế"
    COORDINATION = "quy_che_phoi_hop", "Quy chế phối hợp"
    OTHER = "khac", "Văn bản khác"


class Origin(models.TextChoices):
    """Who gave the tasks: decides whether the cycle ends with a report upwards (Art. 5.2.c)."""

    GOVERNMENT = "government", "Chính phủ, Thủ tướng Chính phủ giao"
    MINISTRY = "ministry", "Bộ Tài chính, cơ quan cấp trên giao"
    INTERNAL = "internal", "Kế hoạch, chương trình của Ngành"


class Document(models.Model):
    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    summary = models.TextField("trích yếu")
    origin = models.CharField(
        "nguồn giao", max_length=20, choices=Origin.choices, default=Origin.GOVERNMENT
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người vào sổ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField("thời điểm vào sổ", default=timezone.now)
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issued_on"],
                condition=~Q(number=""),
                name="document_number_date_unique",
            )
        ]

    def __str__(self) -> str:
        label = self.number or self.get_kind_display()
        return f"{label} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def title(self) -> str:
        """The document as a heading names it: "Kế hoạch số 12/KH-BHXH ngày 05/01/2024", or
        without a number "Kế hoạch ngày 05/01/2024" (never the kind twice)."""
        number = f" số {self.number}" if self.number else ""
        return f"{self.get_kind_display()}{number} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def reports_upwards(self) -> bool:
        return self.origin != Origin.INTERNAL
