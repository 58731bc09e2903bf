"""Sending the queued mail over SMTP (settings from the environment: EMAIL_HOST, EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/EMAIL_USE_SSL, DEFAULT_FROM_EMAIL).

A run claims the mail that is due (so two runs at once never send the same mail), sends it
over a few connections at once, and marks sent only what the server accepted. A server that
is down or refuses leaves the mail queued with the error, to be tried again later, less often
each time. A mail that cannot be made into a message at all (a line break in its subject,
written before such text was cleaned) is marked failed with the reason at once, and the rest
is sent.

`deliver_soon` sends a few given mails right after the transaction that queued them commits,
in a thread of their own, so a page that queues a mail (a password reset link) neither waits
for SMTP nor leaves the mail to the next run of the job; if that try fails, the mail waits
in the outbox for `theodoi send_mail` like any other.
"""

import contextlib
import queue
import smtplib
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from theodoi.core.background import after_commit_in_thread
from theodoi.notifications.models import Mail, MailState

CLAIM_FOR = timedelta(minutes=10)
FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
MAX_ATTEMPTS = 12  # about two days of retries; then the mail is marked failed, never sent
BATCH = 500


@dataclass(frozen=True)
class Delivered:
    sent: int
    failed: int  # attempts that failed this run (the mail stays queued, or is given up)
    error: str = ""
    broken: int = 0  # of `failed`: mail that cannot be made into a message, given up at once


@dataclass(frozen=True)
class Answer:
    mail: Mail
    error: str = ""  # "" when the server accepted the mail
    final: bool = False  # trying again cannot help


def _claim(now: datetime, token: str, only: Sequence[int] | None) -> list[Mail]:
    due = Q(state=MailState.QUEUED, next_try_at__lte=now) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if only is not None:
        due &= Q(pk__in=list(only))
    with transaction.atomic():
        ids = list(
            Mail.objects.filter(due)
            .order_by("next_try_at", "id")[:BATCH]
            .values_list("id", flat=True)
        )
        # the condition is checked again as each row is locked: a row another run claimed
        # meanwhile is left to it
        Mail.objects.filter(due, pk__in=ids).update(claim=token, claimed_until=now + CLAIM_FOR)
    return list(Mail.objects.filter(claim=token, state=MailState.QUEUED).order_by("id"))


def _failed(mail: Mail, token: str, error: str, now: datetime) -> None:
    attempts = mail.attempts + 1
    wait = min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)
    state = MailState.FAILED if attempts >= MAX_ATTEMPTS else MailState.QUEUED
    Mail.objects.filter(pk=mail.pk, claim=token).update(
        attempts=attempts,
        last_error=error[:2000],
        next_try_at=now + wait,
        state=state,
        claim="",
        claimed_until=None,
    )


def _given_up(mail: Mail, token: str, error: str) -> None:
    Mail.objects.filter(pk=mail.pk, claim=token).update(
        attempts=mail.attempts + 1,
        last_error=error[:2000],
        state=MailState.FAILED,
        claim="",
        claimed_until=None,
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"Máy chủ thư từ chối người nhận: {exc.recipients}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Máy chủ thư trả lời {exc.smtp_code}: {exc.smtp_error!r}"
    return f"Không kết nối được máy chủ thư {settings.EMAIL_HOST}:{settings.EMAIL_PORT} ({exc})"


def _send(mails: list[Mail], results: "queue.SimpleQueue[Answer | None]") -> None:
    """Send `mails` over one SMTP connection, putting an `Answer` on `results` as each is
    answered, then None. SMTP only: the database is the calling thread's."""
    try:
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
        except (OSError, smtplib.SMTPException) as exc:
            error = _describe(exc)
            for mail in mails:
                results.put(Answer(mail, error))
            return
        try:
            for mail in mails:
                message = EmailMessage(
                    mail.subject,
                    mail.body,
                    settings.DEFAULT_FROM_EMAIL,
                    [mail.to],
                    connection=connection,
                )
                try:
                    message.message()  # BadHeaderError (a ValueError): a line break in a header
                except (ValueError, TypeError) as exc:
                    results.put(Answer(mail, f"Không tạo được thư, sẽ không gửi lại: {exc}", True))
                    continue
                try:
                    message.send()
                except (OSError, smtplib.SMTPException) as exc:
                    results.put(Answer(mail, _describe(exc)))
                    continue
                results.put(Answer(mail))
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                connection.close()
    finally:
        results.put(None)


def deliver(now: datetime | None = None, only: Sequence[int] | None = None) -> Delivered:
    """Send the queued mail that is due (of `only`, if given), over up to
    THEODOI_SMTP_CONNECTIONS connections at once (threads that only talk SMTP; this thread
    records each answer as it comes). Returns what was sent and what failed."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    mails = _claim(now, token, only)
    if not mails:
        return Delivered(0, 0)
    senders = min(settings.THEODOI_SMTP_CONNECTIONS, len(mails))
    results: queue.SimpleQueue[Answer | None] = queue.SimpleQueue()
    sent = failed = broken = 0
    error = ""
    with ThreadPoolExecutor(senders, thread_name_prefix="smtp") as pool:
        jobs = [pool.submit(_send, mails[i::senders], results) for i in range(senders)]
        running = senders
        while running:
            answer = results.get()
            if answer is None:
                running -= 1
                continue
            mail, problem = answer.mail, answer.error
            if problem:
                error = problem
                if answer.final:
                    _given_up(mail, token, problem)
                    broken += 1
                else:
                    _failed(mail, token, problem, now)
                failed += 1
                continue
            Mail.objects.filter(pk=mail.pk, claim=token).update(
                state=MailState.SENT, sent_at=timezone.now(), claim="", claimed_until=None
            )
            sent += 1
    for job in jobs:
        job.result()  # a sender's unexpected error is raised here; its mail stays claimed
    return Delivered(sent, failed, error, broken)


SOON_THREAD = "mail-soon"


def deliver_soon(ids: Sequence[int]) -> None:
    """Once the current transaction commits, send the mails `ids` in a background thread
    (the request that queued them returns without waiting). Nothing is sent if it rolls back;
    a mail whose try fails stays queued for `theodoi send_mail`."""
    after_commit_in_thread(lambda wanted: deliver(only=wanted), ids, SOON_THREAD)
