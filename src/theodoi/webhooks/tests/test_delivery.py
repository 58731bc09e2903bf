"""Deliveries through a real HTTP receiver on 127.0.0.1: signed, retried after a refusal or
while the receiver is down, given up after many attempts and sent again on request."""

import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from theodoi.conftest import free_port
from theodoi.webhooks.delivery import MAX_ATTEMPTS, deliver
from theodoi.webhooks.events import Event
from theodoi.webhooks.models import Delivery, DeliveryState, Subscription
from theodoi.webhooks.services import delivery_resend, emit
from theodoi.webhooks.signing import verify
from theodoi.webhooks.tests.conftest import Receiver

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
MOMENT = datetime(2026, 12, 7, 9, 30, tzinfo=VN)
PAYLOAD = {"task": {"id": 7, "code": "1.1", "content": "Rà soát quy trình thu BHXH"}}


def subscribed(url: str, *events: Event) -> Subscription:
    return Subscription.objects.create(url=url, events=[e.value for e in events or list(Event)])


def test_a_delivery_is_signed_with_the_subscriptions_secret(receiver: Receiver) -> None:
    subscription = subscribed(receiver.url, Event.TASK_ASSIGNED)
    emit(Event.TASK_ASSIGNED, PAYLOAD, at=MOMENT)
    assert deliver().sent == 1
    [got] = receiver.received
    delivery = Delivery.objects.get()
    headers = got.headers
    assert headers["content-type"] == "application/json"
    assert headers["x-theodoi-event"] == "task.assigned"
    assert headers["x-theodoi-delivery"] == str(delivery.delivery_id)
    stamp, signed = headers["x-theodoi-timestamp"], headers["x-theodoi-signature"]
    assert signed.startswith("sha256=")
    assert abs(int(stamp) - time.time()) < 300
    assert verify(subscription.secret, stamp, got.body, signed)
    assert not verify("another-secret", stamp, got.body, signed)
    assert not verify(subscription.secret, stamp, got.body + b" ", signed)  # body changed
    assert not verify(subscription.secret, str(int(stamp) - 600), got.body, signed)
    assert not verify(subscription.secret, stamp, got.body, signed, now=int(stamp) + 301)
    body = json.loads(got.body)
    assert body == {
        "event": "task.assigned",
        "delivery": str(delivery.delivery_id),
        "occurred_at": "2026-12-07T09:30:00+07:00",
        **PAYLOAD,
    }
    assert got.body == delivery.body.encode()  # the bytes kept are the bytes sent


def test_a_receiver_answering_500_gets_the_delivery_on_the_retry(receiver: Receiver) -> None:
    subscribed(receiver.url)
    emit(Event.TASK_SUBMITTED, PAYLOAD)
    receiver.answers = [500]
    first = deliver(MOMENT)
    assert (first.sent, first.failed) == (0, 1)
    waiting = Delivery.objects.get()
    assert (waiting.state, waiting.attempts, waiting.last_status) == (DeliveryState.QUEUED, 1, 500)
    assert "500" in waiting.last_error
    assert waiting.next_try_at == MOMENT + timedelta(minutes=1)
    assert deliver(MOMENT + timedelta(seconds=30)).sent == 0  # not yet time to retry
    assert deliver(MOMENT + timedelta(minutes=1)).sent == 1
    sent = Delivery.objects.get()
    assert (sent.state, sent.attempts, sent.last_status) == (DeliveryState.SENT, 2, 200)
    assert sent.sent_at is not None
    first_try, retry = receiver.received
    assert first_try.body == retry.body  # the same bytes, the same delivery id
    assert first_try.headers["x-theodoi-delivery"] == retry.headers["x-theodoi-delivery"]


