"""A re-import never undoes what a person did meanwhile (issue 18, item 1): a unit head who
accepts a task between the import reading the plan's tasks and writing them keeps the
acceptance, and the import's result names the row it left alone and why."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from theodoi.accounts.models import Role
from theodoi.imports import planning, services
from theodoi.imports.examples import excel
from theodoi.imports.reading import read_plan
from theodoi.tasks import steps
from theodoi.tasks.models import EventKind, State, Task

HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]
FIRST = [
    HEADER,
    ["1", "Rà soát quy trình", "Văn phòng", "TST", "Quý I/2025"],
    ["2", "Kiểm tra chuyên đề", "PC", "", "Quý II/2025"],
]
CORRECTED = [
    HEADER,
    ["1", "Rà soát, chuẩn hóa quy trình", "PC", "TST, CSXH", "Quý II/2025"],
    ["2", "Kiểm tra chuyên đề năm 2025", "PC", "", "Quý III/2025"],
]


@pytest.fixture
def office(sample_units, make_user):
    return make_user(Role.TRACKER, unit="VP", username="vp1")


@pytest.fixture
def head(sample_units, make_user):
    return make_user(Role.UNIT_HEAD, unit="VP", username="vp.truong", full_name="Trần Văn Nhận")


def commit(office, rows):
    data = excel(rows)
    plan = services.plan_upload(
        actor=office,
        file=SimpleUploadedFile("kh.xlsx", data),
        number="9/KH-BHXH",
        plan_date=read_plan(data, "kh.xlsx").plan_date,  # the date a person types
        signer_name="Nguyễn Văn Ký",
        reimport=True,
    )
    return services.plan_commit(actor=office, plan_import=plan, expected_version=plan.version)


def test_an_acceptance_made_while_a_re_import_runs_is_kept(office, head, monkeypatch) -> None:
    commit(office, FIRST)
    task = Task.objects.get(code="1")
    assert (task.state, task.lead_unit.code) == (State.ASSIGNED, "VP")

    def accept_meanwhile(*args: object, **kwargs: object) -> None:
        """The unit head accepts task 1 after the import has read it, before it writes."""
        seen = Task.objects.get(code="1")
        if seen.state == State.ASSIGNED:
            steps.task_accept(
                actor=head, task=seen, expected_version=seen.version, assignees=[head]
            )

    monkeypatch.setattr(planning, "before_writing", accept_meanwhile)
    plan = commit(office, CORRECTED)

    task = Task.objects.get(code="1")
    # the acceptance stands: state, lead unit and assignee are the unit head's, and the
    # timeline ends with it (no plan update recorded on top of a change that was not made)
    assert task.state == State.IN_PROGRESS
    assert task.lead_unit.code == "VP"
    assert list(task.assignees.all()) == [head]
    assert task.content == "Rà soát quy trình"
    assert list(task.events.values_list("action", flat=True)) == [
        EventKind.IMPORT_PLAN,
        EventKind.ACCEPT,
    ]
    # the import says which row it left alone and why, in Vietnamese
    assert [c["key"] for c in plan.summary["conflicts"]] == ["1#1"]
    reason = plan.summary["conflicts"][0]["reason"]
    assert "Trần Văn Nhận" in reason and "Đang thực hiện" in reason
    assert [u["key"] for u in plan.summary["updated"]] == ["2#1"]  # the other row is applied
    assert Task.objects.get(code="2").content == "Kiểm tra chuyên đề năm 2025"

    # importing the file again applies the row to the task as it now is: the new texts,
    # the acceptance kept, and the lead not moved away from the unit that accepted it
    monkeypatch.undo()
    again = commit(office, CORRECTED)
    task.refresh_from_db()
    assert [u["key"] for u in again.summary["updated"]] == ["1#1"]
    assert again.summary["conflicts"] == []
    assert task.content == "Rà soát, chuẩn hóa quy trình"
    assert (task.state, task.lead_unit.code) == (State.IN_PROGRESS, "VP")
    assert sorted(task.coordinating_units.values_list("code", flat=True)) == ["CSXH", "TST"]
    assert task.events.last().action == EventKind.PLAN_UPDATE
