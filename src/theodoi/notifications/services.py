"""Writing notifications and queueing their e-mail (digest or immediate, as each person chose).

Nothing here talks to a mail server: `delivery.deliver` sends what is queued, so a page or the
reminder job never waits for SMTP, and a server that is down only delays the mail.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.core.bulk import db_datetime, insert_rows
from theodoi.core.errors import ValidationFailed
from theodoi.core.text import clean_line
from theodoi.notifications.delivery import deliver_soon
from theodoi.notifications.digests import Line, Reader, into_digests, mail_body
from theodoi.notifications.models import Delivery, Mail, MailKind, Notification, Preference
from theodoi.notifications.selectors import UNREAD


@dataclass(frozen=True)
class Draft:
    """A notification to write: for whom, about what (`key`), and what it says."""

    user_id: int
    key: str
    title: str
    body: str = ""
    url: str = ""
    task_id: int | None = None


class Recipient(NamedTuple):
    email: str  # "" if they have no address
    delivery: str
    name: str


def _recipients(user_ids: Iterable[int]) -> dict[int, Recipient]:
    """How each active user among `user_ids` gets their notifications."""
    rows = User.objects.filter(pk__in=set(user_ids), is_active=True).values_list(
        "pk", "email", "notification_preference__delivery", "full_name"
    )
    return {
        pk: Recipient(email or "", choice or Delivery.DIGEST, name)
        for pk, email, choice, name in rows
    }


@transaction.atomic
def notify(
    drafts: Sequence[Draft], *, moment: datetime | None = None, digest_day: date | None = None
) -> int:
    """Write the drafts (to active users) and return how many were written. A person with an
    e-mail address gets the mail now (immediate) or in the day's digest; one without gets the
    in-app notification only. Callers write a key once (the reminder job under its run lock,
    one key per letter); the unique (person, key) constraint refuses a second, and the
    caller's transaction with it.

    With `digest_day` (the reminder job) each digest reader's notifications are written into
    their digest of that day at once; without it `queue_digests` gathers them later."""
    moment = moment or timezone.now()
    who = _recipients(d.user_id for d in drafts)
    drafts = [d for d in drafts if d.user_id in who]
    digest_of: dict[int, int] = {}
    if digest_day is not None:
        readers = {
            pk: Reader(r.email, r.name)
            for pk, r in who.items()
            if r.email and r.delivery == Delivery.DIGEST
        }
        news: dict[int, list[Line]] = defaultdict(list)
        for d in drafts:
            if d.user_id in readers:
                news[d.user_id].append(Line(d.title[:300], d.body, d.url))
        digest_of = into_digests(digest_day, moment, readers, news)
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
            bool(who[d.user_id].email) and d.user_id not in digest_of,
            digest_of.get(d.user_id),
        )
        for d in drafts
    ]
    insert_rows(
        Notification,
        ["user", "key", "task", "title", "body", "url", "created_at", "wants_mail", "mail"],
        rows,
    )
    immediate = {pk for pk, r in who.items() if r.email and r.delivery == Delivery.IMMEDIATE}
    if immediate:
        keys = {(d.user_id, d.key) for d in drafts if d.user_id in immediate}
        written = Notification.objects.filter(
            user_id__in=list(immediate), wants_mail=True, mail__isnull=True, created_at=moment
        )
        _queue_immediate([n for n in written if (n.user_id, n.key) in keys], who, moment)
    return len(rows)


def _queue_immediate(
    notes: list[Notification], who: dict[int, Recipient], moment: datetime
) -> None:
    if not notes:
        return
    day = timezone.localdate(moment)
    mails = [
        Mail(
            user_id=n.user_id,
            to=who[n.user_id].email,
            subject=clean_line(f"[Theo Dõi] {n.title}")[:300],  # a header: one line
            body=mail_body([n], day),
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


@transaction.atomic
def mail_now(*, user: User, to: str, subject: str, body: str, kind: MailKind) -> Mail:
    """Queue one mail of its own (not a notification) and send it in the background as soon
    as the transaction commits (`delivery.deliver_soon`); if that fails it waits in the
    outbox for `theodoi send_mail` like any other."""
    now = timezone.now()
    mail = Mail.objects.create(
        user=user,
        to=to,
        subject=clean_line(subject)[:300],  # a header: one line
        body=body,
        kind=kind,
        day=timezone.localdate(now),
        created_at=now,
        next_try_at=now,
    )
    deliver_soon([mail.pk])
    return mail


@transaction.atomic
def mark_read(user: User, ids: Sequence[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones if `ids` is None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    if hasattr(user, UNREAD):  # the count read with the person is past: the bell asks again
        delattr(user, UNREAD)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preference_set(user: User, delivery: str) -> Preference:
    if delivery not in Delivery.values:
        raise ValidationFailed({"delivery": "Cách nhận thư không hợp lệ."})
    preference, _ = Preference.objects.update_or_create(user=user, defaults={"delivery": delivery})
    return preference
