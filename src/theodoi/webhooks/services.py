"""Webhook writes: the administrators' subscriptions (each change in the change log, never
the secret), a failed delivery sent again, and `emit`, which queues an event's deliveries in
the caller's transaction (the outbox: nothing leaves if it rolls back)."""

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from theodoi.audit.models import ChangeKind
from theodoi.audit.services import Actor, record_change, snapshot
from theodoi.core.compiled import Compiled
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.webhooks.delivery import deliver_soon
from theodoi.webhooks.events import Event
from theodoi.webhooks.models import Delivery, DeliveryState, Subscription, new_secret

Payload = dict[str, Any]
LOGGED = ["url", "description", "events", "active"]
MAX_URL = Subscription._meta.get_field("url").max_length or 500
STALE = "Đăng ký webhook này vừa được người khác thay đổi. Hãy tải lại trang rồi làm lại."


# Emitting ------------------------------------------------------------------------------------


# read at each step of a task that a webhook may want (docs/adr/0027-compiled-once.md)
ACTIVE = Compiled(lambda: Subscription.objects.filter(active=True).values_list("id", "events"))


def subscribers() -> dict[str, list[int]]:
    """The active subscriptions by the event names they want (one query; none: {})."""
    wanted: dict[str, list[int]] = {}
    for pk, names in ACTIVE.rows():
        for name in names or []:
            wanted.setdefault(str(name), []).append(pk)
    return wanted


def body_of(event: Event, delivery_id: uuid.UUID, moment: datetime, payload: Payload) -> str:
    head = {
        "event": event.value,
        "delivery": str(delivery_id),
        "occurred_at": timezone.localtime(moment).isoformat(),
    }
    return json.dumps(head | payload, ensure_ascii=False, separators=(",", ":"))


def queue(
    event: Event, targets: Sequence[int], payload: Payload, moment: datetime
) -> list[Delivery]:
    """One delivery of `event` per subscription in `targets`, sent right after the commit."""
    rows = []
    for subscription_id in targets:
        delivery_id = uuid.uuid4()
        rows.append(
            Delivery(
                subscription_id=subscription_id,
                event=event.value,
                delivery_id=delivery_id,
                body=body_of(event, delivery_id, moment, payload),
            )
        )
    made = Delivery.objects.bulk_create(rows)
    deliver_soon([d.pk for d in made])
    return made


def emit(
    event: Event,
    payload: Payload | Callable[[], Payload],
    *,
    at: datetime | None = None,
    wanted: dict[str, list[int]] | None = None,
) -> list[Delivery]:
    """Queue `event` for every active subscription that wants it, in the caller's transaction;
    they are sent in a thread once it commits. `payload` may be a function, called only when
    a subscription wants the event; `wanted`: `subscribers()` already read by the caller."""
    targets = (subscribers() if wanted is None else wanted).get(event.value, [])
    if not targets:
        return []
    data = payload() if callable(payload) else payload
    return queue(event, targets, data, at or timezone.now())


# The administrators' subscriptions ------------------------------------------------------------


def _url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise ValidationFailed({"url": "Cần nhập địa chỉ nhận."}, Code.REQUIRED)
    if len(url) > MAX_URL:
        raise ValidationFailed({"url": f"Địa chỉ nhận dài quá {MAX_URL} ký tự."}, Code.INVALID)
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValidationFailed(
            {"url": "Địa chỉ nhận phải là địa chỉ http:// hoặc https:// đầy đủ."}, Code.INVALID
        )
    return url


def _events(names: Sequence[str]) -> list[str]:
    chosen: list[str] = [event.value for event in Event if event.value in set(names)]
    unknown = sorted(set(names) - set(chosen))
    if unknown:
        raise ValidationFailed({"events": f"Không có sự kiện {', '.join(unknown)}."}, Code.INVALID)
    if not chosen:
        raise ValidationFailed({"events": "Cần chọn ít nhất một sự kiện."}, Code.REQUIRED)
    return chosen


def _locked(subscription: Subscription, expected_version: int) -> Subscription:
    bumped = Subscription.objects.filter(pk=subscription.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        raise ConflictError(STALE)
    return Subscription.objects.get(pk=subscription.pk)


@transaction.atomic
def subscription_create(
    *, actor: Actor, url: str, events: Sequence[str], description: str = ""
) -> Subscription:
    """A new subscription with a new secret (the page shows it once)."""
    made = Subscription.objects.create(
        url=_url(url),
        events=_events(events),
        description=description.strip(),
        created_by=actor if actor is not None and actor.pk else None,
    )
    record_change(
        actor=actor, action=ChangeKind.CREATE, obj=made, before=None, after=snapshot(made, LOGGED)
    )
    return made


@transaction.atomic
def subscription_update(
    *,
    actor: Actor,
    subscription: Subscription,
    expected_version: int,
    events: Sequence[str],
    active: bool,
    description: str,
) -> Subscription:
    chosen = _events(events)
    current = _locked(subscription, expected_version)
    before = snapshot(current, LOGGED)
    current.events, current.active, current.description = chosen, active, description.strip()
    current.save(update_fields=["events", "active", "description"])
    after = snapshot(current, LOGGED)
    changed = [key for key in LOGGED if before[key] != after[key]]
    record_change(
        actor=actor,
        action=ChangeKind.UPDATE,
        obj=current,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    if active and not before["active"]:
        # what waited while it was off leaves now (`theodoi send_webhooks` would send it too)
        waiting = current.deliveries.filter(state=DeliveryState.QUEUED)
        deliver_soon(list(waiting.values_list("pk", flat=True)[:200]))
    return current


@transaction.atomic
def subscription_new_secret(
    *, actor: Actor, subscription: Subscription, expected_version: int
) -> Subscription:
    """A new secret (the page shows it once); the old one stops signing at once. The change
    log says when, never the secret."""
    current = _locked(subscription, expected_version)
    current.secret = new_secret()
    current.save(update_fields=["secret"])
    record_change(
        actor=actor, action=ChangeKind.WEBHOOK_SECRET, obj=current, before=None, after=None
    )
    return current


@transaction.atomic
def delivery_resend(*, actor: Actor, delivery: Delivery) -> Delivery:
    """A delivery given up on, queued again as it is (the same body, delivery id and row): it
    is tried at once and then as any queued one, from a first attempt again."""
    current = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if current.state != DeliveryState.FAILED:
        raise ValidationFailed(
            {"__all__": "Chỉ gửi lại được lần gửi đã bị đánh dấu gửi không được."},
            Code.WRONG_STATE,
        )
    before = {"state": current.state, "attempts": current.attempts}
    current.state, current.attempts = DeliveryState.QUEUED, 0
    current.next_try_at, current.claim, current.claimed_until = timezone.now(), "", None
    current.save(update_fields=["state", "attempts", "next_try_at", "claim", "claimed_until"])
    record_change(
        actor=actor,
        action=ChangeKind.WEBHOOK_RESEND,
        obj=current,
        before=before,
        after={"state": current.state, "attempts": current.attempts},
    )
    deliver_soon([current.pk])
    return current
