"""A large plan is written with a number of queries that does not grow with its rows, and
what statistics and lists read stays as the cycle keeps it (issue 18, item 11). Timings are
in docs/bench.md (`python -m theodoi.bench.plan_import`)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.accounts.models import Role
from theodoi.bench.plan_import import corrected
from theodoi.imports import services
from theodoi.imports.examples import excel, large_plan
from theodoi.imports.models import PlanImport
from theodoi.tasks.facts import COUNTED
from theodoi.tasks.models import Task, TaskCoordination, TaskFact

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def office(sample_units, make_user):
    return make_user(Role.TRACKER, unit="VP", username="vp1")


def upload(office, rows, number: str = "3/KH-BHXH") -> PlanImport:
    return services.plan_upload(
        actor=office, file=SimpleUploadedFile("kh.xlsx", excel(rows)), number=number
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


def test_a_plan_three_times_longer_takes_the_same_queries(office) -> None:
    small = queries(office, large_plan(16, 2025), "1/KH-BHXH")
    large = queries(office, large_plan(48, 2025), "2/KH-BHXH")
    tasks = [Task.objects.filter(document__number=f"{n}/KH-BHXH").count() for n in (1, 2)]
    assert tasks[1] > 2 * tasks[0] > 250  # the provinces' rows fan out to every province
    assert large == small
    assert small[0] < 60 and small[1] < 60, small  # before: ~6 queries a task, 5.4 an update


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
    # the coordinating units' copies of the state and deadline, kept by the triggers
    copies = TaskCoordination.objects.values_list(
        "task_state", "task_deadline", "task__state", "task__deadline"
    )
    assert copies and all((a, b) == (c, d) for a, b, c, d in copies)
    assert TaskCoordination.objects.filter(task_deadline=date(2025, 6, 30)).exists()
    # every counted task has exactly one open span, matching it
    open_spans = TaskFact.objects.filter(valid_to__isnull=True)
    assert open_spans.count() == counted.count()
    assert set(open_spans.values_list("task_id", "lead_unit_id", "deadline")) == set(
        counted.values_list("pk", "lead_unit_id", "original_deadline")
    )
