"""Each step of the cycle tells the people concerned (tasks/notices.py), once, as they chose."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.errors import Code, ValidationFailed
from theodoi.notifications.digests import queue_digests
from theodoi.notifications.models import Delivery, Mail, Notification, Preference
from theodoi.tasks import steps
from theodoi.tasks.links import task_url
from theodoi.tasks.models import Origin, State, Task
from theodoi.tasks.tests.conftest import World, at
from theodoi.tasks.tests.test_steps import assigned, draft, in_progress

pytestmark = pytest.mark.django_db
DAY = at(date(2024, 2, 1))


def told() -> set[str]:
    """Who was told since the last call (and forget them)."""
    names = set(Notification.objects.values_list("user__username", flat=True))
    Notification.objects.all().delete()
    Mail.objects.all().delete()
    return names


def head_of(world: World, unit: str, name: str, **kw) -> User:
    return UserFactory.create(
        username=name, full_name=name, roles=[Role.UNIT_HEAD], unit=world.units[unit], **kw
    )


def submitted(world: World, **kw) -> Task:
    task = in_progress(world, **kw)
    return steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="Xong", at=DAY
    )


def test_assignment_tells_the_lead_and_coordinating_units_heads(world: World) -> None:
    coord_head = head_of(world, "CSXH", "csxh.truongban")
    task = draft(world)
    told()
    task = assigned(world, content="Rà soát quy trình thu BHXH")
    task = Task.objects.get(pk=task.pk)
    notes = list(Notification.objects.filter(user=world.head))
    assert told() == {world.head.username, coord_head.username}  # not the leader, staff, CNTT
    (note,) = notes
    unit = world.units["TST"]
    assert (
        note.title == f'Lãnh đạo lanhdao giao nhiệm vụ 1.1 "Rà soát quy trình thu BHXH" cho {unit}'
    )
    assert note.url == task_url(task.pk) and note.task_id == task.pk


def test_a_task_for_several_units_tells_each_head_of_its_own_task(world: World) -> None:
    task = draft(world)
    told()
    steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["TST"], world.units["CNTT"]],
        deadline=date(2024, 3, 31),
        at=at(date(2024, 1, 8)),
    )
    children = {c.lead_unit_id: c.pk for c in task.children.all()}
    links = dict(Notification.objects.values_list("user_id", "url"))
    assert links == {
        world.head.pk: task_url(children[world.units["TST"].pk]),
        world.other_head.pk: task_url(children[world.units["CNTT"].pk]),
    }


def test_a_return_tells_the_office_and_the_leader(world: World) -> None:
    task = assigned(world)
    told()
    steps.task_return(
        actor=world.head, task=task, expected_version=task.version, reason="Không đúng chức năng"
    )
    assert told() == {world.office.username, world.leader.username}


def test_submission_tells_the_office_and_forward_tells_the_leader(world: World) -> None:
    task = in_progress(world)
    told()
    task = steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="Xong", at=DAY
    )
    assert told() == {world.office.username}
    steps.task_forward(actor=world.office, task=task, expected_version=task.version, at=DAY)
    assert told() == {world.leader.username}


def test_a_send_back_tells_the_head_and_the_assignee(world: World) -> None:
    task = submitted(world)
    told()
    steps.task_send_back(
        actor=world.office, task=task, expected_version=task.version, comment="Bổ sung số liệu"
    )
    note = Notification.objects.get(user=world.staff)
    assert "trả lại để hoàn thiện" in note.title and note.body == "Bổ sung số liệu"
    assert told() == {world.head.username, world.staff.username}


def test_approval_and_report_tell_the_people_of_the_task(world: World) -> None:
    task = submitted(world)
    task = steps.task_forward(actor=world.office, task=task, expected_version=task.version)
    told()
    task = steps.task_approve(actor=world.leader, task=task, expected_version=task.version)
    assert told() == {world.head.username, world.staff.username}
    steps.task_report(
        actor=world.office,
        task=task,
        expected_version=task.version,
        reported_on=date(2024, 3, 28),
        number="12/BC-BHXH",
        channel="Văn bản giấy",
    )
    assert told() == {world.leader.username, world.head.username, world.staff.username}


def test_decisions_tell_the_people_of_the_task(world: World) -> None:
    task = in_progress(world)
    told()
    task = steps.task_contribute(
        actor=world.coord, task=task, expected_version=task.version, note="Ý kiến"
    )
    assert told() == {world.staff.username}  # the lead unit's assignee, not the coordinator
    steps.extension_request(
        actor=world.head,
        task=task,
        expected_version=task.version,
        reason="Chờ số liệu",
        proposed_deadline=date(2024, 4, 30),
        at=at(date(2024, 3, 20)),
    )
    task.refresh_from_db()
    told()
    steps.extension_decide(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        approve=True,
        at=at(date(2024, 3, 21)),
    )
    assert "đồng ý gia hạn" in Notification.objects.first().title
    assert told() == {world.head.username, world.staff.username}
    task.refresh_from_db()
    task = steps.task_suspend(
        actor=world.leader, task=task, expected_version=task.version, reason="Chờ quyết định"
    )
    assert told() == {world.head.username, world.staff.username}
    task = steps.task_resume(
        actor=world.leader, task=task, expected_version=task.version, reason="Tiếp tục"
    )
    assert told() == {world.head.username, world.staff.username}
    steps.task_cancel(actor=world.leader, task=task, expected_version=task.version, reason="Hủy")
    assert told() == {world.head.username, world.staff.username}


def test_input_before_anyone_is_named_tells_the_lead_units_heads(world: World) -> None:
    task = assigned(world)
    told()
    steps.task_contribute(actor=world.coord, task=task, expected_version=task.version, note="Ý")
    note = Notification.objects.get()
    assert note.title.endswith('gửi ý kiến phối hợp nhiệm vụ 1.1 "Rà soát quy trình thu BHXH"')
    assert told() == {world.head.username}


def test_a_refused_step_tells_nobody(world: World) -> None:
    task = assigned(world)
    told()
    with pytest.raises(ValidationFailed) as refused:
        steps.task_return(actor=world.head, task=task, expected_version=task.version, reason=" ")
    assert refused.value.code == Code.REQUIRED
    with pytest.raises(ValidationFailed) as refused:
        steps.task_return(
            actor=world.other_head, task=task, expected_version=task.version, reason="Không"
        )
    assert refused.value.code == Code.NOT_PERMITTED
    assert told() == set()


def test_the_mail_goes_as_each_person_chose(world: World) -> None:
    head = head_of(world, "TST", "tst.truongban2", email="tst2@bhxh.test")
    coord_head = head_of(world, "CSXH", "csxh.truongban", email="csxh@bhxh.test")
    Preference.objects.create(user=head, delivery=Delivery.IMMEDIATE)
    told()
    moment = at(date(2024, 1, 8))
    assigned(world)
    (mail,) = Mail.objects.all()  # the immediate reader's, in the outbox
    assert mail.to == "tst2@bhxh.test" and mail.kind == Delivery.IMMEDIATE
    assert mail.subject.startswith("[Theo Dõi] Lãnh đạo lanhdao giao nhiệm vụ 1.1")
    assert task_url(Task.objects.get().pk) in mail.body
    waiting = Notification.objects.get(user=coord_head)
    assert waiting.wants_mail and waiting.mail is None
    queue_digests(moment.date(), moment=moment)
    digest = Mail.objects.get(kind=Delivery.DIGEST)
    assert digest.to == "csxh@bhxh.test" and "giao nhiệm vụ 1.1" in digest.body


def _assign_queries(world: World) -> int:
    task = draft(world, document=world.document())
    with CaptureQueriesContext(connection) as queries:
        steps.task_assign(
            actor=world.leader,
            task=task,
            expected_version=task.version,
            leads=[world.units["TST"]],
            coordinating=[world.units["CSXH"], world.units["CNTT"]],
            deadline=date(2024, 3, 31),
        )
    return len(queries)


def test_the_queries_of_a_step_do_not_grow_with_its_recipients(world: World) -> None:
    few = _assign_queries(world)
    for n in range(8):
        head_of(world, "CSXH" if n % 2 else "TST", f"them{n}", email=f"them{n}@bhxh.test")
    many = _assign_queries(world)
    assert Notification.objects.filter(user__username__startswith="them").count() == 8
    assert many <= few + 2


def test_an_agency_plan_approved_is_done_and_told(world: World) -> None:
    task = submitted(world, document=world.document(origin=Origin.INTERNAL))
    task = steps.task_forward(actor=world.office, task=task, expected_version=task.version)
    told()
    task = steps.task_approve(actor=world.leader, task=task, expected_version=task.version)
    assert task.state == State.DONE
    assert told() == {world.head.username, world.staff.username}
