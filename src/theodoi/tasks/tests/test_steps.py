"""The task cycle through its services: each step, who may take it, what it records."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from theodoi.core.errors import Code, ConflictError, ValidationFailed
from theodoi.tasks import services, steps
from theodoi.tasks.models import (
    EventKind,
    ExtensionRequest,
    ExtensionStatus,
    Origin,
    State,
    Task,
    TaskEvent,
)
from theodoi.tasks.tests.conftest import World, at, client_for

pytestmark = pytest.mark.django_db
MARCH_END = date(2024, 3, 31)
BEFORE_DEADLINE = at(date(2024, 3, 20))  # when a unit asks for more time, and is answered


def draft(world: World, deadline: date | None = MARCH_END, **kw) -> Task:
    document = kw.pop("document", None) or world.document()
    return services.task_create(
        actor=world.office,
        document=document,
        content=kw.pop("content", "Rà soát quy trình thu BHXH"),
        code="1.1",
        lead_units=[world.units["TST"]],
        deadline=deadline,
        at=at(document.issued_on),
        **kw,
    )


def assigned(world: World, deadline: date | None = MARCH_END, **kw) -> Task:
    task = draft(world, deadline, **kw)
    return steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["TST"]],
        coordinating=[world.units["CSXH"]],
        deadline=deadline,
        instruction="Khẩn trương thực hiện",
        at=at(date(2024, 1, 8)),
    )


def in_progress(world: World, **kw) -> Task:
    task = assigned(world, **kw)
    return steps.task_accept(
        actor=world.head,
        task=task,
        expected_version=task.version,
        assignees=[world.staff],
        at=at(date(2024, 1, 9)),
    )


def test_full_cycle_for_a_government_task_ends_with_the_report(world: World) -> None:
    task = in_progress(world)
    task = steps.task_progress(
        actor=world.staff,
        task=task,
        expected_version=task.version,
        note="Đã dự thảo",
        progress=60,
        at=at(date(2024, 2, 1)),
    )
    task = steps.task_contribute(
        actor=world.coord,
        task=task,
        expected_version=task.version,
        note="Ý kiến của CSXH",
        at=at(date(2024, 2, 2)),
    )
    task = steps.task_submit(
        actor=world.head,
        task=task,
        expected_version=task.version,
        result="Báo cáo rà soát",
        at=at(date(2024, 3, 25)),
    )
    task = steps.task_forward(
        actor=world.office, task=task, expected_version=task.version, at=at(date(2024, 3, 26))
    )
    task = steps.task_approve(
        actor=world.leader, task=task, expected_version=task.version, at=at(date(2024, 3, 27))
    )
    assert task.state == State.APPROVED
    task = steps.task_report(
        actor=world.office,
        task=task,
        expected_version=task.version,
        reported_on=date(2024, 3, 28),
        number="123/BC-BHXH",
        channel="Hệ thống theo dõi VPCP",
        at=at(date(2024, 3, 28)),
    )
    assert task.state == State.DONE
    assert task.agency_done_on == date(2024, 3, 28)
    assert task.unit_done_on == date(2024, 3, 25)
    actions = list(task.events.values_list("action", "actor_label"))
    assert actions == [
        (EventKind.CREATE, "vanphong"),
        (EventKind.ASSIGN, "lanhdao"),
        (EventKind.ACCEPT, "tst.truongban"),
        (EventKind.PROGRESS, "tst.chuyenvien"),
        (EventKind.CONTRIBUTE, "csxh.chuyenvien"),
        (EventKind.SUBMIT, "tst.truongban"),
        (EventKind.FORWARD, "vanphong"),
        (EventKind.APPROVE, "lanhdao"),
        (EventKind.REPORT, "vanphong"),
    ]


def test_internal_deadline_is_one_working_day_before(world: World) -> None:
    # 31/03/2024 is a Sunday: the last working day before it is Friday 29/03.
    assert assigned(world, date(2024, 3, 31)).internal_deadline == date(2024, 3, 29)
    # 15/02/2024 (Thursday after Tết): the working day before is 07/02/2024, Tết eve aside.
    assert assigned(world, date(2024, 2, 15)).internal_deadline == date(2024, 2, 7)


def test_the_agencys_own_plan_is_done_on_approval(world: World) -> None:
    task = in_progress(world, document=world.document(origin=Origin.INTERNAL))
    task = steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="Xong"
    )
    task = steps.task_forward(actor=world.office, task=task, expected_version=task.version)
    task = steps.task_approve(actor=world.leader, task=task, expected_version=task.version)
    assert task.state == State.DONE
    assert task.agency_done_on is not None


def test_an_own_plan_task_marked_to_report_waits_for_the_report(world: World) -> None:
    """ "Phải báo cáo: Có" on a task of the agency's own plan is honoured, not ignored."""
    task = in_progress(world, document=world.document(origin=Origin.INTERNAL), must_report=True)
    task = steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="Xong"
    )
    task = steps.task_forward(actor=world.office, task=task, expected_version=task.version)
    task = steps.task_approve(actor=world.leader, task=task, expected_version=task.version)
    assert task.state == State.APPROVED and task.agency_done_on is None
    task = steps.task_report(
        actor=world.office,
        task=task,
        expected_version=task.version,
        number="15/BC-BHXH",
        channel="Trục liên thông văn bản",
        reported_on=date(2024, 3, 20),
    )
    assert task.state == State.DONE and task.agency_done_on == date(2024, 3, 20)


