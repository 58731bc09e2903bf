"""Every step of the cycle through the API: the same services, the same refusals, the version
as the guard against a stale or repeated step, files as base64."""

import base64
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.api.tests.conftest import ApiClient, api_client_for
from theodoi.core.errors import Code, ValidationFailed
from theodoi.tasks.cycle import TABLE, Act, Rel
from theodoi.tasks.models import (
    Attachment,
    ExtensionRequest,
    State,
    Task,
    TaskCoordination,
    TaskEvent,
)
from theodoi.tasks.tests.conftest import World
from theodoi.tasks.tests.test_cycle_matrix import _call

pytestmark = pytest.mark.django_db
TOKEN = "Văn thư điện tử"


def soon(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def encoded(name: str, content: bytes) -> dict[str, str]:
    return {"name": name, "content": base64.b64encode(content).decode()}


PDF = b"%PDF-1.4 ket qua"
# A valid body for each step, on a task made by `task_in` (lead TST, coordinating CSXH)
BODIES: dict[Act, dict[str, Any]] = {
    Act.EDIT: {"content": "Rà soát quy trình thu (sửa)", "reason": "Sửa nội dung"},
    Act.PROPOSE: {"leader": "lanhdao", "note": "Đề xuất Ban Thu - Sổ, thẻ chủ trì"},
    Act.ASSIGN: {"lead": ["TST"], "coordinating": ["CSXH"], "deadline": soon(30)},
    Act.RECORD_ASSIGNMENT: {
        "leader": "lanhdao",
        "decided_on": soon(0),
        "lead": ["TST"],
        "deadline": soon(30),
        "scan": [encoded("but-phe.pdf", PDF)],
    },
    Act.REFER: {"leader": "lanhdao", "note": "Trình lãnh đạo điều chỉnh"},
    Act.REQUEST_REASSIGNMENT: {"reason": "Không thuộc chức năng", "unit": "CSXH"},
    Act.CONFIRM: {"instruction": "Giữ nguyên phân công"},
    Act.RETURN: {"reason": "Không thuộc chức năng", "proposal": "Giao CSXH"},
    Act.ACCEPT: {"assignees": ["tst.chuyenvien"], "note": "Giao chuyên viên"},
    Act.DISTRIBUTE: {"assignees": ["tst.chuyenvien"]},
    Act.PROGRESS: {"note": "Đã dự thảo", "progress": 40, "files": [encoded("du-thao.pdf", PDF)]},
    Act.CONTRIBUTE: {"note": "Ý kiến của CSXH", "files": [encoded("y-kien.txt", b"Dong y")]},
    Act.CHASE: {"unit": "CSXH"},
    Act.RECORD_EVENT: {"happened_on": soon(0), "note": "Có đề nghị của tỉnh"},
    Act.REQUEST_EXTENSION: {"reason": "Chờ số liệu", "proposed_deadline": soon(60)},
    Act.DECIDE_EXTENSION: {"approve": True},
    Act.SUBMIT: {"result": "Đã ban hành quy trình", "files": [encoded("ket-qua.pdf", PDF)]},
    Act.SEND_BACK: {"comment": "Bổ sung số liệu"},
    Act.FORWARD: {"note": "Trình lãnh đạo"},
    Act.APPROVE: {},
    Act.REPORT: {"reported_on": soon(0), "number": "9/BC-BHXH", "channel": "Hệ thống VPCP"},
    Act.SUSPEND: {"reason": "Quyết định tạm dừng"},
    Act.RESUME: {"reason": "Tiếp tục"},
    Act.CANCEL: {"reason": "Quyết định hủy"},
}


def person(world: World, rel: Rel) -> User:
    return {
        Rel.OFFICE: world.office,
        Rel.LEADER: world.leader,
        Rel.LEAD_HEAD: world.head,
        Rel.LEAD_STAFF: world.staff,
        Rel.COORDINATOR: world.coord,
    }[rel]


def task_in(world: World, state: State, act: Act | None = None) -> Task:
    """A task of TST (coordinated by CSXH) in `state`, made ready for `act`."""
    document = world.document(issued=timezone.localdate() - timedelta(days=30))
    deadline = timezone.localdate() + timedelta(days=30)
    task = Task.objects.create(
        document=document, content="Rà soát quy trình thu", lead_unit=world.units["TST"],
        state=state, resume_state=State.IN_PROGRESS, leader=world.leader, deadline=deadline,
        original_deadline=deadline, internal_deadline=deadline - timedelta(days=1),
        result="Kết quả",
    )  # fmt: skip
    TaskCoordination.objects.create(task=task, unit=world.units["CSXH"])
    if act is Act.RECORD_EVENT:  # a task waiting for its event
        task.set_event("Khi có đề nghị", 5, working_days=True)
        task.deadline = task.internal_deadline = task.original_deadline = None
        task.save()
    if act is Act.DECIDE_EXTENSION:
        ExtensionRequest.objects.create(
            task=task, requested_by=world.head, reason="Chờ số liệu", proposed_deadline=deadline
        )
        ExtensionRequest.objects.filter(task=task).update(
            proposed_deadline=deadline + timedelta(days=30)
        )
    return task


def allowed(act: Act) -> tuple[State, Rel]:
    """The first state of the table in which `act` may be taken, and by whom."""
    state, act_ = next(key for key in TABLE if key[1] is act)
    rule = TABLE[(state, act_)]
    return state, sorted(rule.by)[0]


def step(client: ApiClient, task: Task, act: Act | str, body: dict[str, Any], **headers: str):
    return client.post(f"/api/v1/tasks/{task.pk}/{act}/", body, **headers)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("act", list(Act))
def test_every_step_is_taken_through_the_api(world: World, act: Act) -> None:
    state, rel = allowed(act)
    task = task_in(world, state, act)
    client = api_client_for(person(world, rel), name=TOKEN)
    response = step(client, task, act, {**BODIES[act], "version": task.version})
    assert response.status_code == 200, response.json()
    body = response.json()
    task.refresh_from_db()
    assert body["id"] == task.pk and body["version"] == task.version == 2
    assert body["state"] == task.state
    last = body["timeline"][-1]
    assert last["action"] == act.value and last["via"] == f"api:{TOKEN}"
    assert last["actor"]["username"] == person(world, rel).get_username()
    event = TaskEvent.objects.filter(task=task).latest("at", "id")
    assert event.action == act.value and event.via == f"api:{TOKEN}"


@pytest.mark.parametrize("act", list(Act))
def test_every_refusal_is_the_service_s(world: World, act: Act) -> None:
    """Wrong state (a task done) and wrong person (an auditor, who sees every task and may
    take no step): the API answers the code the service raises, and nothing changes."""
    auditor = UserFactory.create(roles=[Role.AUDITOR], unit=world.units["VP"])
    state, rel = allowed(act)
    cases = [(person(world, rel), task_in(world, State.DONE, act))]
    cases.append((auditor, task_in(world, state, act)))
    for who, task in cases:
        with pytest.raises(ValidationFailed) as raised, transaction.atomic():
            _call(act, world, who, task)
        response = step(api_client_for(who), task, act, {**BODIES[act], "version": task.version})
        expected = {Code.WRONG_STATE: 400, Code.NOT_PERMITTED: 403}[raised.value.code]
        assert response.status_code == expected
        assert response.json()["code"] == raised.value.code
        assert response.json()["message"] == raised.value.errors["__all__"]
        assert Task.objects.get(pk=task.pk).version == task.version


def test_a_cycle_through_the_api(world: World) -> None:
    task = task_in(world, State.DRAFT)
    clients = {u: api_client_for(u, name=TOKEN) for u in (world.office, world.leader, world.head)}

    etag = clients[world.office].get(f"/api/v1/tasks/{task.pk}/")["ETag"]

    def take(user: User, act: Act, body: dict[str, Any]) -> dict[str, Any]:
        nonlocal etag  # each answer's ETag is the version the next step sends
        response = step(clients[user], task, act, body, **{"If-Match": etag})
        assert response.status_code == 200, response.json()
        etag = response["ETag"]
        assert etag == f'"{Task.objects.get(pk=task.pk).version}"'
        return response.json()

    take(world.leader, Act.ASSIGN, {"lead": ["TST"], "deadline": soon(20)})
    body = take(world.head, Act.ACCEPT, {"assignees": ["tst.chuyenvien"]})
    assert body["state"] == "in_progress"
    assert body["assignees"] == [{"username": "tst.chuyenvien", "full_name": "tst.chuyenvien"}]
    body = take(world.head, Act.SUBMIT, BODIES[Act.SUBMIT])
    assert body["state"] == "submitted" and body["progress"] == 100
    [file] = body["timeline"][-1]["files"]
    assert file["name"] == "ket-qua.pdf" and file["size"] == len(PDF)
    assert Attachment.objects.get(name="ket-qua.pdf").file.read() == PDF
    take(world.office, Act.FORWARD, {})
    body = take(world.leader, Act.APPROVE, {"note": "Đồng ý"})
    assert body["state"] == "approved"
    body = take(world.office, Act.REPORT, BODIES[Act.REPORT])
    assert body["state"] == "done" and body["actions"] == []
    assert {e["via"] for e in body["timeline"][1:]} == {f"api:{TOKEN}"}


def test_a_stale_version_is_409_and_changes_nothing(world: World) -> None:
    task = task_in(world, State.IN_PROGRESS)
    client = api_client_for(world.staff)
    body = {"note": "Lần 1", "progress": 30}
    assert step(client, task, Act.PROGRESS, {**body, "version": 1}).status_code == 200
    # the same step again (sent twice, or by someone who read version 1): refused
    for headers, sent in (({}, {**body, "version": 1}), ({"If-Match": '"1"'}, body)):
        response = step(client, task, Act.PROGRESS, {**sent, "progress": 90}, **headers)
        assert response.status_code == 409 and response.json()["code"] == "stale"
        assert "vừa được" in response.json()["message"]
        now = Task.objects.get(pk=task.pk)
        assert (now.version, now.progress) == (2, 30)
        assert TaskEvent.objects.filter(task=task).count() == 1


@pytest.mark.parametrize(
    ("headers", "body", "code"),
    [
        ({}, {}, Code.REQUIRED),
        ({"If-Match": "phien-ban"}, {}, Code.INVALID),
        ({"If-Match": '"2"'}, {"version": 1}, Code.INVALID),
        ({}, {"version": 0}, Code.INVALID),
        ({}, {"version": "một"}, Code.INVALID),
    ],
)
def test_the_version_must_be_sent(world: World, headers, body, code) -> None:
    task = task_in(world, State.IN_PROGRESS)
    client = api_client_for(world.staff)
    response = step(client, task, Act.PROGRESS, {"note": "x", "progress": 1, **body}, **headers)
    assert response.status_code == 400
    assert response.json()["code"] == code and "version" in response.json()["errors"]
    assert Task.objects.get(pk=task.pk).version == 1


@pytest.mark.parametrize(
    ("files", "code", "words"),
    [
        ([{"name": "a.pdf", "content": "không phải base64!"}], Code.FILE_REFUSED, "base64"),
        ([encoded("chuong-trinh.exe", b"MZ\x90\x00")], Code.FILE_REFUSED, "không thuộc loại"),
        ([encoded("gia.pdf", b"<html>")], Code.FILE_REFUSED, "không đúng định dạng"),
        ([encoded("rong.pdf", b"")], Code.FILE_REFUSED, "«rong.pdf»"),
        ([encoded(f"{n}.txt", b"x") for n in range(21)], Code.FILE_REFUSED, "tối đa 20"),
    ],
)
def test_files_are_checked_as_on_the_page(world: World, files, code, words) -> None:
    task = task_in(world, State.IN_PROGRESS)
    body = {"result": "Kết quả", "files": files, "version": 1}
    response = step(api_client_for(world.head), task, Act.SUBMIT, body)
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == code and words in answer["errors"]["files"]
    assert Task.objects.get(pk=task.pk).state == State.IN_PROGRESS
    assert not Attachment.objects.exists()


def test_a_body_over_django_s_limit_is_413_and_changes_nothing(world: World, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    task = task_in(world, State.IN_PROGRESS)
    big = encoded("lon.pdf", b"%PDF" + b"x" * 1024 * 1024)
    body = {"result": "Kết quả", "files": [big], "version": 1}
    response = step(api_client_for(world.head), task, Act.SUBMIT, body)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert Task.objects.get(pk=task.pk).state == State.IN_PROGRESS


def test_a_scan_is_required_for_a_paper_assignment(world: World) -> None:
    task = task_in(world, State.DRAFT)
    body = {**BODIES[Act.RECORD_ASSIGNMENT], "scan": [], "version": 1}
    response = step(api_client_for(world.office), task, Act.RECORD_ASSIGNMENT, body)
    assert response.status_code == 400
    assert response.json()["code"] == Code.REQUIRED and "scan" in response.json()["errors"]


@pytest.mark.parametrize(
    ("act", "change", "field", "code"),
    [
        (Act.ASSIGN, {"lead": ["KHONGCO"]}, "lead", Code.NOT_FOUND),
        (Act.ASSIGN, {"lead": ["THU"]}, "lead", Code.NOT_FOUND),  # merged in 2020
        (Act.ASSIGN, {"lead": []}, "lead", Code.REQUIRED),
        (Act.ASSIGN, {"lead": ["LD"]}, "lead", Code.INVALID),  # the leadership does not lead
        (Act.ASSIGN, {"coordinating": ["CSXH", "XYZ"]}, "coordinating", Code.NOT_FOUND),
        (Act.ASSIGN, {"deadline": "2020-01-01"}, "deadline", Code.INVALID),  # before the document
        (Act.ASSIGN, {"deadline": "31/12/2026"}, "deadline", Code.INVALID),
        (Act.ASSIGN, {"deadline": 0}, "deadline", Code.INVALID),  # not read as 1970-01-01
        (Act.ASSIGN, {"lanh_dao": "x"}, "lanh_dao", Code.INVALID),  # a field it does not know
        (Act.EDIT, {"code": {}}, "code", Code.INVALID),  # a field named as the answer's key
        (Act.PROPOSE, {"leader": "tst.truongban"}, "leader", Code.INVALID),
        (Act.ACCEPT, {"assignees": ["csxh.chuyenvien"]}, "assignees", Code.INVALID),
        (Act.RETURN, {"reason": "  "}, "reason", Code.REQUIRED),
        (Act.CHASE, {"unit": "CNTT"}, "unit", Code.NOT_FOUND),
        (Act.PROGRESS, {"progress": 101}, "progress", Code.INVALID),
        (Act.REPORT, {"reported_on": soon(3)}, "reported_on", Code.INVALID),
        (Act.REPORT, {"number": "x" * 61}, "number", Code.INVALID),
    ],
)
def test_a_bad_body_is_400_naming_the_field(world: World, act: Act, change, field, code) -> None:
    state, rel = allowed(act)
    task = task_in(world, state, act)
    body = {**BODIES[act], **change, "version": task.version}
    response = step(api_client_for(person(world, rel)), task, act, body)
    assert response.status_code == 400, response.json()
    answer = response.json()
    assert answer["code"] == code and field in answer["errors"], answer
    assert Task.objects.get(pk=task.pk).version == task.version


def test_a_past_deadline_needs_confirming(world: World) -> None:
    task = task_in(world, State.DRAFT)
    client = api_client_for(world.leader)
    body = {"lead": ["TST"], "deadline": soon(-2), "version": 1}
    response = step(client, task, Act.ASSIGN, body)
    assert response.status_code == 400
    assert "confirm_past_deadline" in response.json()["errors"]["deadline"]
    response = step(client, task, Act.ASSIGN, {**body, "confirm_past_deadline": True})
    assert response.status_code == 200 and response.json()["deadline"] == soon(-2)


def test_an_edit_changes_only_what_it_is_sent(world: World) -> None:
    task = task_in(world, State.DRAFT)
    body = {"code": "2.1", "coordinating": ["CNTT"], "reason": "Bổ sung", "version": 1}
    response = step(api_client_for(world.office), task, Act.EDIT, body)
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["code"] == "2.1" and answer["content"] == "Rà soát quy trình thu"
    assert answer["lead"]["code"] == "TST"
    assert [u["code"] for u in answer["coordinating"]] == ["CNTT"]
    assert answer["deadline"] == task.deadline.isoformat()


def test_a_unit_cannot_act_on_another_unit_s_task(world: World) -> None:
    task = task_in(world, State.ASSIGNED)
    response = step(api_client_for(world.other_head), task, Act.ACCEPT, {"version": 1})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Task.objects.get(pk=task.pk).state == State.ASSIGNED


def test_an_unknown_step_is_404(world: World) -> None:
    task = task_in(world, State.ASSIGNED)
    response = step(api_client_for(world.head), task, "nhan", {"version": 1})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_schema_shows_each_step_s_body() -> None:
    from theodoi.api.urls import api  # the routers added

    schema = api.get_openapi_schema()
    for act in Act:
        operation = schema["paths"][f"/api/v1/tasks/{{task_id}}/{act.value}/"]["post"]
        assert operation["operationId"] == f"tasks_{act.value}"
        assert {200, 400, 403, 404, 409, 413} <= set(operation["responses"])
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        assert "version" in body["properties"], act
        assert set(BODIES[act]) <= set(body["properties"]), act
