"""The Office records an assignment a leader gave on paper (Art. 5.2.a): the effect of the
leader's assignment, the scan kept, the timeline naming who recorded it and who decided."""

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import with_token
from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.evaluation.metrics import gather
from theodoi.notifications.models import Notification
from theodoi.tasks import steps
from theodoi.tasks.models import EventKind, State, Task
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.test_notices import head_of, told
from theodoi.tasks.tests.test_steps import draft

pytestmark = pytest.mark.django_db
DECIDED = date(2024, 1, 8)  # the leader's handwritten instruction
RECORDED = at(date(2024, 1, 10))  # the day the Office enters it
SCAN = b"%PDF-1.4 but phe cua lanh dao"


def scan(name: str = "but-phe.pdf", content: bytes = SCAN) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def record(world: World, task: Task, **kw) -> Task:
    fields: dict[str, Any] = {
        "leader": world.leader,
        "decided_on": DECIDED,
        "leads": [world.units["TST"]],
        "coordinating": [world.units["CSXH"]],
        "deadline": date(2024, 3, 31),
        "instruction": "Khẩn trương thực hiện",
        "scan": [scan()],
        "at": RECORDED,
    } | kw
    return steps.task_record_assignment(
        actor=fields.pop("actor", world.office), task=task, expected_version=task.version, **fields
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_recorded_assignment_has_the_leaders_effect_and_names_both(world: World) -> None:
    task = record(world, draft(world))
    task = Task.objects.get(pk=task.pk)
    assert task.state == State.ASSIGNED and task.lead_unit == world.units["TST"]
    assert task.leader == world.leader and task.assigned_on == DECIDED
    assert task.deadline == task.original_deadline == date(2024, 3, 31)
    assert task.internal_deadline == date(2024, 3, 29)  # 1 working day before (Art. 6.1)
    assert list(task.coordinations.values_list("unit__code", flat=True)) == ["CSXH"]
    event = task.events.get(action=EventKind.RECORD_ASSIGNMENT)
    assert event.actor == world.office and event.from_state == State.DRAFT
    assert event.data["leader_id"] == world.leader.pk and event.data["decided_on"] == "2024-01-08"
    assert event.data["lead_ids"] == [world.units["TST"].pk]
    assert [a.file.read() for a in event.attachments.all()] == [SCAN]
    # the unit accepts it as any assignment
    task = steps.task_accept(
        actor=world.head, task=task, expected_version=task.version, assignees=[world.staff]
    )
    assert task.state == State.IN_PROGRESS


def test_several_lead_units_make_one_task_each(world: World) -> None:
    task = record(world, draft(world), leads=[world.units["TST"], world.units["CNTT"]])
    assert task.state == State.FANNED_OUT
    children = list(task.children.order_by("lead_unit__code"))
    assert [c.lead_unit.code for c in children] == ["CNTT", "TST"]
    assert all(c.leader == world.leader and c.assigned_on == DECIDED for c in children)
    assert all(c.state == State.ASSIGNED for c in children)


def test_the_office_records_a_reassignment_decided_on_paper_after_a_return(world: World) -> None:
    task = record(world, draft(world))
    task = steps.task_return(
        actor=world.head, task=task, expected_version=task.version, reason="Không đúng chức năng"
    )
    task = record(world, task, leads=[world.units["CSXH"]], coordinating=[])
    assert task.state == State.ASSIGNED and task.lead_unit == world.units["CSXH"]


@pytest.mark.parametrize(
    ("change", "field", "code", "words"),
    [
        ({"leader": None}, "leader", Code.REQUIRED, "Cần chọn lãnh đạo"),
        ("head", "leader", Code.INVALID, "không phải lãnh đạo Ngành"),
        ({"decided_on": None}, "decided_on", Code.REQUIRED, "ngày lãnh đạo phân công"),
        ({"decided_on": date(2024, 1, 11)}, "decided_on", Code.INVALID, "ở tương lai"),
        ({"decided_on": date(2024, 1, 4)}, "decided_on", Code.INVALID, "trước ngày ban hành"),
        ({"scan": []}, "scan", Code.REQUIRED, "bản chụp ý kiến chỉ đạo"),
        ({"scan": [scan("a.exe", b"MZ")]}, "scan", Code.FILE_REFUSED, "không thuộc loại"),
        ({"scan": [scan("a.pdf", b"MZ")]}, "scan", Code.FILE_REFUSED, "không đúng định dạng"),
        ({"leads": []}, "leads", Code.REQUIRED, "đơn vị chủ trì"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_written(
    world: World, media, change, field, code, words
) -> None:
    task = draft(world)
    version = task.version
    if change == "head":
        change = {"leader": world.head}
    with pytest.raises(ValidationFailed) as refused:
        record(world, task, **change)
    assert refused.value.code == code and words in refused.value.errors[field]
    again = Task.objects.get(pk=task.pk)
    assert (again.state, again.version, again.leader_id) == (State.DRAFT, version, None)
    assert not again.events.filter(action=EventKind.RECORD_ASSIGNMENT).exists()
    assert not list(media.rglob("*.*")) and not Notification.objects.exists()


def test_a_bad_file_after_a_good_one_rolls_everything_back(world: World, media) -> None:
    task = draft(world)
    big = scan("lon.pdf")
    big.size = 21 * 1024 * 1024
    with pytest.raises(ValidationFailed) as refused:
        record(world, task, scan=[scan(), big])
    assert refused.value.code == Code.FILE_REFUSED and "20 MB" in refused.value.errors["scan"]
    assert Task.objects.get(pk=task.pk).state == State.DRAFT and not list(media.rglob("*.*"))


def test_only_the_office_records_and_only_before_the_unit_has_it(world: World) -> None:
    task = draft(world)
    for person in (world.leader, world.head, world.staff):
        with pytest.raises(ValidationFailed) as refused:
            record(world, task, actor=person)
        assert refused.value.code == Code.NOT_PERMITTED
    task = record(world, task)
    with pytest.raises(ValidationFailed) as refused:
        record(world, task)
    assert refused.value.code == Code.WRONG_STATE  # assigned: the unit accepts or returns


def test_a_stale_form_is_a_conflict(world: World) -> None:
    task = draft(world)
    stale = task.version
    steps.task_propose(actor=world.office, task=task, expected_version=stale, leader=world.leader)
    with pytest.raises(ConflictError):
        steps.task_record_assignment(
            actor=world.office,
            task=Task.objects.get(pk=task.pk),
            expected_version=stale,
            leader=world.leader,
            decided_on=DECIDED,
            leads=[world.units["CSXH"]],
            deadline=None,
            scan=[scan()],
        )
    again = Task.objects.get(pk=task.pk)
    assert again.state == State.PROPOSED and again.lead_unit == world.units["TST"]


def test_the_heads_and_the_leader_are_told_not_the_office(world: World) -> None:
    coord_head = head_of(world, "CSXH", "csxh.truongban")
    other_office = UserFactory.create(
        username="vanphong2", roles=[Role.TRACKER], unit=world.units["VP"]
    )
    task = draft(world)
    told()
    record(world, task)
    assert told() == {world.head.username, coord_head.username, world.leader.username}
    assert other_office.username not in told()
    record(world, draft(world), leads=[world.units["TST"], world.units["CNTT"]], coordinating=[])
    notes = list(Notification.objects.filter(user=world.leader))
    assert len(notes) == 1  # once, about the task for several units
    assert notes[0].title.startswith("Văn phòng ghi nhận Lãnh đạo lanhdao giao nhiệm vụ 1.1")
    assert {n.user_id for n in Notification.objects.exclude(user=world.leader)} == {
        world.head.pk,
        world.other_head.pk,
    }


def test_evaluation_counts_a_recorded_assignment_as_an_assignment(world: World) -> None:
    record(world, draft(world))
    found = gather(date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31))
    assert found[world.units["TST"].pk].assigned == 1


def _form_data(world: World, task: Task, **kw) -> dict:
    return {
        "version": task.version,
        "leader": world.leader.pk,
        "decided_on": "08/01/2024",
        "leads": "TST",
        "coordinating": "CSXH",
        "deadline": "31/12/2099",
        "instruction": "Khẩn trương",
    } | kw


def test_the_form_names_what_is_missing_in_vietnamese(world: World) -> None:
    task = draft(world)
    client = client_for(world.office)
    url = reverse("tasks:act", args=[task.pk, "record_assignment"])
    page = client.get(url).content.decode()
    assert "Lãnh đạo phân công" in page and "Bản chụp bút phê của lãnh đạo" in page
    data = _form_data(world, task, decided_on="32/01/2024", leader="")
    page = client.post(url, with_token(client, data)).content.decode()
    assert "Ngày lãnh đạo phân công không hợp lệ" in page
    data = _form_data(world, task, leader="")
    page = client.post(url, with_token(client, data)).content.decode()
    assert "Cần chọn lãnh đạo đã phân công." in page
    data = _form_data(world, task, leader=world.head.pk)
    page = client.post(url, with_token(client, data)).content.decode()
    assert "Người được chọn không phải lãnh đạo Ngành đang làm việc." in page
    page = client.post(url, with_token(client, _form_data(world, task))).content.decode()
    assert "Cần đính kèm bản chụp ý kiến chỉ đạo (bút phê) của lãnh đạo." in page
    assert Task.objects.get(pk=task.pk).state == State.DRAFT


def test_the_office_records_through_the_page_and_the_timeline_shows_both(world: World) -> None:
    task = draft(world)
    client = client_for(world.office)
    detail = reverse("tasks:detail", args=[task.pk])
    assert "Ghi nhận phân công của lãnh đạo</a>" in client.get(detail).content.decode()
    url = reverse("tasks:act", args=[task.pk, "record_assignment"])
    data = _form_data(world, task, scan=scan())
    assert client.post(url, with_token(client, data)).status_code == 302
    page = client.get(detail).content.decode()
    assert "Ghi nhận phân công của lãnh đạo</strong>" in page
    assert "vanphong (Văn phòng) ghi theo chỉ đạo của Lãnh đạo lanhdao ngày 08/01/2024" in page
    assert "but-phe.pdf</a>" in page


@pytest.mark.parametrize("who", ["leader", "head", "staff", "coord"])
def test_the_record_page_is_the_offices_only(world: World, who: str) -> None:
    task = draft(world)
    url = reverse("tasks:act", args=[task.pk, "record_assignment"])
    assert client_for(world.office).get(url).status_code == 200
    client = client_for(getattr(world, who))
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, with_token(client, _form_data(world, task, scan=scan())))
    assert response.status_code in (403, 404)
    detail = client.get(reverse("tasks:detail", args=[task.pk]))
    assert "Ghi nhận phân công của lãnh đạo</a>" not in detail.content.decode()
    assert Task.objects.get(pk=task.pk).state == State.DRAFT
