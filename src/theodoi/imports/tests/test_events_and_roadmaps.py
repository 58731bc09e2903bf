"""Event rows become tasks waiting for their event (with the schedule the text gives), and
roadmap rows ("theo lộ trình hằng năm và hoàn thành trước …") one task per year to the end."""

from datetime import date

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.imports.examples import word
from theodoi.imports.models import PlanTask, ScheduleKind
from theodoi.imports.tests.test_services import commit, upload
from theodoi.tasks import steps
from theodoi.tasks.models import Document, State, Task
from theodoi.tasks.tests.conftest import at, client_for

pytestmark = pytest.mark.django_db
HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"]
EVENT = "Sau khi Quyết định công bố TTHC được ký, trong vòng 05 ngày làm việc"
ROADMAP = "Thực hiện theo lộ trình hàng năm và hoàn thành trước 31/12/2025"
ROWS = [
    HEADER,
    ["1", "Đăng tải Quyết định công bố TTHC", "Văn phòng", EVENT],
    ["2", "Cung cấp thông tin cho Tổng LĐLĐ", "Văn phòng", "Khi có đề nghị"],
    ["3", "Số hóa kết quả giải quyết TTHC", "Văn phòng", ROADMAP],
]
BEFORE = ["KẾ HOẠCH KIỂM SOÁT THỦ TỤC HÀNH CHÍNH", "Hà Nội, ngày 05 tháng 01 năm 2024"]


@pytest.fixture
def office(sample_units, make_user):
    return make_user(Role.TRACKER, unit="VP", username="vp1")


def test_the_preview_shows_the_event_schedule_and_each_year_of_the_roadmap(office) -> None:
    plan = upload(office, word(ROWS, before=BEFORE))
    page = client_for(office).get(reverse("imports:preview", args=[plan.pk])).content.decode()
    assert "Khi có sự kiện: hạn 05 ngày làm việc kể từ sự kiện" in page
    assert "Khi có sự kiện: thời hạn nhập khi ghi nhận sự kiện" in page
    assert (
        "Lộ trình hằng năm đến 30/12/2025 — năm 2024: hạn 31/12/2024; năm 2025: hạn 30/12/2025"
        in page
    )
    assert Task.objects.count() == 0


def test_committing_makes_waiting_tasks_and_one_task_per_roadmap_year(office) -> None:
    plan = commit(office, upload(office, word(ROWS, before=BEFORE)))
    assert plan.summary["created"] == [
        "1#1",
        "2#1",
        "3#1 (Năm 2024 (lộ trình đến 30/12/2025))",
        "3#1 (Năm 2025 (lộ trình đến 30/12/2025))",
    ]
    document = Document.objects.get(number="12/KH-BHXH")
    event = PlanTask.objects.get(document=document, key="1#1")
    task = event.task
    assert event.schedule == ScheduleKind.EVENT and task.waiting_for_event
    assert (task.event_text, task.event_days, task.event_working_days) == (EVENT, 5, True)
    assert task.deadline is None and task.state == State.ASSIGNED
    asked = PlanTask.objects.get(document=document, key="2#1").task
    assert (asked.event_text, asked.event_days) == ("Khi có đề nghị", None)
    years = PlanTask.objects.filter(document=document, key="3#1").order_by("occurrence")
    assert [(p.occurrence, p.task.deadline) for p in years] == [
        (date(2024, 12, 31), date(2024, 12, 31)),
        (date(2025, 12, 30), date(2025, 12, 30)),
    ]
    first, last = (p.task for p in years)
    assert first.content == "Số hóa kết quả giải quyết TTHC — Năm 2024 (lộ trình đến 30/12/2025)"
    assert last.content.endswith("Năm 2025 (lộ trình đến 30/12/2025)")
    assert not first.waiting_for_event and first.internal_deadline == date(2024, 12, 30)
    # the event happens: the imported task's deadline follows the text (5 working days)
    head_free = steps.task_record_event(
        actor=office,
        task=task,
        expected_version=task.version,
        happened_on=date(2024, 3, 1),
        at=at(date(2024, 3, 4)),
    )
    assert head_free.deadline == date(2024, 3, 8)


def test_a_corrected_final_date_moves_the_last_year_of_the_roadmap(office) -> None:
    plan = upload(office, word(ROWS, before=BEFORE))
    client = client_for(office)
    data = {
        "version": plan.version,
        "lead": "VP",
        "coordinating": "",
        "schedule": "recurring",
        "deadline": "31/12/2026",
    }
    response = client.post(reverse("imports:row", args=[plan.pk, 3]), data)
    assert response.status_code in (200, 302)
    plan.refresh_from_db()
    assert plan.rows[2]["occurrences"] == ["2024-12-31", "2025-12-31", "2026-12-31"]