def test_return_then_reassignment_to_another_unit(world: World) -> None:
    task = assigned(world)
    task = steps.task_return(
        actor=world.head,
        task=task,
        expected_version=task.version,
        reason="Không thuộc chức năng của Ban",
        proposal="Giao CSXH chủ trì",
    )
    assert task.state == State.RETURNED
    task = steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["CSXH"]],
        deadline=date(2024, 4, 30),
        instruction="CSXH chủ trì",
    )
    assert (task.state, task.lead_unit.code, task.original_deadline) == (
        State.ASSIGNED,
        "CSXH",
        date(2024, 4, 30),
    )
    event = task.events.get(action=EventKind.RETURN)
    assert event.note == "Không thuộc chức năng của Ban"
    assert event.data["proposal"] == "Giao CSXH chủ trì"


def test_a_return_reads_chuyen_lai_apart_from_a_send_back(world: World) -> None:
    task = assigned(world)
    form = client_for(world.head).get(reverse("tasks:act", args=[task.pk, "return"]))
    assert "Lý do chuyển lại" in form.content.decode()
    steps.task_return(
        actor=world.head, task=task, expected_version=task.version, reason="Không thuộc Ban"
    )
    office = client_for(world.office)
    listed = office.get(reverse("tasks:list")).content.decode()
    assert "Đơn vị chuyển lại" in listed and "trả lại" not in listed.lower()
    page = office.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Chuyển lại nhiệm vụ" in page and "Trả lại nhiệm vụ" not in page


def test_return_needs_a_reason(world: World) -> None:
    task = assigned(world)
    with pytest.raises(ValidationFailed) as info:
        steps.task_return(actor=world.head, task=task, expected_version=task.version, reason=" ")
    assert info.value.code == Code.REQUIRED and "lý do" in info.value.errors["reason"]
    assert Task.objects.get(pk=task.pk).state == State.ASSIGNED


def test_confirm_keeps_the_assignment(world: World) -> None:
    task = assigned(world)
    task = steps.task_return(
        actor=world.head, task=task, expected_version=task.version, reason="Chưa rõ"
    )
    task = steps.task_confirm(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        instruction="Giữ nguyên, TST chủ trì",
    )
    assert (task.state, task.lead_unit.code) == (State.ASSIGNED, "TST")


def test_office_and_leader_send_back(world: World) -> None:
    task = in_progress(world)
    task = steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="v1"
    )
    task = steps.task_send_back(
        actor=world.office, task=task, expected_version=task.version, comment="Số liệu lệch"
    )
    assert (task.state, task.unit_done_on) == (State.IN_PROGRESS, None)
    task = steps.task_submit(
        actor=world.head, task=task, expected_version=task.version, result="v2"
    )
    task = steps.task_forward(actor=world.office, task=task, expected_version=task.version)
    task = steps.task_send_back(
        actor=world.leader, task=task, expected_version=task.version, comment="Bổ sung"
    )
    assert task.state == State.IN_PROGRESS
    comments = list(
        task.events.filter(action=EventKind.SEND_BACK).values_list("actor_label", "note")
    )
    assert comments == [("vanphong", "Số liệu lệch"), ("lanhdao", "Bổ sung")]


