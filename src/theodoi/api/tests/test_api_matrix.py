"""The permission matrix through the API: every role × every endpoint answers as the written
grid (`core/tests/test_access_matrix.EXPECTED`) says, narrowed where the record decides
(`Row.who`: a unit's report is written by its own people, reviewed by the collecting unit),
and as the page doing the same answers the same person."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.api.tests.conftest import api_client_for
from theodoi.core.access import Action
from theodoi.core.periods import parse_period
from theodoi.core.tests.test_access_matrix import EXPECTED
from theodoi.reports.models import Frequency, ReportRequest
from theodoi.reports.services import report_save_and_submit
from theodoi.reports.tests.factories import FILLED, make_round, request_of
from theodoi.statforms.selectors import request_in, round_or_open
from theodoi.statforms.tests.conftest import tthc_type
from theodoi.statforms.tests.filled import central_values
from theodoi.targets.models import Direction, Measure, Source, Target
from theodoi.tasks import services
from theodoi.tasks.models import Document
from theodoi.tasks.tests import conftest as task_world
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
world = task_world.world  # the tasks' small world, as a fixture here

A, L, T, H, S, IN, AU = (
    Role.ADMIN,
    Role.LEADER,
    Role.TRACKER,
    Role.UNIT_HEAD,
    Role.UNIT_STAFF,
    Role.INSPECTOR,
    Role.AUDITOR,
)


@dataclass(frozen=True)
class Row:
    """One endpoint: how to call it, the action it needs, the page that needs the same."""

    method: str
    path: Callable[["Given"], str]
    action: Action
    ok: int = 200
    body: Callable[["Given"], dict[str, Any]] | None = None
    page: Callable[["Given"], str] | None = None  # a page GET answering 200 or 403 alike
    who: frozenset[str] | None = None  # the roles answered `ok`; None: all the action's
    hidden: int = 403  # the answer to the action's other roles (404: the record is not theirs)


@dataclass
class Given:
    world: World
    document: Document  # a task of TST, the unit of every person below
    person: User
    report: ReportRequest  # TST's narrative report, not sent yet
    sent: ReportRequest  # TST's report of another round, sent and waiting for review
    form: ReportRequest  # TST's TTHC form of 2026-Q2


def new_document(given: Given) -> dict[str, Any]:
    number = f"{Document.objects.count() + 1}/KH-API"
    return {
        "kind": "ke_hoach",
        "number": number,
        "issued_on": "2024-02-20",
        "issuer": "BHXH Việt Nam",
        "summary": "Kế hoạch",
    }


def a_target(given: Given) -> str:
    """The code of a target TST owns (made the first time it is asked for)."""
    target, _ = Target.objects.get_or_create(
        code="hai-long",
        defaults={
            "name": "Hài lòng", "value": 90, "unit": Measure.PERCENT,
            "direction": Direction.AT_LEAST, "deadline": date(2026, 12, 31),
            "owner": given.world.units["TST"], "source": Source.ENTERED,
        },
    )  # fmt: skip
    return target.code


V1 = "/api/v1"
UNIT_PEOPLE = frozenset({H, S})
READS_ALL = frozenset({A, L, T, IN, AU})
RANGE = "from=2026-01-01&to=2026-01-31"
ROWS: list[Row] = [
    Row(
        "get",
        lambda g: f"{V1}/units/",
        Action.VIEW_UNITS,
        page=lambda g: reverse("organisation:tree"),
    ),
    Row(
        "get",
        lambda g: f"{V1}/units/TST/",
        Action.VIEW_UNITS,
        page=lambda g: reverse("organisation:detail", args=[g.world.units["TST"].pk]),
    ),
    Row("get", lambda g: f"{V1}/units/resolve/?text=Văn phòng", Action.VIEW_UNITS),
    Row(
        "get",
        lambda g: f"{V1}/calendar/?{RANGE}",
        Action.VIEW_CALENDAR,
        page=lambda g: reverse("workcalendar:year", args=[2026]),
    ),
    Row("get", lambda g: f"{V1}/calendar/add/?date=2026-01-05&days=3", Action.VIEW_CALENDAR),
    Row("get", lambda g: f"{V1}/calendar/between/?{RANGE}", Action.VIEW_CALENDAR),
    Row("get", lambda g: f"{V1}/stats/", Action.VIEW_STATS, page=lambda g: reverse("tasks:stats")),
    Row(
        "get",
        lambda g: f"{V1}/documents/",
        Action.VIEW_TASKS,
        page=lambda g: reverse("tasks:documents"),
    ),
    Row(
        "get",
        lambda g: f"{V1}/documents/{g.document.pk}/",
        Action.VIEW_TASKS,
        page=lambda g: reverse("tasks:document", args=[g.document.pk]),
    ),
    Row(
        "post",
        lambda g: f"{V1}/documents/",
        Action.REGISTER_DOCUMENTS,
        ok=201,
        body=new_document,
        page=lambda g: reverse("tasks:document_create"),
    ),
    Row("get", lambda g: f"{V1}/tasks/", Action.VIEW_TASKS, page=lambda g: reverse("tasks:list")),
    Row(
        "get",
        lambda g: f"{V1}/tasks/{g.document.tasks.get().pk}/",
        Action.VIEW_TASKS,
        page=lambda g: reverse("tasks:detail", args=[g.document.tasks.get().pk]),
    ),
    Row(
        "get",
        lambda g: f"{V1}/notifications/",
        Action.VIEW_NOTIFICATIONS,
        page=lambda g: reverse("notifications:list"),
    ),
    Row("post", lambda g: f"{V1}/notifications/read-all/", Action.VIEW_NOTIFICATIONS),
    Row(
        "get",
        lambda g: f"{V1}/reports/",
        Action.VIEW_REPORTS,
        page=lambda g: reverse("reports:mine"),
    ),
    Row(
        "get",
        lambda g: f"{V1}/reports/{g.report.pk}/",
        Action.VIEW_REPORTS,
        page=lambda g: reverse("reports:request", args=[g.report.pk]),
    ),
    Row(
        "post",
        lambda g: f"{V1}/reports/{g.report.pk}/submit/",
        Action.VIEW_REPORTS,
        body=lambda g: {"version": g.report.version, "sections": FILLED},
        who=UNIT_PEOPLE,
    ),
    Row(
        "post",
        lambda g: f"{V1}/reports/{g.sent.pk}/accept/",
        Action.VIEW_REPORTS,
        body=lambda g: {"version": g.sent.version},
        who=frozenset({T}),
    ),
    Row("get", lambda g: f"{V1}/forms/", Action.VIEW_REPORTS),
    Row("get", lambda g: f"{V1}/forms/tthc/periods/?year=2026", Action.VIEW_REPORTS),
    Row(
        "get",
        lambda g: f"{V1}/forms/tthc/2026-Q2/TST/",
        Action.VIEW_REPORTS,
        page=lambda g: reverse("statforms:entry", args=[g.form.pk]),
    ),
    Row(
        "post",
        lambda g: f"{V1}/forms/tthc/2026-Q2/TST/draft/",
        Action.VIEW_REPORTS,
        body=lambda g: {"values": central_values()},
        who=UNIT_PEOPLE,
    ),
    Row(
        "post",
        lambda g: f"{V1}/forms/tthc/2026-Q2/TST/submit/",
        Action.VIEW_REPORTS,
        body=lambda g: {"values": central_values(), "dry_run": True},
        who=UNIT_PEOPLE,
    ),
    Row(
        "get",
        lambda g: f"{V1}/forms/tthc/2026-Q2/rollup/",
        Action.VIEW_REPORTS,
        page=lambda g: reverse("statforms:rollup", args=["tthc", "2026-Q2"]),
        who=READS_ALL,
        hidden=404,
    ),
    Row(
        "get",
        lambda g: f"{V1}/targets/",
        Action.VIEW_TARGETS,
        page=lambda g: reverse("targets:list"),
    ),
    Row(
        "get",
        lambda g: f"{V1}/targets/{a_target(g)}/?period=2026-Q2",
        Action.VIEW_TARGETS,
        page=lambda g: reverse("targets:detail", args=[a_target(g)]),
    ),
]


def reports_of(world: World) -> tuple[ReportRequest, ReportRequest, ReportRequest]:
    today, office, tst = timezone.localdate(), world.units["VP"], world.units["TST"]
    start, due = today - timedelta(days=30), today + timedelta(days=5)
    report = request_of(make_round(office, [tst], start=start, end=today, due=due), tst)
    later = make_round(office, [tst], title="Quý II", start=start, end=today, due=due)
    sent = request_of(later, tst)
    report_save_and_submit(
        actor=world.staff, request=sent, expected_version=sent.version, sections=FILLED
    )
    tthc_type("tthc-quy", Frequency.QUARTER, office, [1, 2, 3])
    form = request_in(round_or_open("tthc", parse_period("2026-Q2")), "TST")
    return report, request_of(sent.round, tst), form


@pytest.mark.parametrize("role", Role.values)
def test_each_role_is_answered_as_the_grid_and_the_pages_say(world: World, role: str) -> None:
    person = UserFactory.create(username=f"api.{role}", roles=[role], unit=world.units["TST"])
    document = world.document(issued=date(2024, 1, 5))
    services.task_create(
        actor=world.office, document=document, content="Việc", lead_units=[world.units["TST"]]
    )
    given = Given(world, document, person, *reports_of(world))
    client = api_client_for(person)
    page_client = client_for(person)
    wrong = []
    for row in ROWS:
        path = row.path(given)
        if row.method == "get":
            answer = client.get(path).status_code
        else:
            answer = client.post(path, row.body(given) if row.body else {}).status_code
        granted = role in EXPECTED[row.action]
        allowed = granted and (row.who is None or role in row.who)
        if answer != (row.ok if allowed else row.hidden if granted else 403):
            wrong.append(f"{row.method.upper()} {path}: {answer}")
        if row.page is not None:
            shown = page_client.get(row.page(given)).status_code
            if (shown == 200) != (answer == row.ok):
                wrong.append(f"{row.method.upper()} {path}: {answer}, page {shown}")
    assert wrong == []


# Endpoints whose role × endpoint rows live elsewhere, each with where.
ELSEWHERE = {
    ("get", "/api/v1/me/"): "every role: api/tests/test_tokens.py (any person's own token)",
    ("get", "/api/v1/files/{file_id}/"): "scope, not role: tasks/tests/test_api_files.py",
    ("post", "/api/v1/tasks/{task_id}/{step}/"): "every step: tasks/tests/test_api_matrix.py",
    ("post", "/api/v1/notifications/{pk}/read/"): "one's own only: notifications/tests/test_api.py",
    ("post", "/api/v1/reports/{report_id}/return/"): "accept's reviewer rule (decisions.run)",
    ("post", "/api/v1/reports/{report_id}/reopen/"): "accept's reviewer rule: reports/tests",
    ("put", "/api/v1/forms/{code}/{period}/{unit}/draft/"): "the POST draft row's twin",
}


def test_every_endpoint_has_its_row(world: World) -> None:
    """A new endpoint without a row here (or a line in ELSEWHERE) fails: no endpoint is left
    out of the matrix by accident."""
    from theodoi.api.main import api

    person = UserFactory.create(username="api.rows", roles=[Role.TRACKER], unit=world.units["TST"])
    document = world.document(issued=date(2024, 1, 5))
    services.task_create(
        actor=world.office, document=document, content="Việc", lead_units=[world.units["TST"]]
    )
    given = Given(world, document, person, *reports_of(world))
    called = {(row.method, row.path(given).split("?")[0]) for row in ROWS}
    missing = []
    for template, methods in api.get_openapi_schema()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
        for method in methods:
            steps = re.sub(r"/(\w+)/$", "/{step}/", template) if "{task_id}" in template else ""
            if (method, template) in ELSEWHERE or (method, steps) in ELSEWHERE:
                continue
            if not any(m == method and pattern.match(p) for m, p in called):
                missing.append(f"{method.upper()} {template}")
    assert missing == [], "\n".join(missing)
    served = {(m, t) for t, methods in api.get_openapi_schema()["paths"].items() for m in methods}
    served |= {(m, re.sub(r"/(\w+)/$", "/{step}/", t)) for m, t in served if "{task_id}" in t}
    assert set(ELSEWHERE) <= served  # no line there for an endpoint that is gone
