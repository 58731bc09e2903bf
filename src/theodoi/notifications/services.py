"""Writing notifications and queueing their e-mail (digest or immediate, as each person chose).

Nothing here talks to a mail server: `delivery.deliver` sends what is queued, so a page or the
reminder job never waits for SMTP, and a server that is down only delays the mail.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.bulk import db_datetime, insert_rows
from theodoi.core.dates import format_date
from theodoi.core.errors import ValidationFailed
from theodoi.notifications.models import Delivery, Mail, MailState, Notification, Preference


@dataclass(frozen=True)
class Draft:
    """A notification to write: for whom, about what (`key`), and what it says."""

    user_id: int
    key: str
    title: str
    body: str = ""
    url: str = ""
    task_id: int | None = None


def _recipients(user_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(e-mail, delivery choice) of each active user ("" if they have no address)."""
    rows = User.objects.filter(pk__in=set(user_ids), is_active=True).values_list(
        "pk", "email", "notification_preference__delivery"
    )
    return {pk: (email or "", choice or Delivery.DIGEST) for pk, email, choice in rows}


def absolute(url: str) -> str:
    return settings.THEODOI_BASE_URL.rstrip("/") + url if url.startswith("/") else url


@transaction.atomic
def notify(drafts: Sequence[Draft], *, moment: datetime | None = None) -> int:
    """Write the drafts (to active users) and return how many were written. A person with an
    e-mail address gets the mail now (immediate) or in the day's digest; one without gets the
    in-app notification only. Callers write a key once (the reminder job under its run lock,
    one key per letter); the unique (person, key) constraint refuses a second, and the
    caller's transaction with it."""
    moment = moment or timezone.now()
    who = _recipients(d.user_id for d in drafts)
    created = db_datetime(moment)
    rows = [
        (
            d.user_id,
            d.key,
            d.task_id,
            d.title[:300],
            d.body,
            d.url,
            created,
            bool(who[d.user_id][0]),
        )
        for d in drafts
        if d.user_id in who
    ]
    insert_rows(
        Notification,
        ["user", "key", "task", "title", "body", "url", "created_at", "wants_mail"],
        rows,
    )
    immediate = {
        user_id
        for user_id, (email, choice) in who.items()
        if email and choice == Delivery.IMMEDIATE
    }
    if immediate:
        keys = {(d.user_id, d.key) for d in drafts if d.user_id in immediate}
        written = Notification.objects.filter(
            user_id__in=list(immediate), wants_mail=True, mail__isnull=True, created_at=moment
        )
        _queue_immediate([n for n in written if (n.user_id, n.key) in keys], who, moment)
    return len(rows)


def _queue_immediate(
    notes: list[Notification], who: dict[int, tuple[str, str]], moment: datetime
) -> None:
    if not notes:
        return
    day = timezone.localdate(moment)
    mails = [
        Mail(
            user_id=n.user_id,
            to=who[n.user_id][0],
            subject=f"[Theo Dõi] {n.title}"[:300],
            body=_body([n], day),
            kind=Delivery.IMMEDIATE,
            day=day,
            created_at=moment,
            next_try_at=moment,
        )
        for n in notes
    ]
    Mail.objects.bulk_create(mails, batch_size=500)
    for note, mail in zip(notes, mails, strict=True):
        note.mail, note.wants_mail = mail, False
    Notification.objects.bulk_update(notes, ["mail", "wants_mail"], batch_size=500)


class Shown(Protocol):
    title: str
    body: str
    url: str