def test_no_delivery_is_lost_while_the_receiver_is_down() -> None:
    port = free_port()
    subscribed(f"http://127.0.0.1:{port}/hook")
    emit(Event.TASK_OVERDUE, PAYLOAD)
    result = deliver(MOMENT)
    assert (result.sent, result.failed) == (0, 1)
    waiting = Delivery.objects.get()
    assert (waiting.state, waiting.attempts, waiting.last_status) == (DeliveryState.QUEUED, 1, None)
    assert f"Không kết nối được http://127.0.0.1:{port}/hook" in waiting.last_error
    moment = MOMENT
    for minutes in (1, 2, 4):  # still down: waiting longer each time
        moment += timedelta(minutes=minutes)
        assert deliver(moment).failed == 1
    assert Delivery.objects.get().next_try_at == moment + timedelta(minutes=8)
    back = Receiver().start(port)  # the receiver comes back on its address
    try:
        assert deliver(moment + timedelta(minutes=8)).sent == 1
    finally:
        back.stop()
    assert len(back.received) == 1
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_a_delivery_given_up_is_kept_and_can_be_sent_again(receiver: Receiver, admin_user) -> None:
    subscribed(receiver.url)
    emit(Event.REPORT_SUBMITTED, PAYLOAD)
    receiver.answers = [503] * MAX_ATTEMPTS
    moment = MOMENT
    for _ in range(MAX_ATTEMPTS + 2):
        deliver(moment)
        moment += timedelta(days=1)
    given_up = Delivery.objects.get()
    assert (given_up.state, given_up.attempts) == (DeliveryState.FAILED, MAX_ATTEMPTS)
    assert "503" in given_up.last_error and f"Đã thử {MAX_ATTEMPTS} lần" in given_up.last_error
    assert len(receiver.received) == MAX_ATTEMPTS
    delivery_resend(actor=admin_user, delivery=given_up)
    assert deliver().sent == 1
    again = Delivery.objects.get()  # the same row, not a copy
    assert (again.pk, again.state, again.last_status) == (given_up.pk, DeliveryState.SENT, 200)
    assert receiver.received[-1].body == receiver.received[0].body


def test_only_active_subscriptions_that_want_the_event_get_it(receiver: Receiver) -> None:
    wants = subscribed(receiver.url, Event.TASK_APPROVED)
    subscribed(receiver.url + "/khac", Event.TASK_ASSIGNED)
    Subscription.objects.create(url=receiver.url, events=["task.approved"], active=False)
    emit(Event.TASK_APPROVED, PAYLOAD)
    assert list(Delivery.objects.values_list("subscription", flat=True)) == [wants.pk]


def test_a_delivery_of_a_subscription_turned_off_waits(receiver: Receiver) -> None:
    subscription = subscribed(receiver.url)
    emit(Event.TASK_APPROVED, PAYLOAD)
    Subscription.objects.filter(pk=subscription.pk).update(active=False)
    assert deliver().sent == 0 and not receiver.received
    Subscription.objects.filter(pk=subscription.pk).update(active=True)
    assert deliver().sent == 1


def test_the_check_in_the_api_guide_verifies_a_real_delivery(receiver: Receiver) -> None:
    """docs/api.md, "Webhook (nhận sự kiện)": its Python example, run as written."""
    guide = (Path(__file__).parents[4] / "docs" / "api.md").read_text()
    section = guide[guide.index("## Webhook") :]
    code = section[section.index("```python\n") + 10 : section.index("```\n", 10)]
    example: dict[str, Any] = {}
    exec(compile(code, "api.md", "exec"), example)
    subscription = subscribed(receiver.url, Event.TASK_ASSIGNED)
    emit(Event.TASK_ASSIGNED, PAYLOAD)
    deliver()
    [got] = receiver.received
    stamp, signed = got.headers["x-theodoi-timestamp"], got.headers["x-theodoi-signature"]
    assert example["verify"](subscription.secret, stamp, got.body, signed)
    assert not example["verify"]("another-secret", stamp, got.body, signed)
    assert not example["verify"](subscription.secret, str(int(stamp) - 301), got.body, signed)
