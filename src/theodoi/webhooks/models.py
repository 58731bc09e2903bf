"""Webhook subscriptions and the outbox of their deliveries.

Tables only: what is written is decided in `services.py`, how a delivery leaves in
`delivery.py`. A delivery's body is fixed when it is queued, so every attempt sends the same
bytes; a delivery is never deleted (sent, queued or given up, it stays as the record).
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from theodoi.webhooks.events import label_of


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """A receiver's address and the events it wants, signed with its own secret."""

    url = models.URLField("địa chỉ nhận", max_length=500)
    description = models.CharField("mô tả", max_length=255, blank=True)
    events = models.JSONField("sự kiện", default=list)  # names of webhooks.events.Event
    secret = models.CharField(max_length=100, default=new_secret)
    active = models.BooleanField("đang gửi", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm tạo", default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-active", "url", "id"]
        verbose_name = "đăng ký webhook"

    def __str__(self) -> str:
        return self.url


class DeliveryState(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không được (đã thử nhiều lần)"


class Delivery(models.Model):
    """One event for one subscription: waiting in the outbox, sent, or given up."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, related_name="deliveries"
    )
    event = models.CharField("sự kiện", max_length=40)
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True)
    body = models.TextField()  # the JSON as sent, the same bytes on every attempt
    state = models.CharField(
        "trạng thái", max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    next_try_at = models.DateTimeField(default=timezone.now)
    last_status = models.PositiveSmallIntegerField("mã trả lời", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("thời điểm", default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lần gửi webhook"
        indexes = [
            models.Index(fields=["state", "next_try_at"], name="webhook_queue_idx"),
            models.Index(fields=["subscription", "-created_at"], name="webhook_deliveries_idx"),
        ]

    def __str__(self) -> str:
        return f"Lần gửi «{label_of(self.event)}» {self.delivery_id}"