def test_extension_moves_the_working_deadline_but_not_the_original(world: World) -> None:
    task = in_progress(world)
    steps.extension_request(
        at=BEFORE_DEADLINE,
        actor=world.head,
        task=task,
        expected_version=task.version,
        reason="Chờ số liệu",
        proposed_deadline=date(2024, 4, 30),
    )
    task.refresh_from_db()
    with pytest.raises(ValidationFailed) as info:  # one pending request at a time
        steps.extension_request(
            at=BEFORE_DEADLINE,
            actor=world.head,
            task=task,
            expected_version=task.version,
            reason="Lần nữa",
            proposed_deadline=date(2024, 5, 30),
        )
    assert info.value.code == Code.DUPLICATE
    task.refresh_from_db()
    request = steps.extension_decide(
        at=BEFORE_DEADLINE,
        actor=world.leader,
        task=task,
        expected_version=task.version,
        approve=True,
    )
    task.refresh_from_db()
    assert request.status == ExtensionStatus.APPROVED
    assert (task.deadline, task.original_deadline) == (date(2024, 4, 30), date(2024, 3, 31))
    # 30/04 is a holiday and 29/04/2024 was swapped for Saturday 04/05: Friday 26/04.
    assert task.internal_deadline == date(2024, 4, 26)
    page = client_for(world.office).get(reverse("tasks:detail", args=[task.pk]))
    assert "Thời hạn mới: 30/04/2024" in page.content.decode()  # on the timeline, as a date


def test_extension_refused_needs_a_reason_and_keeps_deadline(world: World) -> None:
    task = in_progress(world)
    steps.extension_request(
        at=BEFORE_DEADLINE,
        actor=world.head,
        task=task,
        expected_version=task.version,
        reason="Chờ số liệu",
        proposed_deadline=date(2024, 4, 30),
    )
    task.refresh_from_db()
    with pytest.raises(ValidationFailed) as info:
        steps.extension_decide(
            at=BEFORE_DEADLINE,
            actor=world.leader,
            task=task,
            expected_version=task.version,
            approve=False,
        )
    assert info.value.code == Code.REQUIRED and "note" in info.value.errors
    task.refresh_from_db()
    request = steps.extension_decide(
        at=BEFORE_DEADLINE,
        actor=world.leader,
        task=task,
        expected_version=task.version,
        approve=False,
        note="Không đủ lý do",
    )
    task.refresh_from_db()
    assert request.status == ExtensionStatus.REJECTED
    assert task.deadline == date(2024, 3, 31)


def test_an_extension_to_a_day_already_past_is_refused(world: World) -> None:
    """A task overdue since 31/03/2024, asked on 02/05/2024 to move to 30/04/2024: it would
    extend nothing (a mistyped year, most often)."""
    task = in_progress(world)
    with pytest.raises(ValidationFailed) as refused:
        steps.extension_request(
            actor=world.head,
            task=task,
            expected_version=task.version,
            reason="Chờ số liệu",
            proposed_deadline=date(2024, 4, 30),
            at=at(date(2024, 5, 2)),
        )
    assert refused.value.errors == {
        "proposed_deadline": "Thời hạn gia hạn 30/04/2024 không sau ngày 02/05/2024: hãy chọn "
        "một ngày sau hôm nay."
    }
    assert not ExtensionRequest.objects.exists()


def test_extension_must_be_later_than_the_deadline(world: World) -> None:
    task = in_progress(world)
    with pytest.raises(ValidationFailed) as info:
        steps.extension_request(
            actor=world.head,
            task=task,
            expected_version=task.version,
            reason="x",
            proposed_deadline=date(2024, 3, 1),
        )
    assert "31/03/2024" in info.value.errors["proposed_deadline"]


def test_suspend_and_resume_return_to_the_same_state(world: World) -> None:
    task = in_progress(world)
    task = steps.task_suspend(
        actor=world.leader, task=task, expected_version=task.version, reason="QĐ tạm dừng"
    )
    assert task.state == State.SUSPENDED
    task = steps.task_resume(
        actor=world.leader, task=task, expected_version=task.version, reason="Tiếp tục"
    )
    assert task.state == State.IN_PROGRESS


