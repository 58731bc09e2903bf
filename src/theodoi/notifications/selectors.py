"""Reading a person's notifications."""

from django.db.models import Expression, IntegerField, QuerySet

from theodoi.accounts.models import User
from theodoi.core.correlated import Correlated
from theodoi.notifications.models import Delivery, Notification, Preference

UNREAD_SHOWN = 99  # the bell says "99+" above this
UNREAD = "unread_held"  # the annotation: the person's unread, counted up to 100
_UNREAD_SQL = (
    "(SELECT COUNT(*) FROM (SELECT 1 FROM notifications_notification n"
    f" WHERE n.user_id = {{outer}} AND n.read_at IS NULL LIMIT {UNREAD_SHOWN + 1}) AS unread)"
)


def unread_read() -> dict[str, Expression]:
    """The unread count of the person a query of `User` reads, as a subquery to annotate it
    with: the signed-in person is read with it (`accounts.backends`), since the bell is on
    every page, and `unread_count` then asks nothing more (docs/adr/0013, "The bell")."""
    return {UNREAD: Correlated(_UNREAD_SQL, User, "pk", IntegerField())}


def unread_count(user: User) -> int:
    """Unread notifications of `user`, counted up to 100: as read with the person, else in
    one indexed query (in no order: sorting them by the model's default order cost more than
    counting)."""
    held = getattr(user, UNREAD, None)
    if held is not None:
        return int(held)
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
