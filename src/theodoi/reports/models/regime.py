"""The reporting regime (DOMAIN §10): report types, the rounds they open, each unit's request,
its submitted versions and their review.

Tables only. A report type says who reports what to whom and when; each period (or an ad-hoc
request of the Office) opens one `ReportRound`, which holds one `ReportRequest` per unit that
must answer. A unit writes a draft on its request and submits it: every submission is a
`ReportSubmission`, numbered 1, 2, … and never changed; the collecting unit accepts it or
returns it with comments (`ReportReview`), and the unit submits the next version.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    MONTH = "month", "Hằng tháng"
    QUARTER = "quarter", "Hằng quý"
    HALF = "half", "6 tháng"
    YEAR = "year", "Hằng năm"
    AD_HOC = "ad_hoc", "Đột xuất"


class DueRule(models.TextChoices):
    """When a period's report is due; `due_day` is the N of each rule."""

    # "Trước ngày 19 của tháng cuối quý": due by the end of day N-1 of the period's last month.
    BEFORE_DAY_OF_LAST_MONTH = "before_day_last_month", "Trước ngày N của tháng cuối kỳ"
    # "Ngày 05 tháng sau": due by the end of day N of the month after the period.
    DAY_OF_NEXT_MONTH = "day_next_month", "Đến ngày N của tháng sau kỳ"
    # N working days after the period's last day, on the working-day calendar.
    WORKING_DAYS_AFTER = "working_days_after", "N ngày làm việc sau khi hết kỳ"


class WindowRule(models.TextChoices):
    """Which days' data a period's report covers."""

    CALENDAR = "calendar", "Đúng kỳ (từ ngày đầu đến ngày cuối kỳ)"
    # Seed 001 Phụ lục II: data up to day N of the period's last month; from N+1 it rolls into
    # the next period (Q1 2026: 15/12/2025-14/03/2026; the year: 01/01-14/12).
    CUTOFF = "cutoff", "Đến ngày N của tháng cuối kỳ (sau đó tính vào kỳ sau)"


