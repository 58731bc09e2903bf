"""Meetings held under an agreement, who took part, and what they concluded.

Tables only. A `Meeting` is an annual joint review, a provincial six-monthly meeting or an
ad-hoc meeting (Art. 6.4, 19.4); it may fulfil an `Obligation`. Its minutes and the
conclusion notice are stored as task attachments (tasks.attachments checks and saves them;
the attachment carries no task of its own). Each `Conclusion` names who leads it (a unit of
either side) and by when, and may become a follow-up task.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from theodoi.partners.models.agreements import Agreement, Duty, Level, Obligation, Side


class MeetingKind(models.TextChoices):
    ANNUAL_REVIEW = "annual_review", "Hội nghị tổng kết hằng năm"
    PROVINCIAL = "provincial", "Họp định kỳ 6 tháng cấp tỉnh"
    AD_HOC = "ad_hoc", "Họp đột xuất"


class Meeting(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="meetings")
    duty = models.ForeignKey(
        Duty, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField("loại cuộc họp", max_length=20, choices=MeetingKind.choices)
    level = models.CharField("cấp", max_length=12, choices=Level.choices)
    held_on = models.DateField("ngày họp")
    host = models.CharField("bên chủ trì", max_length=10, choices=Side.choices)
    place = models.CharField("địa điểm", max_length=300, blank=True)
    # Our unit at the meeting: the province for a provincial meeting, else the leading unit.
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The partner's unit at the meeting: its top unit for a central meeting, its provincial
    # body for a provincial one; it coordinates every follow-up task (partners.meetings).
    partner_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị đối tác",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField("nội dung", blank=True)
    minutes = models.ForeignKey(
        "tasks.Attachment",
        verbose_name="biên bản",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notice = models.ForeignKey(
        "tasks.Attachment",
        verbose_name="thông báo kết luận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "cuộc họp"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ngày {self.held_on:%d/%m/%Y}"


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    side = models.CharField("bên", max_length=10, choices=Side.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("họ và tên", max_length=200)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["meeting", "side", "order", "id"]
        verbose_name = "thành phần tham dự"

    def __str__(self) -> str:
        return self.name


class Conclusion(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="conclusions")
    text = models.TextField("nội dung kết luận")
    lead_side = models.CharField("bên chủ trì", max_length=10, choices=Side.choices)
    lead_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name="đơn vị chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField("thời hạn", null=True, blank=True)
    # The follow-up task in the normal cycle, once the conclusion is turned into one.
    task = models.OneToOneField(
        "tasks.Task",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conclusion",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = "kết luận"

    def __str__(self) -> str:
        return self.text[:80]