def _body(notes: Sequence[Shown], day: date, name: str = "") -> str:
    greeting = f"Kính gửi {name}," if name else "Kính gửi anh/chị,"
    lines = [greeting, ""]
    if len(notes) > 1:
        lines += [f"Theo Dõi có {len(notes)} thông báo cho anh/chị ngày {format_date(day)}:", ""]
    for i, note in enumerate(notes, start=1):
        head = f"{i}. {note.title}" if len(notes) > 1 else note.title
        lines.append(head)
        lines += [f"   {line}" for line in note.body.splitlines() if line.strip()]
        if note.url:
            lines.append(f"   {absolute(note.url)}")
        lines.append("")
    lines += [
        f"Xem tất cả thông báo: {absolute('/thong-bao/')}",
        "Thư gửi tự động từ hệ thống Theo Dõi nhiệm vụ BHXH Việt Nam; "
        "cách nhận thư (tổng hợp mỗi ngày hay gửi ngay) chọn ở trang Thông báo.",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class _Line:
    """A notification as a mail shows it."""

    pk: int
    title: str
    body: str
    url: str


# the columns of a new digest (`queue_digests` writes them with `insert_rows`)
MAIL_FIELDS = [
    "user",
    "to",
    "subject",
    "body",
    "kind",
    "day",
    "state",
    "attempts",
    "last_error",
    "next_try_at",
    "claim",
    "created_at",
]


@transaction.atomic
def queue_digests(day: date, *, moment: datetime | None = None) -> int:
    """Gather each digest reader's notifications not yet mailed into the day's one digest.
    A digest already sent that day leaves the rest for the next day's. Returns the number of
    digests written or extended."""
    moment = moment or timezone.now()
    by_user: dict[int, list[_Line]] = defaultdict(list)
    for user_id, *line in (
        Notification.objects.filter(wants_mail=True, mail__isnull=True)
        .order_by("user_id", "created_at", "id")
        .values_list("user_id", "pk", "title", "body", "url")
    ):
        by_user[user_id].append(_Line(*line))
    people = {
        pk: (email, name)
        for pk, email, name in User.objects.filter(pk__in=list(by_user)).values_list(
            "pk", "email", "full_name"
        )
    }
    existing = {
        mail.user_id: mail
        for mail in Mail.objects.filter(kind=Delivery.DIGEST, day=day, user_id__in=list(by_user))
    }
    silent: list[int] = []  # people without an address: their notifications stay in the app
    extended: list[Mail] = []
    new: list[tuple[object, ...]] = []  # rows of the digests written now
    attached: list[int] = []
    at, on = db_datetime(moment), connection.ops.adapt_datefield_value(day)
    for user_id, lines in by_user.items():
        email, name = people.get(user_id, ("", ""))
        mail = existing.get(user_id)
        if mail is not None and mail.state != MailState.QUEUED:
            continue
        if not email:
            silent.append(user_id)
            continue
        shown = [*mail.notifications.order_by("created_at", "id"), *lines] if mail else lines
        subject = f"[Theo Dõi] {len(shown)} thông báo ngày {format_date(day)}"
        body = _body(shown, day, name)
        if mail is None:
            queued = (Delivery.DIGEST, on, MailState.QUEUED, 0, "", at, "", at)
            new.append((user_id, email, subject, body, *queued))
        else:
            mail.to, mail.subject, mail.body, mail.next_try_at = email, subject, body, moment
            extended.append(mail)
        attached += [line.pk for line in lines]
    # notify wrote theirs without wanting mail: only those read here can still want it
    Notification.objects.filter(user_id__in=silent, wants_mail=True).update(wants_mail=False)
    insert_rows(Mail, MAIL_FIELDS, new)
    Mail.objects.bulk_update(extended, ["to", "subject", "body", "next_try_at"])
    _attach(attached, day)
    return len(new) + len(extended)


def _attach(note_ids: list[int], day: date, chunk: int = 5000) -> None:
    """Each listed notification joins its person's digest of `day`: one UPDATE per chunk (a
    correlated subquery finds the mail), not one per person. Only the notifications shown in
    a mail are attached, so one written meanwhile waits for the next digest."""
    digest = Mail.objects.filter(user_id=OuterRef("user_id"), kind=Delivery.DIGEST, day=day)
    for start in range(0, len(note_ids), chunk):
        Notification.objects.filter(pk__in=note_ids[start : start + chunk]).update(
            mail=Subquery(digest.values("pk")[:1]), wants_mail=False
        )


@transaction.atomic
def mark_read(user: User, ids: Sequence[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones if `ids` is None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preference_set(user: User, delivery: str) -> Preference:
    if delivery not in Delivery.values:
        raise ValidationFailed({"delivery": "Cách nhận thư không hợp lệ."})
    preference, _ = Preference.objects.update_or_create(user=user, defaults={"delivery": delivery})
    return preference
