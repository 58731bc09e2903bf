"""A large plan is written in short batches with a number of queries that does not grow with
its rows, and an import that stopped half-way says so and is finished by running it again
(issue 18, item 11). Timings are in docs/bench.md (`python -m theodoi.bench.plan_import`)."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.bench.plan_import import corrected
from theodoi.core.errors import Code, ValidationFailed
from theodoi.imports import planning, services
from theodoi.imports.examples import excel, large_plan
from theodoi.imports.models import ImportStatus, PlanImport, PlanTask
from theodoi.imports.reading import read_plan
from theodoi.tasks.facts import COUNTED
from theodoi.tasks.models import EventKind, Task, TaskCoordination, TaskEvent, TaskFact
from theodoi.tasks.tests.conftest import client_for
from theodoi.tasks.tests.copies import checked_copies, stale_unit_words

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def office(sample_units, make_user):
    return make_user(Role.TRACKER, unit="VP", username="vp1")


def upload(office, rows, number: str = "3/KH-BHXH") -> PlanImport:
    data = excel(rows)
    return services.plan_upload(
        actor=office,
        file=SimpleUploadedFile("kh.xlsx", data),
        number=number,
        plan_date=read_plan(data, "kh.xlsx").plan_date,  # the date a person types
        signer_name="Nguyễn Văn Ký",
        reimport=True,
    )


def commit(office, plan: PlanImport, at: datetime | None = None) -> PlanImport:
    return services.plan_commit(
        actor=office, plan_import=plan, expected_version=plan.version, at=at
    )


def queries(office, rows, number: str) -> tuple[int, int]:
    """The queries of committing `rows` as a new plan, then of a corrected re-import."""
    counts = []
    for version in (rows, corrected(rows)):
        plan = upload(office, version, number)
        with CaptureQueriesContext(connection) as captured:
            commit(office, plan)
        counts.append(len(captured))
    return counts[0], counts[1]


def test_a_plan_three_times_longer_takes_the_same_queries(office, monkeypatch) -> None:
    monkeypatch.setattr(planning, "BATCH_TASKS", 100_000)  # one batch for both plans
    small = queries(office, large_plan(16, 2025), "1/KH-BHXH")
    large = queries(office, large_plan(48, 2025), "2/KH-BHXH")
    tasks = [Task.objects.filter(document__number=f"{n}/KH-BHXH").count() for n in (1, 2)]
    assert tasks[1] > 2 * tasks[0] > 250  # the provinces' rows fan out to every province
    assert large == small
    assert small[0] < 60 and small[1] < 60, small  # before: ~6 queries a task, 5.4 an update


def test_each_batch_adds_the_same_few_queries(office, monkeypatch) -> None:
    rows = large_plan(16, 2025)
    monkeypatch.setattr(planning, "BATCH_TASKS", 100_000)
    whole = queries(office, rows, "1/KH-BHXH")
    monkeypatch.setattr(planning, "BATCH_TASKS", 20)
    plan = upload(office, rows, "2/KH-BHXH")
    units = planning.Units(plan.rows, plan.plan_date)
    items = planning.items_of(plan.rows, units)
    count = len(list(planning.batches(items, len(plan.rows), size=20)))
    assert count >= 3
    split = queries(office, rows, "3/KH-BHXH")
    # a batch: its transaction, the import's progress, three reads, the locks, one insert
    # of each kind (tasks, coordinating units, events, spans, origins)
    assert split[0] - whole[0] <= 20 * (count - 1), (whole, split, count)
    assert split[1] - whole[1] <= 20 * (count - 1), (whole, split, count)


def test_an_import_stopped_half_way_says_so_and_running_it_again_finishes_it(
    office, monkeypatch
) -> None:
    monkeypatch.setattr(planning, "BATCH_TASKS", 20)
    rows = large_plan(30, 2025)
    plan = upload(office, rows)
    calls = []

    def server_stops(labels: list[str]) -> None:
        calls.append(labels)
        if len(calls) == 3:
            raise RuntimeError("máy chủ dừng")

    monkeypatch.setattr(planning, "before_writing", server_stops)
    with pytest.raises(RuntimeError):
        commit(office, plan)
    plan.refresh_from_db()
    # two batches are in, and the import says it is not finished
    assert plan.status == ImportStatus.COMMITTING
    assert 0 < plan.progress < len(plan.rows) - 1
    written = PlanTask.objects.filter(document=plan.document).count()
    assert written == len(calls[0]) + len(calls[1])
    page = client_for(office).get(reverse("imports:preview", args=[plan.pk])).content.decode()
    assert f"Đang nhập, chưa xong</strong>: đã ghi {plan.progress}/{len(plan.rows)} dòng" in page
    assert "Nhập tiếp" in page
    upload_list = client_for(office).get(reverse("imports:upload")).content.decode()
    assert "Đang nhập, chưa xong" in upload_list
    # another file of the same plan waits until this one is finished
    with pytest.raises(ValidationFailed) as refused:
        commit(office, upload(office, rows))
    assert refused.value.code == Code.WRONG_STATE
    assert f"--resume {plan.pk}" in refused.value.errors["__all__"]

    monkeypatch.setattr(planning, "before_writing", lambda labels: None)
    out = StringIO()
    call_command("import_plan", "--resume", str(plan.pk), "--user", "vp1", stdout=out)
    assert "Đã nhập:" in out.getvalue()
    plan.refresh_from_db()
    assert plan.status == ImportStatus.COMMITTED and plan.progress == len(plan.rows)
    # every row once: as many tasks as a plan imported in one go, one first event each
    items = planning.items_of(plan.rows, planning.Units(plan.rows, plan.plan_date))
    assert sorted(plan.summary["created"]) == sorted(item.label for item in items)
    assert PlanTask.objects.filter(document=plan.document).count() == len(items)
    again = upload(office, rows, "4/KH-BHXH")
    commit(office, again)
    assert (
        Task.objects.filter(document=plan.document).count()
        == Task.objects.filter(document=again.document).count()
    )
    first_events = TaskEvent.objects.filter(task__document=plan.document)
    assert first_events.count() == Task.objects.filter(document=plan.document).count()
    assert set(first_events.values_list("action", flat=True)) == {
        EventKind.IMPORT_PLAN,
        EventKind.FAN_OUT,
    }


def test_statistics_spans_follow_the_plan_as_the_cycle_keeps_them(office) -> None:
    rows = large_plan(10, 2025)
    commit(office, upload(office, rows), at=datetime(2025, 1, 2, 9, tzinfo=VN))
    moved = [[*row[:4], row[4].replace("Quý I/", "Quý II/"), *row[5:]] for row in rows]
    commit(office, upload(office, moved), at=datetime(2025, 2, 3, 9, tzinfo=VN))
    counted = Task.objects.filter(state__in=COUNTED, fanned_out=False, lead_unit__isnull=False)
    task = counted.get(code="1.1")
    assert task.original_deadline == date(2025, 6, 30)
    spans = list(
        task.facts.order_by("valid_from").values_list("valid_from", "valid_to", "deadline")
    )
    assert spans == [
        (date(2025, 1, 1), date(2025, 2, 3), date(2025, 3, 31)),
        (date(2025, 2, 3), None, date(2025, 6, 30)),
    ]
    # the coordinating units' copies of the state, deadline, due order and lead unit, kept
    # by the triggers
    linked, stale = checked_copies()
    assert linked and not stale, stale
    assert stale_unit_words() == []  # and SQLite's text index the units
    assert TaskCoordination.objects.filter(task_deadline=date(2025, 6, 30)).exists()
    # every counted task has exactly one open span, matching it
    open_spans = TaskFact.objects.filter(valid_to__isnull=True)
    assert open_spans.count() == counted.count()
    assert set(open_spans.values_list("task_id", "lead_unit_id", "deadline")) == set(
        counted.values_list("pk", "lead_unit_id", "original_deadline")
    )
