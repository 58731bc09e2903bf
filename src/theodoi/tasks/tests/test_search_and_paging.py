"""Finding tasks at volume: word search through each database's index, the list's order and
counts, and "Việc của tôi" pointing to the rest of a long section."""

from calendar import monthrange
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from theodoi.tasks import search, selectors, services, steps, views
from theodoi.tasks.links import task_list_url
from theodoi.tasks.models import Task
from theodoi.tasks.selectors import work
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def draft(world: World, content: str, deadline: date | None = None, lead: str = "TST") -> Task:
    return services.task_create(
        actor=world.office,
        document=world.document(),
        content=content,
        lead_units=[world.units[lead]],
        deadline=deadline,
    )


def found(world: World, text: str, user=None) -> set[str]:
    page = client_for(user or world.office).get(reverse("tasks:list"), {"q": text})
    return {row.task.content for row in page.context["rows"]}


def test_each_word_matches_the_beginning_of_a_word(world: World) -> None:
    draft(world, "Nâng cấp ứng dụng VssID cho người tham gia")
    draft(world, "Đối thoại với doanh nghiệp về nợ đóng")
    assert found(world, "vss") == {"Nâng cấp ứng dụng VssID cho người tham gia"}
    assert found(world, "ung dung vssid") == {"Nâng cấp ứng dụng VssID cho người tham gia"}
    assert found(world, "ssid") == set()  # inside a word: not a match
    assert found(world, "doanh ngh") == {"Đối thoại với doanh nghiệp về nợ đóng"}
    assert found(world, "vssid doanh") == set()  # every word must be there


def test_search_follows_an_edit(world: World) -> None:
    task = draft(world, "Tổng kết công tác thu năm 2024")
    services.task_edit(
        actor=world.office,
        task=task,
        expected_version=task.version,
        content="Sơ kết công tác chi trả 6 tháng",
        lead_units=[world.units["TST"]],
    )
    assert found(world, "tong ket") == set()
    assert found(world, "so ket chi tra") == {"Sơ kết công tác chi trả 6 tháng"}


def test_search_keeps_to_what_the_unit_may_see(world: World) -> None:
    for lead in ("TST", "CSXH"):
        task = draft(world, f"Báo cáo tình hình của {lead}", date(2030, 1, 31), lead)
        steps.task_assign(
            actor=world.leader,
            task=task,
            expected_version=task.version,
            leads=[world.units[lead]],
            deadline=date(2030, 1, 31),
        )
    assert found(world, "bao cao", world.head) == {"Báo cáo tình hình của TST"}


def test_every_way_of_reading_the_index_gives_the_same_page(world: World, monkeypatch) -> None:
    """In the list's order (beyond COUNT_CAP matches a search keeps it: search.py)."""
    for day in (date(2030, 3, 1), date(2030, 1, 2), None, date(2030, 2, 1)):
        draft(world, f"Kiểm tra hồ sơ hạn {day}", day)
    draft(world, "Việc khác")
    expected = [row.task.pk for row in _rows(world, "kiem tra ho so", sort="han")]
    assert len(expected) == 4 and not search.task_match("kiem tra ho so").walk  # few: sorted
    # more matches than counted, and the head of the list holds a page of them: walk
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    monkeypatch.setattr(search, "FRONT_HITS", 2)
    monkeypatch.setattr(search, "FRONT", 3)
    assert search.task_match("kiem tra ho so").walk
    assert [row.task.pk for row in _rows(world, "kiem tra ho so", sort="han")] == expected
    # as many matches, but not at the head of the list (clustered later in time): sorted where
    # the head is probed (PostgreSQL); SQLite walks whatever the order (search.py)
    monkeypatch.setattr(search, "FRONT", 1)
    probes = connection.vendor == "postgresql"
    assert search.task_match("kiem tra ho so").walk is not probes
    assert [row.task.pk for row in _rows(world, "kiem tra ho so")] == expected  # no relevance


def _rows(world: World, text: str, sort: str = "") -> list[selectors.TaskRow]:
    page = client_for(world.office).get(reverse("tasks:list"), {"q": text, "sap_xep": sort})
    return page.context["rows"]