def test_fan_out_to_provinces_and_the_parent_completes_with_the_last_child(world: World) -> None:
    task = draft(world, document=world.document(origin=Origin.INTERNAL))
    units = [world.units["TST"], world.units["CSXH"], world.units["CNTT"]]
    task = steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=units,
        deadline=date(2024, 6, 30),
    )
    assert task.state == State.FANNED_OUT
    children = list(task.children.order_by("lead_unit__code"))
    assert [c.lead_unit.code for c in children] == ["CNTT", "CSXH", "TST"]
    assert all(
        c.state == State.ASSIGNED and c.internal_deadline == date(2024, 6, 28) for c in children
    )
    heads = {"TST": world.head, "CNTT": world.other_head}
    for child in children:
        if child.lead_unit.code == "CSXH":
            steps.task_cancel(
                actor=world.leader, task=child, expected_version=child.version, reason="Không cần"
            )
            continue
        head = heads[child.lead_unit.code]
        child = steps.task_accept(
            actor=head, task=child, expected_version=child.version, assignees=[]
        )
        child = steps.task_submit(
            actor=head, task=child, expected_version=child.version, result="Xong"
        )
        child = steps.task_forward(actor=world.office, task=child, expected_version=child.version)
        task.refresh_from_db()
        assert task.state == State.FANNED_OUT
        steps.task_approve(actor=world.leader, task=child, expected_version=child.version)
    task.refresh_from_db()
    assert task.state == State.DONE


def test_stale_version_is_a_conflict_and_nothing_changes(world: World) -> None:
    task = in_progress(world)
    stale = Task.objects.get(pk=task.pk)
    steps.task_progress(
        actor=world.staff, task=task, expected_version=task.version, note="Lần 1", progress=30
    )
    with pytest.raises(ConflictError) as info:
        steps.task_progress(
            actor=world.head, task=stale, expected_version=stale.version, note="Lần 2", progress=50
        )
    assert info.value.code == Code.STALE and "tst.chuyenvien" in str(info.value)
    fresh = Task.objects.get(pk=task.pk)
    assert fresh.progress == 30
    assert not TaskEvent.objects.filter(note="Lần 2").exists()


def test_refusals_name_who_may_act(world: World) -> None:
    task = assigned(world)
    with pytest.raises(ValidationFailed) as info:
        steps.task_accept(actor=world.staff, task=task, expected_version=task.version, assignees=[])
    assert info.value.code == Code.NOT_PERMITTED
    assert "Lãnh đạo đơn vị chủ trì" in info.value.errors["__all__"]
    with pytest.raises(ValidationFailed) as info:
        steps.task_accept(
            actor=world.other_head, task=task, expected_version=task.version, assignees=[]
        )
    assert info.value.code == Code.NOT_PERMITTED
    with pytest.raises(ValidationFailed) as info:
        steps.task_report(
            actor=world.office,
            task=task,
            expected_version=task.version,
            reported_on=None,
            number="",
            channel="",
        )
    assert info.value.code == Code.WRONG_STATE
    assert "Đã giao, chờ đơn vị nhận" in info.value.errors["__all__"]


def test_assignees_must_belong_to_the_lead_unit(world: World) -> None:
    task = assigned(world)
    with pytest.raises(ValidationFailed) as info:
        steps.task_accept(
            actor=world.head, task=task, expected_version=task.version, assignees=[world.coord]
        )
    assert "csxh.chuyenvien" in info.value.errors["assignees"]


def test_bad_drafts_are_refused_with_the_field_named(world: World) -> None:
    document = world.document()
    with pytest.raises(ValidationFailed) as info:
        services.task_create(actor=world.office, document=document, content="   ")
    assert "nội dung" in info.value.errors["content"]
    with pytest.raises(ValidationFailed) as info:
        services.task_create(
            actor=world.office, document=document, content="Việc", deadline=date(2023, 12, 31)
        )
    assert "05/01/2024" in info.value.errors["deadline"]
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "size", "message"),
    [
        ("bao-cao.exe", b"MZ\x90\x00", None, "không thuộc loại"),
        ("bao-cao.pdf", b"MZ\x90\x00", None, "không đúng định dạng"),
        ("lon.pdf", b"%PDF-1.4", 21 * 1024 * 1024, "vượt giới hạn 20 MB"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(
    world, settings, tmp_path, name, content, size, message
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(name, content)
    if size:
        upload.size = size
    document = world.document()
    with pytest.raises(ValidationFailed) as info:
        services.task_create(actor=world.office, document=document, content="Việc", files=[upload])
    assert info.value.code == Code.FILE_REFUSED and message in info.value.errors["files"]
    assert not Task.objects.exists()
    assert not list(tmp_path.rglob("*"))


def test_good_attachment_is_kept_with_the_progress_event(world, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    task = in_progress(world)
    upload = SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 test")
    task = steps.task_progress(
        actor=world.staff,
        task=task,
        expected_version=task.version,
        note="Dự thảo",
        progress=50,
        files=[upload],
    )
    event = task.events.get(action=EventKind.PROGRESS)
    assert [a.name for a in event.attachments.all()] == ["du-thao.pdf"]
    assert event.attachments.get().file.read() == b"%PDF-1.4 test"
