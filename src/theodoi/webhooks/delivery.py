"""Sending the queued webhook deliveries, signed, over HTTP(S) (the standard library's
`urllib.request`, 10 seconds per attempt).

A run claims the deliveries that are due (so two runs at once never send the same one),
posts them a few at a time, and marks sent only what the receiver answered with 2xx. Any
other answer, or no answer, leaves the delivery queued with the status and the error, tried
again later, less often each time (1 minute, doubling, at most 6 hours apart); after
MAX_ATTEMPTS it is marked failed with the reason. Nothing is deleted. A delivery whose
subscription is turned off waits until it is turned on again.

`deliver_soon` sends the deliveries an event just queued once the transaction that queued
them commits, in a thread of their own, so the request that caused the event never waits for
the receiver; if that try fails, the delivery waits for `theodoi send_webhooks`.
"""

import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from theodoi.core.background import after_commit_in_thread
from theodoi.webhooks.models import Delivery, DeliveryState, Subscription
from theodoi.webhooks.signing import signature

CLAIM_FOR = timedelta(minutes=10)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
MAX_ATTEMPTS = 12  # about a day of retries; then the delivery is marked failed
TIMEOUT = 10  # seconds per attempt
SENDERS = 4  # receivers posted to at once
BATCH = 200
USER_AGENT = "TheoDoi-Webhook/1"


@dataclass(frozen=True)
class Delivered:
    sent: int
    failed: int  # attempts that failed this run (the delivery stays queued, or is given up)


@dataclass(frozen=True)
class Answer:
    status: int | None  # the HTTP status, None when there was no answer
    error: str = ""  # "" when the receiver answered 2xx


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other non-2xx: the body is not posted elsewhere."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(url: str, event: str, delivery_id: str, body: bytes, secret: str) -> Answer:
    """One signed attempt; the receiver's answer (no database here: it runs in a thread)."""
    stamp = str(int(time.time()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-TheoDoi-Event": event,
            "X-TheoDoi-Delivery": delivery_id,
            "X-TheoDoi-Timestamp": stamp,
            "X-TheoDoi-Signature": signature(secret, stamp, body),
        },
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, f"Nơi nhận trả lời {exc.code} {exc.reason}".strip())
    except (OSError, ValueError) as exc:  # URLError, refused, timed out, a malformed address
        reason = getattr(exc, "reason", exc)
        return Answer(None, f"Không kết nối được {url} ({reason})")
    if 200 <= status < 300:
        return Answer(status)
    return Answer(status, f"Nơi nhận trả lời {status}")


def _claim(now: datetime, token: str, only: Sequence[int] | None) -> list[Delivery]:
    # the active subscriptions by id, not by a join: an UPDATE filtered through a join becomes
    # `id IN (SELECT …)`, which PostgreSQL does not check again on a row another run has just
    # claimed, and both runs would send it
    active = list(Subscription.objects.filter(active=True).values_list("pk", flat=True))
    due = Q(state=DeliveryState.QUEUED, next_try_at__lte=now, subscription_id__in=active) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if only is not None:
        due &= Q(pk__in=list(only))
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(due)
            .order_by("next_try_at", "id")[:BATCH]
            .values_list("id", flat=True)
        )
        # the condition is checked again as each row is locked: a row another run claimed
        # meanwhile is left to it
        Delivery.objects.filter(due, pk__in=ids).update(claim=token, claimed_until=now + CLAIM_FOR)
    return list(
        Delivery.objects.filter(claim=token, state=DeliveryState.QUEUED)
        .select_related("subscription")
        .order_by("id")
    )


def _record(delivery: Delivery, token: str, answer: Answer, now: datetime) -> bool:
    """Keep the attempt's outcome; True when the delivery was sent."""
    attempts = delivery.attempts + 1
    kept = {"attempts": attempts, "last_status": answer.status, "claim": "", "claimed_until": None}
    if not answer.error:
        Delivery.objects.filter(pk=delivery.pk, claim=token).update(
            state=DeliveryState.SENT, sent_at=timezone.now(), last_error="", **kept
        )
        return True
    wait = min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)
    given_up = attempts >= MAX_ATTEMPTS
    error = answer.error + (f" Đã thử {attempts} lần, không gửi lại nữa." if given_up else "")
    Delivery.objects.filter(pk=delivery.pk, claim=token).update(
        state=DeliveryState.FAILED if given_up else DeliveryState.QUEUED,
        next_try_at=now + wait,
        last_error=error[:2000],
        **kept,
    )
    return False


def deliver(now: datetime | None = None, only: Sequence[int] | None = None) -> Delivered:
    """Send the queued deliveries that are due (of `only`, if given), SENDERS at once (threads
    that only talk HTTP; this thread records each answer)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    claimed = _claim(now, token, only)
    if not claimed:
        return Delivered(0, 0)
    sent = failed = 0
    with ThreadPoolExecutor(min(SENDERS, len(claimed)), thread_name_prefix="webhook") as pool:
        answers = pool.map(
            lambda d: post(
                d.subscription.url,
                d.event,
                str(d.delivery_id),
                d.body.encode(),
                d.subscription.secret,
            ),
            claimed,
        )
        for delivery, answer in zip(claimed, answers, strict=True):
            if _record(delivery, token, answer, now):
                sent += 1
            else:
                failed += 1
    return Delivered(sent, failed)


SOON_THREAD = "webhook-soon"


def deliver_soon(ids: Sequence[int]) -> None:
    """Once the current transaction commits, send the deliveries `ids` in a background thread
    (the request that queued them returns without waiting). Nothing is sent if it rolls back;
    a delivery whose try fails stays queued for `theodoi send_webhooks`."""
    after_commit_in_thread(lambda wanted: deliver(only=wanted), ids, SOON_THREAD)
