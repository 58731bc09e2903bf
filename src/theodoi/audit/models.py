from django.conf import settings
from django.db import models
from django.utils import timezone


class ChangeKind(models.TextChoices):
    """What a service did to an official record."""

    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Sửa"
    DELETE = "delete", "Xóa"
    RENAME = "rename", "Đổi tên"
    MERGE = "merge", "Sáp nhập"
    SPLIT = "split", "Chia tách"
    REPLACE = "replace", "Thay thế"
    SET_PASSWORD = "set_password", "Đặt mật khẩu"
    HAND_OVER = "hand_over", "Chuyển nhiệm vụ sang đơn vị kế thừa"
    IMPORT = "import", "Nhập kế hoạch"
    SECOND_FACTOR_ON = "second_factor_on", "Bật xác thực hai bước"
    RECOVERY_CODES = "recovery_codes", "Cấp mã dự phòng mới"
    SECOND_FACTOR_OFF = "second_factor_off", "Gỡ xác thực hai bước"
    REPORT_SUBMIT = "report_submit", "Nộp báo cáo"
    REPORT_ACCEPT = "report_accept", "Tiếp nhận báo cáo"
    REPORT_RETURN = "report_return", "Trả lại báo cáo"
    REPORT_REOPEN = "report_reopen", "Mở lại báo cáo đã tiếp nhận"
    ISSUE = "issue", "Ban hành"  # a generated report issued as a numbered version (reports)
    TOKEN_CREATE = "token_create", "Tạo khóa API"
    TOKEN_REVOKE = "token_revoke", "Thu hồi khóa API"
    WEBHOOK_SECRET = "webhook_secret", "Tạo khóa bí mật mới cho webhook"
    WEBHOOK_RESEND = "webhook_resend", "Gửi lại webhook"


class ChangeRecord(models.Model):
    """One recorded change to an official record: who, when, what before and after, and why.

    Rows are only ever added (services write them explicitly); nothing updates or deletes them.
    """

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("người thực hiện (ghi)", max_length=150)
    via = models.CharField(
        "qua", max_length=100, blank=True, db_default=""
    )  # "api:<token name>" (origin.py)
    action = models.CharField("thao tác", max_length=40, choices=ChangeKind.choices)
    object_type = models.CharField("loại đối tượng", max_length=60)
    object_id = models.CharField("mã đối tượng", max_length=64)
    object_repr = models.CharField("đối tượng", max_length=300)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    reason = models.TextField("lý do", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = "bản ghi thay đổi"

    def __str__(self) -> str:
        what = self.get_action_display()
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {what} {self.object_repr}"
