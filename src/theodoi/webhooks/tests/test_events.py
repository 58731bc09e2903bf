"""Which events the cycle's steps, the reminder job and a report's submission emit, what
their payloads say, and that a site without webhooks pays one query per step for them."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.monitoring.models import Reminder, ReminderKind
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.tests.conftest import task_for
from theodoi.organisation.labels import unit_label
from theodoi.reports import services as reports
from theodoi.reports.tests.factories import FILLED, make_round, request_of
from theodoi.tasks import steps
from theodoi.tasks.models import Origin, State, Task
from theodoi.tasks.tests.conftest import World, at
from theodoi.webhooks.events import Event
from theodoi.webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db
ISSUED = date(2026, 1, 5)
DEADLINE = date(2026, 3, 31)


def subscribe(*events: Event) -> Subscription:
    return Subscription.objects.create(
        url="http://127.0.0.1:9/hook", events=[e.value for e in events or list(Event)]
    )


def bodies(event: Event) -> list[dict[str, object]]:
    rows = Delivery.objects.filter(event=event.value).order_by("id")
    return [json.loads(d.body) for d in rows]


def sent_events() -> list[str]:
    return list(Delivery.objects.order_by("id").values_list("event", flat=True))


def submitted(world: World, task: Task) -> Task:
    return steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="Báo cáo rà soát"
    )


def test_an_assignment_is_sent_with_the_task_as_it_stands(world: World) -> None:
    subscribe()
    task = task_for(world, DEADLINE, issued=ISSUED, accept=False)
    assert sent_events() == ["task.assigned"]
    [body] = bodies(Event.TASK_ASSIGNED)
    tst = world.units["TST"]
    assert body["task"] == {
        "id": task.pk,
        "code": "1.1",
        "content": "Rà soát quy trình thu BHXH",
        "state": "assigned",
        "lead": {"code": "TST", "name": unit_label(tst)},
        "deadline": "2026-03-31",
        "url": f"/api/v1/tasks/{task.pk}/",
    }
    assert body["occurred_at"] == at(ISSUED).isoformat() == "2026-01-05T09:00:00+07:00"
    assert body["event"] == "task.assigned" and body["delivery"] == str(
        Delivery.objects.get().delivery_id
    )


def test_each_step_of_the_cycle_sends_its_event(world: World) -> None:
    subscribe()
    returned = task_for(world, DEADLINE, issued=ISSUED, accept=False)
    steps.task_return(
        actor=world.head,
        task=returned,
        expected_version=returned.version,
        reason="Không thuộc chức năng của Ban",
    )
    own = world.document(origin=Origin.INTERNAL, issued=ISSUED)
    task = task_for(world, DEADLINE, issued=ISSUED)
    Task.objects.filter(pk=task.pk).update(document=own)  # the agency's own plan
    task.refresh_from_db()
    task = submitted(world, task)
    task = steps.task_forward(actor=world.office, task=task, expected_version=task.version)
    task = steps.task_approve(actor=world.leader, task=task, expected_version=task.version)
    assert task.state == State.DONE
    assert sent_events() == [
        "task.assigned",
        "task.returned",
        "task.assigned",
        "task.submitted",
        "task.approved",
        "task.completed",
    ]
    [done] = bodies(Event.TASK_COMPLETED)
    assert done["task"]["state"] == "done"
    [back] = bodies(Event.TASK_RETURNED)
    assert back["task"]["id"] == returned.pk


def test_a_subscription_gets_only_the_events_it_chose(world: World) -> None:
    subscribe(Event.TASK_SUBMITTED)
    task = task_for(world, DEADLINE, issued=ISSUED)
    submitted(world, task)
    assert sent_events() == ["task.submitted"]


def test_a_step_costs_one_query_more_without_webhooks_and_builds_nothing(world: World) -> None:
    task = task_for(world, DEADLINE, issued=ISSUED)
    other = task_for(world, DEADLINE, issued=ISSUED, content="Báo cáo tình hình nợ đọng")

    def step_queries(task: Task) -> int:
        with CaptureQueriesContext(connection) as seen:
            submitted(world, task)
        return len(seen)

    without = step_queries(task)
    subscribe(Event.TASK_SUBMITTED)
    with_one = step_queries(other)
    # the subscriptions read (once per step) and, with one, the delivery written
    expected = WITHOUT_WEBHOOKS[connection.vendor]
    assert (without, with_one) == (expected, expected + 1)
    assert len(bodies(Event.TASK_SUBMITTED)) == 1


# the submit step's queries on a site with no subscription, the subscription table's included
# (one fewer before webhooks)
WITHOUT_WEBHOOKS = {"sqlite": 15, "postgresql": 14}


def test_a_submitted_report_is_sent(world: World) -> None:
    subscribe(Event.REPORT_SUBMITTED)
    report_round = make_round(world.units["VP"], [world.units["TST"]])
    request = request_of(report_round, world.units["TST"])
    request = reports.report_save_draft(
        actor=world.staff, request=request, expected_version=request.version, sections=FILLED
    )
    reports.report_submit(
        actor=world.head, request=request, expected_version=request.version, today=date(2026, 3, 16)
    )
    [body] = bodies(Event.REPORT_SUBMITTED)
    assert body["report"] == {
        "id": request.pk,
        "type": None,  # an ad-hoc round has no report type
        "period": "2026-Q1",
        "unit": {"code": "TST", "name": unit_label(world.units["TST"])},
        "version": 1,
    }


def test_a_task_becoming_overdue_is_sent_once(world: World) -> None:
    subscribe(Event.TASK_OVERDUE)
    late = task_for(world, date(2026, 12, 7), content="Rà soát quy trình thu BHXH")
    also = task_for(world, date(2026, 12, 7), content="Báo cáo tình hình nợ đọng")
    task_for(world, date(2026, 12, 31), content="Chưa đến hạn")
    day = date(2026, 12, 7)  # one working day after the internal deadline (04/12)
    for n in range(10):  # the job runs every day; overdue reminders repeat on their stages
        run_reminders(day + timedelta(days=n), moment=at(day + timedelta(days=n), 7))
    overdue = Reminder.objects.filter(
        task=late, kind=ReminderKind.LEAD, stage__startswith="overdue"
    )
    assert overdue.count() > 1  # reminded several times while overdue
    sent = sorted(body["task"]["id"] for body in bodies(Event.TASK_OVERDUE))
    assert sent == sorted([late.pk, also.pk])
