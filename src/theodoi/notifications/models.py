"""In-app notifications and the e-mail outbox.

Tables only: what is written is decided in `services.py`, how mail leaves in `delivery.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Delivery(models.TextChoices):
    DIGEST = "digest", "Một thư tổng hợp mỗi ngày"
    IMMEDIATE = "immediate", "Gửi ngay từng thư"


class Preference(models.Model):
    """How a person wants their notifications by e-mail (digest unless they choose)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        "nhận thư", max_length=10, choices=Delivery.choices, default=Delivery.DIGEST
    )

    def __str__(self) -> str:
        return f"{self.user}: {self.get_delivery_display()}"


class MailKind(models.TextChoices):
    """What a mail in the outbox is: a person's notifications (as they chose to get them), or
    a message of its own kind such as a password reset link."""

    DIGEST = Delivery.DIGEST.value, Delivery.DIGEST.label
    IMMEDIATE = Delivery.IMMEDIATE.value, Delivery.IMMEDIATE.label
    PASSWORD_RESET = "reset", "Liên kết đặt lại mật khẩu"


class MailState(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không được (đã thử nhiều lần)"


class Mail(models.Model):
    """One e-mail waiting in the outbox or sent. Only a server's acceptance marks it sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to = models.EmailField("gửi tới")
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung")
    kind = models.CharField(max_length=10, choices=MailKind.choices)
    day = models.DateField("ngày")
    state = models.CharField(max_length=10, choices=MailState.choices, default=MailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_try_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"], condition=Q(kind="digest"), name="one_digest_a_day"
            )
        ]
        indexes = [models.Index(fields=["state", "next_try_at"], name="mail_queue_idx")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.get_state_display()})"


class Notification(models.Model):
    """What a person sees under the bell. `key` says what it is about, so that whoever writes
    it twice (two runs of the reminder job) writes it once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=120)
    task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.ForeignKey(
        Mail, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    wants_mail = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["wants_mail"], condition=Q(wants_mail=True), name="notification_mail_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.title}"
