"""The task list page and the API's list read in a fixed, small number of statements, and
what the page shows is the same as before the reads were made lean (issue 26,
docs/adr/0013-list-page-reads.md)."""

from datetime import date

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.api.tests.conftest import api_client_for
from theodoi.organisation.models import Unit
from theodoi.tasks import selectors
from theodoi.tasks.links import task_list_url
from theodoi.tasks.models import State, Task
from theodoi.tasks.rows_html import rows_html
from theodoi.tasks.selectors.listed import (
    ListedDocument,
    ListedTask,
    ListedUnit,
    listed_rows,
    listed_values,
)
from theodoi.tasks.selectors.lists import TaskRow, list_queryset, task_rows
from theodoi.tasks.stats import View
from theodoi.tasks.tests.conftest import World, add_tasks, client_for, soon

pytestmark = pytest.mark.django_db

PAGE_LIMIT = 6  # the list page, whatever its filters and however many rows match
API_LIMIT = 5  # the API's list: the token and its owner, lock-out, units, tasks, their units


def pages(world: World, second: bool = True) -> list[tuple[User, str]]:
    """The bench's three list cases and a second page, as the people who open them."""
    filtered = task_list_url(
        unit_id=world.units["TST"].pk,
        states=[State.ASSIGNED],
        due_from=soon(0),
        due_to=soon(90),
    )
    unit = task_list_url(states=[State.ASSIGNED, State.IN_PROGRESS], due_to=soon(90))
    shown = [(world.office, filtered), (world.head, unit), (world.office, task_list_url())]
    shown.append((world.coord, task_list_url()))
    return shown + ([(world.office, task_list_url() + "?trang=2")] if second else [])


def test_the_list_page_takes_six_statements_at_any_number_of_rows(
    world: World, django_assert_max_num_queries
) -> None:
    # the person's session, the person with their unit and roles, the units once, the page
    # of tasks with its count and each fanned-out task's done/total, the bell, the leaders
    seen: list[list[int]] = []
    for size, added in ((0, 0), (60, 60), (90, 30)):
        add_tasks(world, added, start=size)
        counts = []
        for person, url in pages(world, second=size > 0):
            client = client_for(person)
            with django_assert_max_num_queries(PAGE_LIMIT) as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(queries))
        seen.append(counts)
    assert seen[1] == seen[2]  # more rows, not more statements


def test_the_list_counts_its_tasks_without_the_names_joined_to_show_them(world: World) -> None:
    # PostgreSQL keeps a join it could drop: counting 10,001 tasks joined to their documents
    # and units took 7 ms of the Office's 18 ms page at 200,000 tasks (docs/bench.md)
    add_tasks(world, 3)
    with CaptureQueriesContext(connection) as queries:
        client_for(world.office).get(reverse("tasks:list"))
    [page] = [q["sql"] for q in queries.captured_queries if "AS capped" in q["sql"]]
    counted = page[page.index("SELECT COUNT(*) FROM (") : page.index("AS capped")]
    assert "tasks_task" in counted and "JOIN" not in counted, counted


def test_the_page_still_shows_every_column_the_count_and_the_pages(world: World) -> None:
    add_tasks(world, 60)
    body = client_for(world.office).get(reverse("tasks:list")).content.decode()
    total = Task.objects.count()  # 60, and two children of each fanned-out one
    assert total > 60 and f"<strong>{total}</strong> nhiệm vụ" in body
    assert "Trang 1/2" in body and "trang=2" in body
    fanned = Task.objects.filter(fanned_out=True).order_by("due_order", "id").first()
    assert fanned is not None
    assert f'<a href="/nhiem-vu/{fanned.pk}/">{fanned.content}</a>' in body
    assert "<strong>0/2</strong>" in body  # done/total of the fanned-out task
    assert str(world.units["TST"]) in body and str(world.units["CNTT"]) in body
    assert "badge k-" in body and "Xuất Excel" in body
    htmx = client_for(world.office).get(reverse("tasks:list"), {"trang": 2}, HTTP_HX_REQUEST="true")
    part = htmx.content.decode()
    assert "<html" not in part and f"<strong>{total}</strong> nhiệm vụ" in part
    assert "Trang 2/2" in part


def test_the_api_list_takes_five_statements_at_any_number_of_rows(
    world: World, django_assert_max_num_queries
) -> None:
    clients = {user.pk: api_client_for(user) for user in (world.office, world.head)}
    for client in clients.values():
        client.get("/api/v1/me/")  # the token's first use is noted once
    seen = []
    for size, added in ((0, 0), (60, 60), (90, 30)):
        add_tasks(world, added, start=size)
        counts = []
        for client in clients.values():
            query = {"unit": "TST", "state": ["assigned"], "deadline_to": soon(90).isoformat()}
            for params in (query, {}, {"page": 2}):
                with django_assert_max_num_queries(API_LIMIT) as queries:
                    response = client.get("/api/v1/tasks/", params)
                assert response.status_code in (200, 404 if "page" in params else 200)
                counts.append(len(queries))
        seen.append(counts)
    assert seen[1] == seen[2]
    body = clients[world.office.pk].get("/api/v1/tasks/").json()
    assert body["count"] == Task.objects.count() and len(body["results"]) == 50


def test_rows_read_as_values_show_what_rows_of_tasks_show(world: World) -> None:
    add_tasks(world, 30)
    tasks = selectors.filter_tasks(world.office, selectors.TaskFilters(), soon(0))
    first, last = tasks[:1], tasks.order_by("-id")[:1]
    assert first and last
    for view in View:
        instances = task_rows(list(list_queryset(tasks)[:50]), soon(10), view)
        values = listed_rows(listed_values(tasks)[:50], soon(10), view)
        assert rows_html(values) == rows_html(instances)
        assert [r.children_total for r in values] == [r.children_total for r in instances]