class ReportType(models.Model):
    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên báo cáo", max_length=255)
    frequency = models.CharField("tần suất", max_length=10, choices=Frequency.choices)
    # Which periods of a year are asked (month 1-12, quarter 1-4, half 1-2); empty: all of them.
    # The TTHC report asks quarters 1-3 (the annual report stands for the fourth).
    period_numbers = models.JSONField("các kỳ trong năm", default=list, blank=True)
    collector = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị tổng hợp",
        on_delete=models.PROTECT,
        related_name="collected_report_types",
    )
    # Unit codes and groups as an administrator writes them ("@PROVINCES; @CENTRAL; VP"),
    # resolved on the period's last day when a round opens.
    reporters = models.TextField("đơn vị phải báo cáo")
    due_rule = models.CharField("cách tính hạn", max_length=30, choices=DueRule.choices)
    due_day = models.PositiveSmallIntegerField("N (ngày)")
    window_rule = models.CharField(
        "khoảng số liệu", max_length=20, choices=WindowRule.choices, default=WindowRule.CALENDAR
    )
    window_cutoff_day = models.PositiveSmallIntegerField("ngày chốt số liệu", null=True, blank=True)
    # [{"key": "ket-qua", "title": "Kết quả thực hiện", "required": true, "hint": "…"}, …]
    sections = models.JSONField("các phần của báo cáo", default=list)
    # Whether the report carries the unit's own task table filled from live data (Art. 8.1).
    task_table = models.BooleanField("kèm bảng nhiệm vụ của đơn vị", default=False)
    # Which form fills the report (the statistical forms, DOMAIN §10); empty: narrative only.
    form_code = models.CharField("biểu mẫu", max_length=60, blank=True)
    source = models.CharField("căn cứ", max_length=255, blank=True)
    active = models.BooleanField("đang áp dụng", default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "loại báo cáo"

    def __str__(self) -> str:
        return self.name


def template_path(instance: "ReportRound", filename: str) -> str:
    return f"bao-cao/mau/{timezone.now():%Y/%m}/{filename}"


class ReportRound(models.Model):
    """One period of a report type, or one ad-hoc request of the Office (Art. 8.2)."""

    report_type = models.ForeignKey(
        ReportType,
        verbose_name="loại báo cáo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    period = models.CharField("kỳ", max_length=10, blank=True)  # 2026-Q1; empty for ad hoc
    title = models.CharField("tên", max_length=255)
    content = models.TextField("nội dung yêu cầu", blank=True)
    collector = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị tổng hợp",
        on_delete=models.PROTECT,
        related_name="collected_rounds",
    )
    window_start = models.DateField("số liệu từ ngày", null=True, blank=True)
    window_end = models.DateField("số liệu đến ngày", null=True, blank=True)
    due_date = models.DateField("hạn nộp")
    # The type's sections and task table as they were when the round opened: a later change of
    # the type does not change what was asked.
    sections = models.JSONField("các phần của báo cáo", default=list)
    task_table = models.BooleanField("kèm bảng nhiệm vụ của đơn vị", default=False)
    form_code = models.CharField("biểu mẫu", max_length=60, blank=True)
    template = models.FileField("mẫu kèm theo", upload_to=template_path, max_length=300, blank=True)
    template_name = models.CharField("tên tệp mẫu", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-due_date", "title"]
        verbose_name = "đợt báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["report_type", "period"],
                condition=models.Q(report_type__isnull=False),
                name="report_round_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return self.title


class RequestState(models.TextChoices):
    OPEN = "open", "Chưa nộp"
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã nộp, chờ tiếp nhận"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã tiếp nhận"


class ReportRequest(models.Model):
    """What one unit owes in one round, and the draft it is writing."""

    round = models.ForeignKey(
        ReportRound, verbose_name="đợt báo cáo", on_delete=models.PROTECT, related_name="requests"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị báo cáo",
        on_delete=models.PROTECT,
        related_name="report_requests",
    )
    state = models.CharField(
        "trạng thái", max_length=20, choices=RequestState.choices, default=RequestState.OPEN
    )
    # The draft's text by section key; copied into a submission when it is sent.
    draft = models.JSONField("bản nháp", default=dict, blank=True)
    draft_updated_at = models.DateTimeField(null=True, blank=True)
    draft_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The first submission's moment: on time or late is judged by it (a return asks for
    # corrections; it does not make a report sent on time late). Null while nothing was sent.
    first_submitted_at = models.DateTimeField("nộp lần đầu", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["round", "unit"]
        verbose_name = "yêu cầu báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="report_request_once_per_unit")
        ]
        indexes = [models.Index(fields=["unit", "state"], name="report_request_unit_state")]

    def __str__(self) -> str:
        return f"{self.round} — {self.unit}"


class ReportSubmission(models.Model):
    """One submitted version of a unit's report: written once, never changed."""

    request = models.ForeignKey(
        ReportRequest,
        verbose_name="yêu cầu báo cáo",
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    number = models.PositiveIntegerField("lần nộp")
    sections = models.JSONField("nội dung", default=dict)
    # The unit's task table as it stood when sent (rows of plain data), so that the version
    # reads the same later whatever happens to the tasks.
    task_table = models.JSONField("bảng nhiệm vụ", null=True, blank=True)
    submitted_at = models.DateTimeField("thời điểm nộp", default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["request", "number"]
        verbose_name = "lần nộp báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="report_submission_number")
        ]

    def __str__(self) -> str:
        return f"{self.request} — lần {self.number}"


class Decision(models.TextChoices):
    ACCEPT = "accept", "Tiếp nhận"
    RETURN = "return", "Trả lại"


class ReportReview(models.Model):
    """The collecting unit's answer to one submission."""

    submission = models.OneToOneField(
        ReportSubmission, on_delete=models.PROTECT, related_name="review"
    )
    decision = models.CharField("quyết định", max_length=10, choices=Decision.choices)
    comment = models.TextField("ý kiến", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.submission}"


def report_file_path(instance: "ReportFile", filename: str) -> str:
    return f"bao-cao/{timezone.now():%Y/%m}/{filename}"


class ReportFile(models.Model):
    """A file attached to a unit's report: to the draft until it is sent, then to the version."""

    request = models.ForeignKey(
        ReportRequest, on_delete=models.PROTECT, related_name="files", verbose_name="báo cáo"
    )
    submission = models.ForeignKey(
        ReportSubmission, null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField("tệp", upload_to=report_file_path, max_length=300)
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
