"""Each digest reader's one mail a day: which notifications it shows, and its text.

A notification that wants mail (`wants_mail`, no `mail` yet) joins its person's digest of the
day while that digest is still queued; once the day's digest has left, it waits for the next
day's. The reminder job puts its notifications into their digests as it writes them
(`notify(..., digest_day=...)`), so each is written once, not written and then updated (tens
of thousands on a first day: docs/bench.md); `queue_digests` gathers the others (those written
by pages, e.g. an urging letter's).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
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
from theodoi.notifications.models import Delivery, Mail, MailState, Notification


class Shown(Protocol):
    """A notification as a mail shows it."""

    @property
    def title(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def url(self) -> str: ...


@dataclass(frozen=True)
class Line:
    title: str
    body: str
    url: str


@dataclass(frozen=True)
class Waiting(Line):
    pk: int


@dataclass(frozen=True)
class Reader:
    """A person who reads a digest: where it goes and how it greets them."""

    email: str
    name: str


def absolute(url: str) -> str:
    return settings.THEODOI_BASE_URL.rstrip("/") + url if url.startswith("/") else url


def mail_body(notes: Sequence[Shown], day: date, name: str = "") -> str:
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


# the columns of a new digest, in the order `into_digests` gives them to `insert_rows`
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


def into_digests(
    day: date,
    moment: datetime,
    readers: Mapping[int, Reader],
    news: Mapping[int, Sequence[Shown]] | None = None,
) -> dict[int, int]:
    """Put each reader's waiting notifications, then their `news` (notifications the caller is
    about to write), into their digest of `day`: a new one, or the queued one extended. A
    digest already sent that day is left alone. Returns the digest's id for each reader whose
    digest was written or extended now; the caller attaches the news to it."""
    news = news or {}
    users = list(readers)
    waiting: dict[int, list[Waiting]] = defaultdict(list)
    for user_id, pk, title, body, url in (
        Notification.objects.filter(user_id__in=users, wants_mail=True, mail__isnull=True)
        .order_by("user_id", "created_at", "id")
        .values_list("user_id", "pk", "title", "body", "url")
    ):
        waiting[user_id].append(Waiting(title, body, url, pk))
    existing = {
        mail.user_id: mail
        for mail in Mail.objects.filter(kind=Delivery.DIGEST, day=day, user_id__in=users)
    }
    shown_before: dict[int, list[Line]] = defaultdict(list)
    for mail_id, *line in (
        Notification.objects.filter(
            mail__in=[m.pk for m in existing.values() if m.state == MailState.QUEUED]
        )
        .order_by("created_at", "id")
        .values_list("mail_id", "title", "body", "url")
    ):
        shown_before[mail_id].append(Line(*line))
    new: list[tuple[object, ...]] = []  # rows of the digests written now
    extended: list[Mail] = []
    attached: list[int] = []
    at, on = db_datetime(moment), connection.ops.adapt_datefield_value(day)
    for user_id, reader in readers.items():
        mail = existing.get(user_id)
        lines = [*waiting[user_id], *news.get(user_id, ())]
        if not lines or (mail is not None and mail.state != MailState.QUEUED):
            continue
        shown = [*shown_before[mail.pk], *lines] if mail else lines
        subject = f"[Theo Dõi] {len(shown)} thông báo ngày {format_date(day)}"
        body = mail_body(shown, day, reader.name)
        if mail is None:
            queued = (Delivery.DIGEST, on, MailState.QUEUED, 0, "", at, "", at)
            new.append((user_id, reader.email, subject, body, *queued))
        else:
            mail.to, mail.subject, mail.body, mail.next_try_at = reader.email, subject, body, moment
            extended.append(mail)
        attached += [line.pk for line in waiting[user_id]]
    insert_rows(Mail, MAIL_FIELDS, new)
    Mail.objects.bulk_update(extended, ["to", "subject", "body", "next_try_at"])
    _attach(attached, day)
    ids = {mail.user_id: mail.pk for mail in extended}
    written = Mail.objects.filter(kind=Delivery.DIGEST, day=day, user_id__in=[r[0] for r in new])
    return ids | dict(written.values_list("user_id", "pk"))


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
def queue_digests(day: date, *, moment: datetime | None = None) -> int:
    """Gather each digest reader's notifications not yet mailed into the day's one digest (a
    digest already sent that day leaves them for the next day's). Returns the number of
    digests written or extended."""
    moment = moment or timezone.now()
    waiting = (
        Notification.objects.filter(wants_mail=True, mail__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    people = {
        pk: Reader(email or "", name)
        for pk, email, name in User.objects.filter(pk__in=waiting).values_list(
            "pk", "email", "full_name"
        )
    }
    # a person who lost their address keeps their notifications in the app only
    silent = [pk for pk, reader in people.items() if not reader.email]
    Notification.objects.filter(user_id__in=silent, wants_mail=True).update(wants_mail=False)
    readers = {pk: reader for pk, reader in people.items() if reader.email}
    return len(into_digests(day, moment, readers))
