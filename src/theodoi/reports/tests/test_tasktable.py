"""The unit's task table: tasks due in the window with their class at its end (unit view),
tasks without a deadline with their last update, plan tasks reported inside the periodic
report; units below included, other units left out, a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from theodoi.imports.models import PlanImport, PlanTask, ScheduleKind
from theodoi.reports.tasktable import DUE, IN_REPORT, NO_DEADLINE, task_table
from theodoi.tasks import steps
from theodoi.tasks.tests.conftest import World
from theodoi.tasks.tests.test_stats import Story, StoryWorld

pytestmark = pytest.mark.django_db
Q1 = (date(2024, 1, 1), date(2024, 3, 31))
LINKED = "Lồng ghép nội dung trong\nBáo cáo Kiểm soát TTHC\nhàng quý và cả năm."


def link(world: StoryWorld, story: Story, timeline: str) -> None:
    plan = PlanImport.objects.create(
        file="ke-hoach/kh.xlsx",
        name="kh.xlsx",
        size=1,
        uploaded_by=world.office,
        number="1/KH-BHXH",
        plan_date=date(2024, 1, 2),
        title="Kế hoạch kiểm soát TTHC",
        document=world.doc,
    )
    PlanTask.objects.create(
        task=story.task,
        document=world.doc,
        key=f"{story.task.pk}#1",
        schedule=ScheduleKind.RECURRING,
        timeline_text=timeline,
        last_import=plan,
    )


def test_the_table_of_a_unit_for_a_quarter(world: World, make_user) -> None:
    w = StoryWorld.of(world, make_user("unit_head", unit="CSXH"))
    done = Story(w).assign().submit(date(2024, 3, 25))  # due in Q1, sent on time
    late = Story(w).assign()  # due in Q1, nothing sent by its end
    Story(w, deadline=date(2024, 6, 30)).assign()  # due in Q2: not in Q1's table
    Story(w, lead="CSXH").assign()  # another unit's task
    undated = Story(w, deadline=None).assign()
    undated.do(steps.task_progress, w.head, date(2024, 2, 10), progress=40, note="Đang làm")
    linked = Story(w, deadline=None).assign()
    link(w, linked, LINKED)
    other = Story(w, lead="CSXH", deadline=None).assign()
    link(w, other, LINKED)
    with CaptureQueriesContext(connection) as seen:
        rows = task_table(w.units["TST"], *Q1)
    assert len(seen) == 4
    by_kind = {kind: [r for r in rows if r.kind == kind] for kind in (DUE, NO_DEADLINE, IN_REPORT)}
    due = {r.task_id: r.status for r in by_kind[DUE]}
    assert due == {
        done.task.pk: "Đã hoàn thành đúng hạn",
        late.task.pk: "Chưa hoàn thành, quá hạn",
    }
    undated_rows = {r.task_id: r for r in by_kind[NO_DEADLINE]}
    assert set(undated_rows) == {undated.task.pk, linked.task.pk}
    assert undated_rows[undated.task.pk].progress == 40
    assert undated_rows[undated.task.pk].last_update == "10/02/2024"
    (in_report,) = by_kind[IN_REPORT]
    assert in_report.task_id == linked.task.pk and in_report.deadline == ""
    assert in_report.timeline.startswith("Lồng ghép nội dung trong Báo cáo Kiểm soát TTHC")
