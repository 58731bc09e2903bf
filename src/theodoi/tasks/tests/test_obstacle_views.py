"""The pages of difficulties as people use them: raising one from the task page, the Office's
queue and its export, referring, deciding, the task page and the dashboard's tile."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from theodoi.conftest import with_token
from theodoi.notifications.models import Notification
from theodoi.tasks.models import EventKind, Obstacle, ObstacleStatus, TaskEvent
from theodoi.tasks.obstacles.reads import STATUS_ORDER, for_task, queue_url
from theodoi.tasks.tests.conftest import World, at, client_for
from theodoi.tasks.tests.test_obstacles import decided, raised, referred
from theodoi.tasks.tests.test_steps import in_progress

pytestmark = pytest.mark.django_db


def test_a_unit_raises_an_obstacle_from_the_task_page(world: World) -> None:
    task = in_progress(world)
    client = client_for(world.coord)
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    url = reverse("tasks:obstacle_raise", args=[task.pk])
    assert f'href="{url}"' in page
    office_page = client_for(world.office).get(reverse("tasks:detail", args=[task.pk]))
    assert f'href="{url}"' not in office_page.content.decode()
    data = with_token(client, {"difficulty": "Thiếu số liệu", "proposal": "Đề nghị gia hạn"})
    response = client.post(url, data)
    (obstacle,) = Obstacle.objects.all()
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:obstacle", args=[obstacle.pk])
    again = client.post(url, data)  # the same form sent twice: nothing more
    assert again.status_code == 302 and Obstacle.objects.count() == 1
    shown = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Thiếu số liệu" in shown and "Chờ Văn phòng xử lý" in shown
    assert "Nêu khó khăn, vướng mắc" in shown  # on the timeline too


def test_bad_input_names_the_field_and_writes_nothing(world: World) -> None:
    task = in_progress(world)
    client = client_for(world.head)
    url = reverse("tasks:obstacle_raise", args=[task.pk])
    response = client.post(url, with_token(client, {"difficulty": " ", "proposal": ""}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cần ghi nội dung khó khăn, vướng mắc." in body
    assert "Cần ghi đề xuất, kiến nghị hướng xử lý." in body
    fake = BytesIO(b"MZ not a pdf")
    fake.name = "bao-cao.pdf"
    data = {"difficulty": "Khó", "proposal": "Đề xuất", "files": fake}
    body = client.post(url, with_token(client, data)).content.decode()
    assert "Tệp «bao-cao.pdf» không đúng định dạng .pdf" in body
    assert not Obstacle.objects.exists()
    assert not TaskEvent.objects.filter(action=EventKind.OBSTACLE_RAISE).exists()


def test_the_office_refers_and_the_leader_decides_through_the_pages(world: World) -> None:
    obstacle = raised(world)
    office = client_for(world.office)
    url = reverse("tasks:obstacle_refer", args=[obstacle.pk])
    response = office.post(url, with_token(office, {"version": 1, "note": "Đề nghị đồng ý"}))
    assert "Cần chọn lãnh đạo để trình." in response.content.decode()
    response = office.post(url, with_token(office, {"version": 1, "leader": 999999, "note": "x"}))
    assert "Lãnh đạo đã chọn không có trong danh sách." in response.content.decode()
    assert Obstacle.objects.get(pk=obstacle.pk).status == ObstacleStatus.OPEN
    data = {"version": 1, "leader": world.leader.pk, "note": "Đề nghị đồng ý"}
    assert office.post(url, with_token(office, data)).status_code == 302
    leader = client_for(world.leader)
    page = leader.get(reverse("tasks:obstacle", args=[obstacle.pk])).content.decode()
    assert reverse("tasks:obstacle_decide", args=[obstacle.pk]) in page
    url = reverse("tasks:obstacle_decide", args=[obstacle.pk])
    response = leader.post(url, with_token(leader, {"version": 2, "decision": ""}))
    assert "Cần ghi ý kiến chỉ đạo." in response.content.decode()
    response = leader.post(url, with_token(leader, {"version": 2, "decision": "Đồng ý"}))
    assert response.status_code == 302
    assert Obstacle.objects.get(pk=obstacle.pk).decision == "Đồng ý"
    task_page = client_for(world.coord).get(reverse("tasks:detail", args=[obstacle.task_id]))
    assert "Đã có ý kiến chỉ đạo</strong>: Đồng ý" in task_page.content.decode()


def test_two_decisions_at_once_keep_the_first(world: World) -> None:
    obstacle = referred(world, raised(world))
    leader = client_for(world.leader)
    url = reverse("tasks:obstacle_decide", args=[obstacle.pk])
    first = with_token(leader, {"version": obstacle.version, "decision": "Đồng ý"})
    second = with_token(leader, {"version": obstacle.version, "decision": "Không đồng ý"})
    assert leader.post(url, first).status_code == 302
    response = leader.post(url, second)  # the other tab, opened before the first was sent
    assert response.status_code == 403  # already decided: the page is no longer offered
    assert Obstacle.objects.get(pk=obstacle.pk).decision == "Đồng ý"
    assert Notification.objects.filter(key__endswith=":decided").count() == 2


def test_a_stale_referral_form_says_someone_acted(world: World) -> None:
    obstacle = raised(world)
    office = client_for(world.office)
    url = reverse("tasks:obstacle_refer", args=[obstacle.pk])
    data = {"version": 5, "leader": world.leader.pk, "note": "Trình"}
    response = office.post(url, with_token(office, data))
    assert "vừa được" in response.content.decode() and response.status_code == 200
    assert Obstacle.objects.get(pk=obstacle.pk).status == ObstacleStatus.OPEN


def test_the_queue_shows_names_dates_and_waiting_days_open_first(world: World) -> None:
    task = in_progress(world)
    decided(world, referred(world, raised(world, task, at=at(date(2024, 1, 10)))))
    raised(world, task, actor=world.staff, at=at(date(2024, 1, 22)))
    client = client_for(world.office)
    body = client.get(reverse("tasks:obstacles")).content.decode()
    tst, csxh = str(world.units["TST"]), str(world.units["CSXH"])
    assert body.index(f"<td>{tst}</td>") < body.index(f"<td>{csxh}</td>")  # the open one first
    assert "<td>22/01/2024</td>" in body and "<td>TST</td>" not in body  # a name, not a code
    decided_only = client.get(reverse("tasks:obstacles"), {"trang_thai": "decided"})
    assert f"<td>{tst}</td>" not in decided_only.content.decode()
    anything = client.get(reverse("tasks:obstacles"), {"trang_thai": "khác"})
    assert anything.status_code == 200 and f"<td>{tst}</td>" in anything.content.decode()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_and_the_dashboard_read_a_fixed_number_of_queries(world: World) -> None:
    task = in_progress(world)
    raised(world, task)
    client = client_for(world.office)
    dashboard = reverse("monitoring:dashboard")
    queries(client, dashboard)  # the first page of a session reads the calendar once
    few = queries(client, reverse("tasks:obstacles")), queries(client, dashboard)
    for _ in range(4):
        referred(world, raised(world, task, actor=world.staff))
    assert (queries(client, reverse("tasks:obstacles")), queries(client, dashboard)) == few


def test_the_task_page_lists_its_obstacles_in_a_fixed_number_of_queries(world: World) -> None:
    task = in_progress(world)
    raised(world, task)
    client = client_for(world.office)
    page = reverse("tasks:detail", args=[task.pk])
    queries(client, page)  # the first page of a session reads the calendar once
    one = queries(client, page)
    for _ in range(3):
        referred(world, raised(world, task, actor=world.staff))
    assert queries(client, page) == one
    body = client.get(page).content.decode()
    assert body.count('<li class="obstacle-') == 4
    assert body.count(f">{world.units['TST']}, ngày ") == 3  # by the unit's name


def test_the_task_pages_difficulties_are_the_tasks_own_as_the_orm_reads_them(
    world: World,
) -> None:
    """`for_task` runs a statement compiled once (ADR 0027, "Later"): each task gets its own
    difficulties, open ones first, with their units and leaders, in one statement."""
    tasks = [in_progress(world), in_progress(world)]
    for task in tasks:
        decided(world, referred(world, raised(world, task)))
        raised(world, task, actor=world.staff)
        referred(world, raised(world, task))
    for task in tasks:
        orm = list(
            Obstacle.objects.filter(task=task)
            .select_related("unit", "leader")
            .order_by(STATUS_ORDER, "id")
        )
        with CaptureQueriesContext(connection) as captured:
            rows = for_task(task, date(2024, 3, 1))
            assert [row.pk for row in rows] == [o.pk for o in orm]
            assert [row.status for row in rows] == [
                ObstacleStatus.OPEN,
                ObstacleStatus.REFERRED,
                ObstacleStatus.DECIDED,
            ]
            assert [(row.unit, row.leader) for row in rows] == [
                (str(o.unit), str(o.leader) if o.leader else "") for o in orm
            ]
        read = [q for q in captured.captured_queries if "tasks_obstacle" in q["sql"]]
        assert len(read) == 1  # (the working calendar is read once a process besides)


def test_the_dashboard_counts_open_obstacles_for_the_office_and_leaders(world: World) -> None:
    task = in_progress(world)
    raised(world, task)
    referred(world, raised(world, task))
    decided(world, referred(world, raised(world, task)))
    link = f'<a class="obstacles" href="{queue_url("mo")}"><strong>2</strong> khó khăn, vướng mắc'
    for person in (world.office, world.leader):
        body = client_for(person).get(reverse("monitoring:dashboard")).content.decode()
        assert link in body
    queue = client_for(world.office).get(queue_url("mo")).content.decode()
    assert queue.count('<tr class="obstacle-') == 2  # the number opens those two
    body = client_for(world.head).get(reverse("monitoring:dashboard")).content.decode()
    assert "khó khăn, vướng mắc" not in body


def test_the_export_opens_with_names_and_real_dates(world: World) -> None:
    task = in_progress(world)
    raised(world, task, at=at(date(2024, 1, 22)))
    response = client_for(world.office).get(reverse("tasks:obstacle_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    header, row = [[c.value for c in r] for r in sheet.iter_rows(max_row=2)]
    assert header[:4] == ["STT", "Nhiệm vụ", "Đơn vị nêu", "Ngày nêu"]
    assert row[2] == str(world.units["CSXH"])
    assert row[3].date() == date(2024, 1, 22)
    assert row[6] == "Chờ Văn phòng xử lý"


def test_my_work_shows_what_waits_for_the_office_and_for_the_leader(world: World) -> None:
    obstacle = raised(world)
    mine = reverse("tasks:mine")
    office = client_for(world.office).get(mine).content.decode()
    assert 'id="obstacle_refer"' in office
    referred(world, obstacle)
    assert 'id="obstacle_refer"' not in client_for(world.office).get(mine).content.decode()
    assert 'id="obstacle_decide"' in client_for(world.leader).get(mine).content.decode()
