"""Handing a unit's unfinished tasks to its successor after a merge or split (DOMAIN §3)."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token
from theodoi.core.errors import ValidationFailed
from theodoi.organisation.models import Unit
from theodoi.organisation.services import unit_succeed
from theodoi.organisation.tests.factories import UnitFactory
from theodoi.tasks import steps
from theodoi.tasks.handover import tasks_hand_over
from theodoi.tasks.models import EventKind, State, Task, TaskCoordination
from theodoi.tasks.stats import statistics
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.test_stats import ASSIGNED_ON, Story, StoryWorld

pytestmark = pytest.mark.django_db

D = date
MERGED = D(2024, 2, 1)  # TST ends on 31/01; its work goes on in the new unit(s)
HANDED = D(2024, 2, 5)


@dataclass
class Merged(StoryWorld):
    """TST's open and finished tasks, the CSXH task it helps with, and TSTM that replaces it."""

    open: Task = field(init=False)
    finished: Task = field(init=False)
    helped: Task = field(init=False)
    new: Unit = field(init=False)


@pytest.fixture
def merged(world: World, make_user) -> Merged:
    """TST leads an open task and a finished one and coordinates a CSXH task; on 01/02/2024
    it is replaced by TSTM."""
    w = Merged.of(world, make_user("unit_head", unit="CSXH"))
    w.open = Story(w).assign().task
    w.finished = (
        Story(w)
        .assign()
        .submit(D(2024, 1, 20))
        .close(D(2024, 1, 22), D(2024, 1, 23), D(2024, 1, 24))
        .task
    )
    w.helped = (
        Story(w, lead="CSXH")
        .do(
            steps.task_assign,
            w.leader,
            ASSIGNED_ON,
            leads=[w.units["CSXH"]],
            coordinating=[w.units["TST"]],
            deadline=D(2024, 3, 31),
        )
        .task
    )
    w.new = UnitFactory.create(code="TSTM", name="Ban Thu - Sổ, thẻ (mới)", valid_from=MERGED)
    unit_succeed(
        actor=None, predecessors=[w.units["TST"]], successors=[w.new], effective_date=MERGED
    )
    return w


def hand_over(w: World, successor: Unit, led: list[Task], coordinated=(), reason="QĐ 1/QĐ"):
    return tasks_hand_over(
        actor=w.office,
        unit=w.units["TST"],
        successor=successor,
        led=[t.pk for t in led],
        coordinated=[t.pk for t in coordinated],
        reason=reason,
        at=at(HANDED),
    )


def fresh(task: Task) -> Task:
    return Task.objects.get(pk=task.pk)


def test_unfinished_tasks_move_and_the_past_stays(merged: Merged) -> None:
    w = merged
    result = hand_over(w, w.new, [w.open], [w.helped])
    assert (result.led, result.coordinated) == (1, 1)
    moved = fresh(w.open)
    assert moved.lead_unit == w.new
    assert moved.state == State.IN_PROGRESS and moved.deadline == D(2024, 3, 31)
    assert fresh(w.finished).lead_unit == w.units["TST"]  # finished work keeps its unit
    helped = fresh(w.helped)
    assert set(helped.coordinations.values_list("unit__code", flat=True)) == {"TSTM"}
    event = moved.events.order_by("-id").first()
    assert event.action == EventKind.HAND_OVER and event.note == "QĐ 1/QĐ"
    assert event.data["handover"] == f"Chủ trì: {w.units['TST'].name} → {w.new.name}"
    assert helped.events.order_by("-id").first().action == EventKind.HAND_OVER
    # statistics: the old unit before the handover, the new one from that day
    before, after = statistics(D(2024, 2, 2)), statistics(D(2024, 2, 6))
    assert "TSTM" not in before["by_unit"]
    assert after["by_unit"]["TSTM"]["open_in_time"] == 1
    assert after["by_unit"]["TST"]["total"] == before["by_unit"]["TST"]["total"] - 1
    record = ChangeRecord.objects.get(action=ChangeKind.HAND_OVER, object_id=str(w.units["TST"].pk))
    assert record.get_action_display() == "Chuyển nhiệm vụ sang đơn vị kế thừa"
    assert record.after == {"successor": "TSTM", "led": [w.open.pk], "coordinated": [w.helped.pk]}


def test_the_successors_head_can_work_on_the_task(merged: Merged, make_user) -> None:
    w = merged
    hand_over(w, w.new, [w.open])
    head = make_user("unit_head", unit="TSTM")
    rows = client_for(head).get(reverse("tasks:list")).context["rows"]
    assert [row.task.pk for row in rows] == [w.open.pk]
    page = client_for(head).get(reverse("tasks:detail", args=[w.open.pk])).content.decode()
    assert "Chuyển sang đơn vị kế thừa" in page
    assert f"Chủ trì: {w.units['TST'].name} → {w.new.name}" in page


