"""The outbox: deliveries leave only with the transaction that queued them, right after it
commits and in a thread of their own (the step never waits for the receiver), and two runs
of the sender at once send each delivery once."""

import json
import threading
from datetime import date

import pytest
from django.db import transaction

from theodoi.conftest import database_for_threads, in_threads
from theodoi.monitoring.tests.conftest import task_for
from theodoi.tasks import steps
from theodoi.tasks.models import State
from theodoi.tasks.tests.conftest import World
from theodoi.webhooks.delivery import deliver
from theodoi.webhooks.events import Event
from theodoi.webhooks.models import Delivery, DeliveryState, Subscription
from theodoi.webhooks.services import emit
from theodoi.webhooks.tests.conftest import Receiver, join_soon_threads

pytestmark = pytest.mark.django_db(transaction=True)
PAYLOAD = {"task": {"id": 1}}


class Refused(Exception):
    pass


def test_a_rolled_back_transaction_sends_nothing(receiver: Receiver, tmp_path) -> None:
    Subscription.objects.create(url=receiver.url, events=[Event.TASK_APPROVED.value])

    def rolled_back() -> None:
        with transaction.atomic():
            emit(Event.TASK_APPROVED, PAYLOAD)
            raise Refused  # the step failed after its event was queued

    def committed() -> int:
        with transaction.atomic():
            return len(emit(Event.TASK_APPROVED, {"task": {"id": 2}}))

    with database_for_threads(tmp_path):
        with pytest.raises(Refused):
            in_threads(rolled_back)
        assert in_threads(committed) == [1]
        [got] = receiver.wait_for(1)
        join_soon_threads()
        [states] = in_threads(lambda: list(Delivery.objects.values_list("state", flat=True)))
    assert json.loads(got.body)["task"] == {"id": 2}  # only the committed one left
    assert states == [DeliveryState.SENT]  # and the rolled-back one was never written
    assert len(receiver.received) == 1


def test_the_step_does_not_wait_for_the_receiver(
    world: World, receiver: Receiver, tmp_path
) -> None:
    Subscription.objects.create(url=receiver.url, events=[Event.TASK_SUBMITTED.value])
    task = task_for(world, date(2026, 3, 31))
    receiver.gate = threading.Event()  # the receiver holds every request until released
    with database_for_threads(tmp_path):
        [done] = in_threads(
            lambda: steps.task_submit(
                actor=world.head, task=task, expected_version=task.version, result="Xong"
            )
        )
        assert done.state == State.SUBMITTED  # the step has returned…
        assert receiver.entered.wait(10)  # …while its delivery waits at the receiver
        assert not receiver.received
        receiver.gate.set()
        [got] = receiver.wait_for(1)
        join_soon_threads()
        [delivery] = in_threads(lambda: Delivery.objects.get())
    assert got.headers["x-theodoi-event"] == "task.submitted"
    assert (delivery.state, delivery.attempts, delivery.last_status) == (DeliveryState.SENT, 1, 200)


def test_two_runs_at_once_send_each_delivery_once(receiver: Receiver, tmp_path) -> None:
    """Two senders at once (the command and a request's `deliver_soon`; two commands never
    run at once: core/singleton.py) claim each delivery once."""
    subscription = Subscription.objects.create(url=receiver.url, events=["task.overdue"])
    Delivery.objects.bulk_create(  # waiting in the outbox (their first try failed)
        Delivery(subscription=subscription, event="task.overdue", body=f'{{"n":{n}}}')
        for n in range(6)
    )
    with database_for_threads(tmp_path):
        runs = in_threads(deliver, deliver)
    assert sum(run.sent for run in runs) == 6 and sum(run.failed for run in runs) == 0
    ids = [got.headers["x-theodoi-delivery"] for got in receiver.received]
    assert len(ids) == len(set(ids)) == 6
