"""Reading a person's notifications."""

from django.db.models import QuerySet

from theodoi.accounts.models import User
from theodoi.notifications.models import Delivery, Notification, Preference

UNREAD_SHOWN = 99  # the bell says "99+" above this


def unread_count(user: User) -> int:
    """Unread notifications of `user`, counted up to 100 (one indexed query, in no order:
    sorting them by the model's default order cost more than counting)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True).order_by()
    return len(unread.values_list("pk", flat=True)[: UNREAD_SHOWN + 1])


def unread_badge(user: User) -> str:
    """What the bell shows: "" when nothing is unread, the count, or "99+"."""
    count = unread_count(user)
    if count > UNREAD_SHOWN:
        return f"{UNREAD_SHOWN}+"
    return str(count) if count else ""


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).only(
        "pk", "title", "body", "url", "created_at", "read_at"
    )


def delivery_of(user: User) -> str:
    preference = Preference.objects.filter(user=user).first()
    return preference.delivery if preference else Delivery.DIGEST
