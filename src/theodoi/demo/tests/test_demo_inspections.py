"""The demo holds inspections in three states (issue 25): one ended just before Tết with its
report dated after the holiday, its notice and two follow-up tasks; one under way with a
records request; one planned with the partner; the inspector and the inspected province see
them on their pages; loading again adds nothing."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.demo.services import load_demo
from theodoi.demo.tests.copies import copy_demo
from theodoi.inspections.listing import inspection_rows
from theodoi.inspections.models import Inspection, InspectionPlan, PlanState
from theodoi.tasks.models import State
from theodoi.workcalendar.services import WorkingCalendar

pytestmark = pytest.mark.django_db


def words(response) -> str:
    body = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", body[body.index("<main") :]).split())


@pytest.mark.demo_content
def test_the_demo_inspections_tell_the_whole_cycle() -> None:
    copy_demo("Mat-khau-demo-2026")
    rows = {row["status"]: row for row in inspection_rows(None, timezone.localdate())}
    assert set(rows) == {"planned", "under_way", "notified"}

    ended = Inspection.objects.get(pk=rows["notified"]["id"])
    calendar = WorkingCalendar()
    between = [ended.end + timedelta(days=i) for i in range(1, 30)]
    holiday = [d for d in between if "Tết Nguyên Đán" in calendar.info(d).reason]
    assert holiday, "the inspection should end just before a Tết holiday"
    assert not any(calendar.is_working_day(d) for d in between if d < holiday[0])
    due = ended.report.reported_on
    assert rows["notified"]["report_due"] == due
    assert holiday[0] < due and calendar.working_days_between(ended.end, due) == 5
    assert {r.task.state for r in ended.recommendations.select_related("task")} == {
        State.DONE,
        State.IN_PROGRESS,
    }
    assert rows["notified"]["record_missing"] == ["c"]  # no urging letter was sent

    under_way = Inspection.objects.get(pk=rows["under_way"]["id"])
    request = under_way.records_requests.select_related("task").get()
    assert request.task.state not in (State.DONE, State.SUBMITTED)
    assert rows["planned"]["number"] == "" and rows["planned"]["record_missing"]
    assert InspectionPlan.objects.filter(state=PlanState.DRAFT).exists()

    client = Client()
    client.force_login(User.objects.get(username="kiemtra"))
    listed = words(client.get(reverse("inspections:list")))
    assert all(i.title in listed for i in Inspection.objects.all())
    client.force_login(User.objects.get(username="thutruong.nghean"))
    listed = words(client.get(reverse("inspections:list")))
    assert ended.title in listed and under_way.title not in listed

    load_demo("Mat-khau-demo-2026")
    assert Inspection.objects.count() == 3


def test_the_ended_inspections_page_reads_each_row_once() -> None:
    """The page's sections share the inspection read with its papers: the decision, report,
    notice and their files are not read again by the sections or the templates."""
    copy_demo("Mat-khau-demo-2026")
    ended = Inspection.objects.get(notice__isnull=False)
    client = Client()
    client.force_login(User.objects.get(username="kiemtra"))
    client.get(reverse("inspections:list"))  # the session and the person, read once
    with CaptureQueriesContext(connection) as queries:
        page = words(client.get(reverse("inspections:detail", args=[ended.pk])))
    assert "Đã thông báo kết quả" in page and ended.report.number in page
    assert len(queries) <= 26
