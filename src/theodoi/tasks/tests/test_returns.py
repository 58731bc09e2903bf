"""Returns (Art. 5.2.b, 5.3.b): the Office takes a returned task to a leader; a unit that finds
after accepting a task that it is outside its remit asks for re-assignment, which goes the way
of a return; the leader re-assigns or confirms."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import with_token
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.evaluation.metrics import gather
from theodoi.notifications.models import Notification
from theodoi.tasks import steps
from theodoi.tasks.models import EventKind, State, Task
from theodoi.tasks.selectors.work import my_work
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.test_notices import told
from theodoi.tasks.tests.test_steps import assigned, in_progress

pytestmark = pytest.mark.django_db
DAY = at(date(2024, 2, 1))
REASON = "Nội dung thuộc chức năng của Vụ Chính sách"


def asked(world: World, **kw) -> Task:
    """A task under way (40%) whose lead unit (TST) asks for re-assignment."""
    task = in_progress(world)
    task = steps.task_progress(
        actor=world.staff, task=task, expected_version=task.version, note="Dự thảo", progress=40
    )
    return steps.task_request_reassignment(
        actor=world.head,
        task=task,
        expected_version=task.version,
        reason=kw.pop("reason", REASON),
        unit=kw.pop("unit", world.units["CSXH"]),
        proposal=kw.pop("proposal", "Giao Ban Thực hiện chính sách chủ trì"),
        at=DAY,
    )


def returned(world: World) -> Task:
    task = assigned(world)
    return steps.task_return(
        actor=world.head, task=task, expected_version=task.version, reason="Không đúng chức năng"
    )


def second_leader(world: World) -> User:
    return UserFactory.create(
        username="lanhdao2", full_name="lanhdao2", roles=[Role.LEADER], unit=world.units["LD"]
    )


def test_asking_for_reassignment_returns_the_task_and_keeps_its_people(world: World) -> None:
    task = Task.objects.get(pk=asked(world).pk)
    assert task.state == State.RETURNED and task.lead_unit == world.units["TST"]
    assert list(task.assignees.all()) == [world.staff]
    event = task.events.get(action=EventKind.REQUEST_REASSIGNMENT)
    assert event.actor == world.head and event.from_state == State.IN_PROGRESS
    assert event.note == REASON and event.data["unit_id"] == world.units["CSXH"].pk


def test_asking_tells_the_office_and_the_leader_not_the_unit(world: World) -> None:
    task = in_progress(world)
    told()
    steps.task_request_reassignment(
        actor=world.head, task=task, expected_version=task.version, reason=REASON
    )
    assert told() == {world.office.username, world.leader.username}  # not the head, not staff


def test_only_the_heads_ask_only_under_way_and_with_a_reason(world: World) -> None:
    task = in_progress(world)
    for person in (world.staff, world.office, world.leader, world.coord):
        with pytest.raises(ValidationFailed) as refused:
            steps.task_request_reassignment(
                actor=person, task=task, expected_version=task.version, reason=REASON
            )
        assert refused.value.code == Code.NOT_PERMITTED
    task = Task.objects.get(pk=task.pk)
    with pytest.raises(ValidationFailed) as refused:
        steps.task_request_reassignment(
            actor=world.head, task=task, expected_version=task.version, reason="  "
        )
    assert refused.value.code == Code.REQUIRED and "lý do" in refused.value.errors["reason"]
    task = Task.objects.get(pk=task.pk)
    with pytest.raises(ValidationFailed) as refused:
        steps.task_request_reassignment(
            actor=world.head,
            task=task,
            expected_version=task.version,
            reason=REASON,
            unit=world.units["TST"],
        )
    assert refused.value.code == Code.INVALID and "đang chủ trì" in refused.value.errors["unit"]
    task = Task.objects.get(pk=task.pk)
    with pytest.raises(ValidationFailed) as refused:
        steps.task_request_reassignment(
            actor=world.head,
            task=task,
            expected_version=task.version,
            reason=REASON,
            unit=world.units["LD"],  # the leadership does not lead a task
        )
    assert refused.value.code == Code.INVALID
    assert "không thể chủ trì" in refused.value.errors["unit"]
    fresh = assigned(world)  # not yet accepted: the unit returns it instead
    with pytest.raises(ValidationFailed) as refused:
        steps.task_request_reassignment(
            actor=world.head, task=fresh, expected_version=fresh.version, reason=REASON
        )
    assert refused.value.code == Code.WRONG_STATE
    assert not Notification.objects.filter(title__contains="đề nghị giao lại").exists()
    assert Task.objects.get(pk=task.pk).state == State.IN_PROGRESS


def test_confirming_puts_a_task_that_was_under_way_back_under_way(world: World) -> None:
    task = asked(world)
    told()
    task = steps.task_confirm(
        actor=world.leader, task=task, expected_version=task.version, instruction="Giữ nguyên"
    )
    assert task.state == State.IN_PROGRESS and list(task.assignees.all()) == [world.staff]
    assert task.progress == 40
    assert told() == {world.head.username, world.staff.username}
    plain = returned(world)
    plain = steps.task_confirm(
        actor=world.leader, task=plain, expected_version=plain.version, instruction="Giữ nguyên"
    )
    assert plain.state == State.ASSIGNED  # returned at once: waits for the unit again


def test_reassigning_to_another_unit_leaves_its_people_and_counts_for_evaluation(
    world: World,
) -> None:
    task = asked(world)
    task = steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["CSXH"]],
        deadline=date(2024, 3, 31),
        at=at(date(2024, 2, 2)),
    )
    assert task.state == State.ASSIGNED and task.lead_unit == world.units["CSXH"]
    assert not task.assignees.exists() and task.progress == 0
    found = gather(date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31))
    tst = found[world.units["TST"].pk]
    assert (tst.returned, tst.reassigned) == (1, 1)


def test_the_office_takes_a_returned_task_to_a_leader(world: World) -> None:
    other = second_leader(world)
    task = returned(world)
    told()
    task = steps.task_refer(
        actor=world.office,
        task=task,
        expected_version=task.version,
        leader=other,
        note="Đề nghị giao Vụ Chính sách",
        at=DAY,
    )
    assert task.state == State.RETURNED and task.leader == other
    event = task.events.get(action=EventKind.REFER)
    assert event.actor == world.office and event.data == {"leader_id": other.pk}
    assert told() == {other.username}  # not the Office, not the unit
    work = {s.key: [r.task.pk for r in s.rows] for s in my_work(other, date(2024, 2, 1))}
    assert task.pk in work["returned"]
    before = {s.key: [r.task.pk for r in s.rows] for s in my_work(world.leader, date(2024, 2, 1))}
    assert task.pk not in before.get("returned", [])  # now the other leader's to decide
    task = steps.task_confirm(
        actor=other, task=task, expected_version=task.version, instruction="Giữ nguyên"
    )
    assert task.state == State.ASSIGNED


def test_taking_to_a_leader_needs_a_leader_and_a_note_and_is_the_offices(world: World) -> None:
    task = returned(world)
    cases: list[tuple[User, dict[str, Any], Code, str]] = [
        (world.office, {"leader": None, "note": "x"}, Code.REQUIRED, "leader"),
        (world.office, {"leader": world.head, "note": "x"}, Code.INVALID, "leader"),
        (world.office, {"leader": world.leader, "note": " "}, Code.REQUIRED, "note"),
    ]
    for actor, fields, code, field in cases:
        with pytest.raises(ValidationFailed) as refused:
            steps.task_refer(
                actor=actor, task=Task.objects.get(pk=task.pk), expected_version=task.version,
                **fields,
            )  # fmt: skip
        assert refused.value.code == code and field in refused.value.errors
    for person in (world.leader, world.head):
        with pytest.raises(ValidationFailed) as refused:
            steps.task_refer(
                actor=person, task=task, expected_version=task.version, leader=world.leader,
                note="x",
            )  # fmt: skip
        assert refused.value.code == Code.NOT_PERMITTED
    under_way = in_progress(world)
    with pytest.raises(ValidationFailed) as refused:
        steps.task_refer(
            actor=world.office, task=under_way, expected_version=under_way.version,
            leader=world.leader, note="x",
        )  # fmt: skip
    assert refused.value.code == Code.WRONG_STATE
    with pytest.raises(ConflictError):
        steps.task_refer(
            actor=world.office, task=Task.objects.get(pk=task.pk),
            expected_version=task.version - 1, leader=world.leader, note="x",
        )  # fmt: skip
    assert not Task.objects.get(pk=task.pk).events.filter(action=EventKind.REFER).exists()


def test_the_pages_offer_the_steps_to_the_right_people(world: World) -> None:
    task = in_progress(world)
    detail = reverse("tasks:detail", args=[task.pk])
    assert "Đề nghị giao lại</a>" in client_for(world.head).get(detail).content.decode()
    for person in (world.staff, world.office, world.leader):
        assert "Đề nghị giao lại</a>" not in client_for(person).get(detail).content.decode()
    client = client_for(world.staff)
    url = reverse("tasks:act", args=[task.pk, "request_reassignment"])
    assert client.post(url, with_token(client, {"version": task.version})).status_code == 403
    client = client_for(world.head)
    response = client.post(url, with_token(client, {"version": task.version, "reason": ""}))
    assert "Cần nêu rõ lý do đề nghị giao lại (Điều 5.3.b)." in response.content.decode()
    data = {"version": task.version, "reason": REASON, "unit": world.units["CSXH"].pk}
    assert client.post(url, with_token(client, data)).status_code == 302
    office = client_for(world.office)
    page = office.get(detail).content.decode()
    assert "Trình lãnh đạo xem xét, điều chỉnh</a>" in page
    assert f"Đề xuất giao cho: {world.units['CSXH']}" in page
    url = reverse("tasks:act", args=[task.pk, "refer"])
    version = Task.objects.get(pk=task.pk).version
    response = office.post(url, with_token(office, {"version": version, "leader": world.leader.pk}))
    assert "Cần ghi nội dung trình lãnh đạo xem xét, điều chỉnh." in response.content.decode()
    data = {"version": version, "leader": world.leader.pk, "note": "Đề nghị giao CSXH"}
    assert office.post(url, with_token(office, data)).status_code == 302
    assert "Trình Lãnh đạo lanhdao" in office.get(detail).content.decode()
    head = client_for(world.head)
    assert head.get(url).status_code == 403