# What `tasks/_rows.html` wrote with the template engine, kept to compare the Python with
REFERENCE = Template(
    """{% for row in rows %}
      <tr>
        <td data-label="Mã">{{ row.task.code }}</td>
        <td data-label="Nội dung">
          <a href="{{ row.url }}">{{ row.summary }}</a>
          <small class="muted">{{ row.source }}</small>
        </td>
        <td data-label="Chủ trì">{{ row.lead }}</td>
        <td data-label="Thời hạn">
          {% if row.deadline %}
          {{ row.deadline }}
          {% if row.original_deadline %}<small class="muted">(ban đầu {{ row.original_deadline }})</small>{% endif %}
          {% elif row.waiting %}
          <span class="muted">{{ row.waiting }}</span>
          {% else %}
          <span class="muted">Không thời hạn</span>
          {% endif %}
        </td>
        <td data-label="Trạng thái">{{ row.state_label }}{% if row.children_total %} <strong>{{ row.children_done }}/{{ row.children_total }}</strong>{% endif %}</td>
        <td data-label="Tình hình">{% if row.klass %}<span class="badge k-{{ row.klass }}">{{ row.klass_label }}</span>{% endif %}</td>
      </tr>
      {% empty %}
      <tr>
        <td colspan="6">Không có nhiệm vụ nào.</td>
      </tr>
      {% endfor %}"""  # noqa: E501
)


def _listed(n: int, **changes: object) -> ListedTask:
    fields: dict[str, object] = {
        "pk": n,
        "code": f"{n}.a",
        "content": f"Nội dung <b>{n}</b> & \"trích\" 'dẫn'",
        "state": State.IN_PROGRESS,
        "fanned_out": False,
        "deadline": date(2030, 1, n % 28 + 1),
        "original_deadline": date(2030, 1, n % 28 + 1),
        "original_internal_deadline": None,
        "agency_done_on": None,
        "unit_done_on": None,
        "event_schedule": None,
        "lead_unit_id": 1,
        "lead_unit": ListedUnit("", "Vụ <Tài chính> & Kế toán"),
        "lead_text": "",
        "document": ListedDocument("12/KH-BHXH", "ke_hoach", date(2024, 1, 5)),
    }
    fields.update(changes)
    return ListedTask(**fields)  # type: ignore[arg-type]


KLASSES = ["open_in_time", "", "", "", "", "", "overdue", "done_on_time"]


def test_rows_written_in_python_are_what_the_template_wrote() -> None:
    # the classes are given (KLASSES): this compares the writing only
    tasks = [
        _listed(1),
        _listed(2, original_deadline=date(2029, 12, 1)),  # moved by an extension
        _listed(3, deadline=None, event_schedule={"text": "Khi có  <quyết định>", "days": 5}),
        _listed(4, deadline=None, original_deadline=None),  # no deadline
        _listed(5, fanned_out=True, lead_unit_id=None, lead_unit=None, lead_text="TST, CNTT"),
        _listed(6, state=State.DRAFT, content="x" * 300, code=""),
        _listed(7, document=ListedDocument("", "quyet_dinh", date(2024, 2, 29))),
        _listed(8, state=State.DONE, agency_done_on=date(2030, 1, 2)),
    ]
    names = {"TST": "Ban Thu & <Sổ thẻ>"}
    rows = [
        TaskRow(t, k, names=names, children_done=1 if t.fanned_out else 0)
        for t, k in zip(tasks, KLASSES, strict=True)
    ]
    rows[4].children_total = 2
    for shown in (rows, []):
        expected = REFERENCE.render(Context({"rows": shown}))
        assert parse_html(rows_html(shown)) == parse_html(expected)


def test_a_renamed_unit_is_offered_by_its_new_name_at_once(world: World) -> None:
    client = client_for(world.office)
    unit = world.units["CSXH"]
    assert f">{unit}</option>" in client.get(reverse("tasks:list")).content.decode()
    Unit.objects.filter(pk=unit.pk).update(short_name="Ban Chính sách mới")
    body = client.get(reverse("tasks:list")).content.decode()
    assert ">Ban Chính sách mới</option>" in body and f">{unit}</option>" not in body


def test_a_list_fragment_reads_no_notification_of_its_own(world: World) -> None:
    # a filter or a page of the list through htmx draws neither the menu nor the bell: no
    # statement reads notifications beyond the count carried by the person's own statement
    # (docs/adr/0013, "The bell")
    add_tasks(world, 3)
    client = client_for(world.office)
    with CaptureQueriesContext(connection) as queries:
        part = client.get(reverse("tasks:list"), {"q": "nhiem vu"}, HTTP_HX_REQUEST="true")
    assert "Nhiệm vụ số 1" in part.content.decode()
    person = [q["sql"] for q in queries.captured_queries if 'FROM "accounts_user"' in q["sql"]]
    others = [q["sql"] for q in queries.captured_queries if q["sql"] not in person]
    assert len(person) == 1 and not [sql for sql in others if "notifications_" in sql]
    page = client.get(reverse("tasks:list")).content.decode()
    assert 'class="bell"' in page and "Việc của tôi" in page  # the full page draws both


def test_a_page_number_far_past_the_end_shows_the_last_page(world: World) -> None:
    # the row count is read with the page; a number no database can skip to (SQLite refused
    # the OFFSET it made) is left to the paginator, which shows the last page, as before
    add_tasks(world, 60)
    client = client_for(world.office)
    for number in ("3", "99999999999999999999"):
        response = client.get(reverse("tasks:list"), {"trang": number})
        assert response.status_code == 200
        assert "Trang 2/2" in response.content.decode()
