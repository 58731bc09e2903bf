"""Committing a plan: the document and its tasks in one transaction (fan-out, occurrences,
drafts that wait for a leader), nothing while a row is flagged, and updates by row on re-import."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from theodoi.accounts.models import Role
from theodoi.core.errors import ConflictError, ValidationFailed
from theodoi.imports import services
from theodoi.imports.examples import excel, word
from theodoi.imports.models import ImportStatus, PlanTask
from theodoi.imports.reading import read_plan
from theodoi.organisation.groups import Group, group_members
from theodoi.organisation.models import Unit, UnitKind
from theodoi.tasks.models import Document, EventKind, State, Task, TaskEvent

SAMPLES = Path(__file__).resolve().parent / "samples"  # copies of ../shared/samples
SAMPLE = SAMPLES / "plan-2024-kiem-soat-tthc-phu-luc-1.docx"
HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]


@pytest.fixture
def office(sample_units, make_user):
    return make_user(Role.TRACKER, unit="VP")


def upload(office, data: bytes, name: str = "kh.docx", number: str = "12/KH-BHXH"):
    return services.plan_upload(
        actor=office,
        file=SimpleUploadedFile(name, data),
        number=number,
        plan_date=read_plan(data, name).plan_date,  # the date a person types
        signer_name="Nguyễn Văn Ký",
        reimport=True,
    )


def commit(office, plan):
    return services.plan_commit(actor=office, plan_import=plan, expected_version=plan.version)


def test_committing_the_sample_gives_the_plan_and_its_tasks(office, sample_units) -> None:
    plan = upload(office, SAMPLE.read_bytes())
    assert plan.plan_date == date(2024, 1, 1) and len(plan.rows) == 32
    assert Task.objects.count() == 0  # the preview writes no task
    plan = commit(office, plan)
    document = Document.objects.get(number="12/KH-BHXH")
    assert plan.status == ImportStatus.COMMITTED and plan.document == document
    provinces = group_members(Group.PROVINCES, date(2024, 1, 1)).count()  # 63 before 07/2025
    assert provinces == Unit.objects.filter(kind=UnitKind.PROVINCE, valid_from__isnull=True).count()
    # 1.1, second row: the provinces' plan, one task per province under a parent
    parent = PlanTask.objects.get(document=document, key="1.1#2").task
    assert parent.state == State.FANNED_OUT
    assert parent.children.filter(state=State.ASSIGNED).count() == provinces
    assert parent.children.first().deadline == date(2024, 3, 31)
    # 1.1, first row: the Office's own, assigned with its coordinating units
    own = PlanTask.objects.get(document=document, key="1.1#1").task
    assert (own.state, own.lead_unit.code) == (State.ASSIGNED, "VP")
    assert sorted(own.coordinating_units.values_list("code", flat=True)) == sorted(
        ["TST", "CSXH", "CSYT", "TCKT", "PC", "CNTT", "TTTT"]
    )
    # 9: the report, four due dates in 2024, each its own task
    reports = PlanTask.objects.filter(document=document, key="9#2").order_by("occurrence")
    assert [p.task.deadline for p in reports] == [
        date(2024, 3, 18),
        date(2024, 6, 18),
        date(2024, 9, 18),
        date(2024, 12, 18),
    ]
    # 6.2 waits for a leader to name the units; 2.5 waits for its event with no deadline
    waiting = PlanTask.objects.get(document=document, key="6.2#1")
    assert waiting.task.state == State.DRAFT
    event = PlanTask.objects.get(document=document, key="2.5#1")
    assert (event.schedule, event.task.deadline) == ("event", None)
    assert event.task.state == State.FANNED_OUT  # four lead units
    # 3.2: the unknown partner is kept as written; 2.2.a/b/c carry footnote 1
    assert "ủy quyền" in PlanTask.objects.get(document=document, key="3.2#1").coordinating_text
    assert "206/QĐ-TTg" in PlanTask.objects.get(document=document, key="2.2.b#1").source_note
    assert (
        TaskEvent.objects.filter(action=EventKind.IMPORT_PLAN).count() == PlanTask.objects.count()
    )


def test_a_flagged_row_stops_the_commit_until_it_is_corrected(office, sample_units) -> None:
    rows = [
        HEADER,
        ["1", "Việc một", "Văn phòng", "", "Quý I/2025"],
        ["2", "Việc hai", "Ban Quản lý dự án", "", "Quý II/2025"],
    ]
    plan = upload(office, excel(rows), "kh.xlsx")
    with pytest.raises(ValidationFailed) as refused:
        commit(office, plan)
    assert "Còn 1 dòng cần sửa" in refused.value.errors["__all__"]
    assert Task.objects.count() == 0 and Document.objects.count() == 0
    plan.refresh_from_db()
    row = services.plan_correct(
        actor=office,
        plan_import=plan,
        expected_version=plan.version,
        number=2,
        lead="TCKT",
        coordinating="",
        schedule="deadline",
        deadline=date(2025, 6, 30),
    )
    assert not [f for f in row["flags"] if f["level"] == "error"]
    plan.refresh_from_db()
    commit(office, plan)
    assert Task.objects.get(code="2").lead_unit.code == "TCKT"


def test_a_stale_preview_is_refused(office, sample_units) -> None:
    rows = [HEADER, ["1", "Việc một", "Văn phòng", "", "Quý I/2025"]]
    plan = upload(office, excel(rows), "kh.xlsx")
    stale = plan.version
    commit(office, plan)
    with pytest.raises(ConflictError):
        services.plan_commit(actor=office, plan_import=plan, expected_version=stale)
    assert Task.objects.count() == 1


def test_importing_a_corrected_plan_updates_tasks_by_row(office, sample_units) -> None:
    first = [
        HEADER,
        ["1", "Nhóm một", "<", "<", "<"],
        ["1.1", "Rà soát quy trình", "Văn phòng", "TST", "Quý I/2025"],
        ["1.2", "Báo cáo quý", "BHXH các tỉnh, thành phố", "", "Hằng quý"],
        ["1.3", "Việc bỏ đi", "CNTT", "", "Năm 2025"],
    ]
    commit(office, upload(office, word(first, before=["KẾ HOẠCH NĂM 2025"])))
    count = Task.objects.count()
    second = [
        HEADER,
        ["1", "Nhóm một", "<", "<", "<"],
        ["1.1", "Rà soát, chuẩn hóa quy trình", "Văn phòng", "TST, CSXH", "Quý II/2025"],
        ["1.2", "Báo cáo quý", "BHXH các tỉnh, thành phố", "", "Hằng quý"],
        ["1.4", "Việc mới", "PC", "", "Tháng 9/2025"],
    ]
    plan = commit(office, upload(office, word(second, before=["KẾ HOẠCH NĂM 2025"])))
    assert Document.objects.count() == 1
    assert Task.objects.count() == count + 1  # only 1.4 is new
    assert plan.summary["created"] == ["1.4#1"]
    assert [u["key"] for u in plan.summary["updated"]] == ["1.1#1"]
    assert plan.summary["missing"] == ["1.3#1"]
    assert len(plan.summary["unchanged"]) == 4  # the four quarters of 1.2
    task = Task.objects.get(code="1.1")
    assert task.content == "Rà soát, chuẩn hóa quy trình"
    assert (task.deadline, task.original_deadline) == (date(2025, 6, 30), date(2025, 6, 30))
    assert sorted(task.coordinating_units.values_list("code", flat=True)) == ["CSXH", "TST"]
    update = task.events.get(action=EventKind.PLAN_UPDATE)
    assert "Thời hạn 31/03/2025 → 30/06/2025" in update.note
    assert Task.objects.get(code="1.3").state == State.ASSIGNED  # kept, not deleted
    json.dumps(plan.summary)