def test_a_successor_that_coordinated_now_leads_and_the_timeline_says_so(merged: Merged) -> None:
    w = merged
    TaskCoordination.objects.create(task=w.open, unit=w.new)  # it was asked to help
    hand_over(w, w.new, [w.open])
    moved = fresh(w.open)
    assert moved.lead_unit == w.new and not moved.coordinations.filter(unit=w.new).exists()
    event = moved.events.get(action=EventKind.HAND_OVER)
    assert event.data["handover"].endswith(f"({w.new.name} thôi là đơn vị phối hợp)")


def test_a_split_hands_different_tasks_to_different_units(world: World, make_user) -> None:
    w = StoryWorld.of(world, make_user("unit_head", unit="CSXH"))
    first, second = Story(w).assign().task, Story(w).assign().task
    a = UnitFactory.create(code="TSA", valid_from=MERGED)
    b = UnitFactory.create(code="TSB", valid_from=MERGED)
    unit_succeed(
        actor=None, predecessors=[w.units["TST"]], successors=[a, b], effective_date=MERGED
    )
    hand_over(w, a, [first])
    hand_over(w, b, [second])
    assert (fresh(first).lead_unit, fresh(second).lead_unit) == (a, b)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"successor": "CNTT"}, "successor", "không phải đơn vị kế thừa"),
        ({"reason": "  "}, "reason", "Hãy ghi lý do"),
        ({"led": "finished"}, "__all__", "không còn là việc đang mở"),
        ({"led": "none"}, "__all__", "Chưa chọn nhiệm vụ nào"),
    ],
)
def test_refusals_change_nothing(merged: Merged, change: dict, field: str, message: str) -> None:
    w = merged
    successor = w.units.get(change.get("successor", ""), w.new)
    led = {"finished": [w.open, w.finished], "none": []}.get(change.get("led", ""), [w.open])
    with pytest.raises(ValidationFailed) as refused:
        hand_over(w, successor, led, reason=change.get("reason", "QĐ 1/QĐ"))
    assert message in refused.value.errors[field]
    assert fresh(w.open).lead_unit == w.units["TST"]
    assert not fresh(w.open).events.filter(action=EventKind.HAND_OVER).exists()


def test_the_page_moves_the_ticked_tasks(merged: Merged) -> None:
    w = merged
    client = client_for(w.office)
    unit_page = client.get(reverse("organisation:detail", args=[w.units["TST"].pk]))
    url = reverse("tasks:handover", args=[w.units["TST"].pk])
    assert url in unit_page.content.decode()
    page = client.get(url).content.decode()
    assert f'name="led" value="{w.open.pk}" id="led-{w.open.pk}" checked' in page
    assert f'value="{w.finished.pk}"' not in page  # finished tasks are not offered
    data = with_token(w.office, {"successor": w.new.pk, "led": [w.open.pk], "reason": ""})
    refused = client.post(url, data)
    assert "Hãy ghi lý do chuyển" in refused.content.decode()
    assert fresh(w.open).lead_unit == w.units["TST"]
    done = client.post(url, data | {"reason": "QĐ 5"})
    assert done.status_code == 302 and done["Location"].endswith(f"?don_vi={w.new.pk}")
    assert fresh(w.open).lead_unit == w.new
    assert fresh(w.helped).coordinations.filter(unit__code="TST").exists()  # left unticked
    listed = client.get(done["Location"])
    assert "Đã chuyển 1 nhiệm vụ chủ trì và 0 nhiệm vụ phối hợp" in listed.content.decode()


def test_a_stale_page_is_refused_whole(merged: Merged) -> None:
    w = merged
    client = client_for(w.office)
    url = reverse("tasks:handover", args=[w.units["TST"].pk])
    hand_over(w, w.new, [w.open])  # someone else was quicker
    response = client.post(
        url,
        with_token(
            w.office,
            {
                "successor": w.new.pk,
                "led": [w.open.pk],
                "coordinated": [w.helped.pk],
                "reason": "x",
            },
        ),
    )
    assert "không còn là việc đang mở" in response.content.decode()
    assert fresh(w.helped).coordinations.filter(unit__code="TST").exists()


def test_without_a_successor_the_page_says_what_to_do_first(world: World) -> None:
    page = client_for(world.office).get(reverse("tasks:handover", args=[world.units["CNTT"].pk]))
    assert "chưa có đơn vị kế thừa" in page.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(merged: Merged) -> None:
    w = merged
    client = client_for(w.office)
    url = reverse("tasks:handover", args=[w.units["TST"].pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        Story(w).assign()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["handover"].led) == 6
    assert len(many) == len(few) <= 15