def test_default_order_is_soonest_internal_deadline_and_no_deadline_last(world: World) -> None:
    for content, day in [
        ("Không hạn", None),
        ("Hạn tháng 3", date(2030, 3, 29)),
        ("Hạn tháng 1", date(2030, 1, 31)),
    ]:
        draft(world, content, day)
    rows = client_for(world.office).get(reverse("tasks:list")).context["rows"]
    assert [row.task.content for row in rows] == ["Hạn tháng 1", "Hạn tháng 3", "Không hạn"]
    assert rows[0].deadline == "31/01/2030"


def test_counts_pages_and_a_search_beyond_the_cap(world: World, monkeypatch) -> None:
    for i in range(3):
        draft(world, f"Rà soát danh mục số {i}")
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = client_for(world.office)
    body = client.get(reverse("tasks:list")).content.decode()
    assert "<strong>3</strong> nhiệm vụ" in body and "Trang 1/2" in body
    body = client.get(reverse("tasks:list"), {"trang": 2}).content.decode()
    assert "<strong>3</strong> nhiệm vụ" in body and "Trang 2/2" in body
    monkeypatch.setattr(views, "LIST_COUNT_CAP", 2)
    body = client.get(reverse("tasks:list")).content.decode()
    assert "Hơn 2</strong> nhiệm vụ khớp" in body
    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 2)
    body = client.get(reverse("tasks:list"), {"q": "ra soat"}).content.decode()
    assert "Hơn 2</strong> nhiệm vụ khớp" in body
    body = client.get(task_list_url(q="ra soat", unit_id=world.units["TST"].pk)).content.decode()
    assert "Hơn 2</strong> nhiệm vụ khớp" in body


def test_a_long_section_of_my_work_links_to_the_rest(world: World, monkeypatch) -> None:
    for i in range(3):
        task = draft(world, f"Việc chờ nhận số {i}", date(2030, 5, 29))
        steps.task_assign(
            actor=world.leader,
            task=task,
            expected_version=task.version,
            leads=[world.units["TST"]],
            deadline=date(2030, 5, 29),
        )
    monkeypatch.setattr(work, "SECTION_LIMIT", 2)
    client = client_for(world.head)
    page = client.get(reverse("tasks:mine"))
    accept = next(s for s in page.context["sections"] if s.key == "accept")
    assert len(accept.rows) == 2 and accept.more
    assert "Xem tất cả trong danh sách nhiệm vụ" in page.content.decode()
    listed = client.get(accept.link).context["rows"]
    assert {row.task.content for row in listed} == {f"Việc chờ nhận số {i}" for i in range(3)}


def test_a_coordinating_units_filtered_list_follows_the_tasks_state_and_deadline(
    world: World,
) -> None:
    """The unit's filters reach its coordinated tasks through copies of their state and
    deadline (scope.Narrowing, migration 0007): each change of the task must show in the list."""
    task = draft(world, "Rà soát đối tượng hưởng chế độ", date(2030, 1, 31))
    steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["TST"]],
        coordinating=[world.units["CSXH"]],
        deadline=date(2030, 1, 31),
    )

    def listed(user, state: str, month: int, **more) -> bool:
        params = {"trang_thai": state, "han_tu": f"01/{month:02}/2030"}
        params |= {"han_den": f"{monthrange(2030, month)[1]}/{month:02}/2030", **more}
        rows = client_for(user).get(reverse("tasks:list"), params).context["rows"]
        return task.pk in {row.task.pk for row in rows}

    csxh = {"don_vi": world.units["CSXH"].pk}
    assert listed(world.coord, "assigned", 1) and listed(world.office, "assigned", 1, **csxh)
    task.refresh_from_db()
    steps.task_accept(
        actor=world.head, task=task, expected_version=task.version, assignees=[world.staff]
    )
    assert not listed(world.coord, "assigned", 1)
    assert listed(world.coord, "in_progress", 1) and listed(world.office, "in_progress", 1, **csxh)
    task.refresh_from_db()
    steps.extension_request(
        actor=world.head,
        task=task,
        expected_version=task.version,
        reason="Chờ số liệu quý IV",
        proposed_deadline=date(2030, 3, 15),
    )
    task.refresh_from_db()
    steps.extension_decide(
        actor=world.leader, task=task, expected_version=task.version, approve=True
    )
    assert not listed(world.coord, "in_progress", 1)
    assert listed(world.coord, "in_progress", 3) and listed(world.office, "in_progress", 3, **csxh)
    assert not listed(world.other_head, "in_progress", 3)  # narrowing never widens access
