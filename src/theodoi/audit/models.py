from django.conf import settings
from django.db import models
from django.utils import timezone

ACTION_LABELS = {
    "create": "Tạo mới",
    "update": "Sửa",
    "delete": "Xóa",
    "rename": "Đổi tên",
    "merge": "Sáp nhập",
    "split": "Chia tách",
    "succession": "Kế thừa",
    "set_roles": "Đổi vai trò",
    "set_password": "Đặt mật khẩu",
    "deactivate": "Khóa tài khoản",
    "activate": "Mở tài khoản",
    "hand_over": "Chuyển nhiệm vụ sang đơn vị kế thừa",
}


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
    action = models.CharField("thao tác", max_length=40)
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
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
