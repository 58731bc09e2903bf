"""Statistics of DOMAIN §8 on hand-built histories, for several reference dates."""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from io import StringIO
from typing import Any, Self

import pytest
from django.core.management import CommandError, call_command

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import Rows, copy_registry, undone_after_module
from theodoi.tasks import services, steps
from theodoi.tasks.models import Document, State, Task
from theodoi.tasks.stats import (
    StateCount,
    TableRow,
    View,
    state_counts,
    statistics,
    statistics_table,
)
from theodoi.tasks.tests.conftest import World, at, make_world

pytestmark = pytest.mark.django_db

D = date
MARCH_END = D(2024, 3, 31)
ASSIGNED_ON = D(2024, 1, 8)


@dataclass
class StoryWorld(World):
    """The small world with a document to tell stories in and the coordinating unit's head."""

    doc: Document = field(init=False)
    coord_head: User = field(init=False)

    @classmethod
    def of(cls, world: World, coord_head: User) -> Self:
        told = cls(**{f.name: getattr(world, f.name) for f in fields(World)})
        told.doc, told.coord_head = world.document(), coord_head
        return told


class Story:
    """One task told step by step at given dates."""

    def __init__(self, world: StoryWorld, lead: str = "TST", deadline: date | None = MARCH_END):
        self.world = world
        self.task = services.task_create(
            actor=world.office,
            document=world.doc,
            content=f"Việc {Task.objects.count() + 1}",
            lead_units=[world.units[lead]],
            deadline=deadline,
            at=at(D(2024, 1, 5)),
        )
        self.lead, self.deadline = lead, deadline

    def do(self, step, actor, day: date, **kw) -> "Story":
        self.task = step(
            actor=actor, task=self.task, expected_version=self.task.version, at=at(day), **kw
        )
        if not isinstance(self.task, Task):
            self.task = Task.objects.get(pk=kw.get("task_pk") or self.task.task_id)
        return self

    def assign(self, day: date = ASSIGNED_ON) -> "Story":
        w = self.world
        self.do(
            steps.task_assign, w.leader, day, leads=[w.units[self.lead]], deadline=self.deadline
        )
        head = w.head if self.lead == "TST" else w.coord_head
        return self.do(steps.task_accept, head, day, assignees=[])

    def submit(self, day: date) -> "Story":
        return self.do(steps.task_submit, self.world.head, day, result="Kết quả")

    def close(self, forward: date, approve: date, report: date) -> "Story":
        w = self.world
        self.do(steps.task_forward, w.office, forward)
        self.do(steps.task_approve, w.leader, approve)
        return self.do(
            steps.task_report, w.office, report, reported_on=report, number="1/BC", channel="VPCP"
        )


@pytest.fixture(scope="module")
def history(
    django_db_setup: None, django_db_blocker: Any, sample_registry: Rows
) -> Iterator[StoryWorld]:
    """The stories below, told once for the module (0.5-0.6 s of each test on PostgreSQL
    before): each test's writes are undone after it, the stories after the module's last
    test. The module's tests start from these rows, not from `world`."""
    with undone_after_module(django_db_blocker):
        world = make_world(copy_registry(sample_registry))
        coord_head = UserFactory.create(roles=[Role.UNIT_HEAD], unit=world.units["CSXH"])
        yield tell_stories(StoryWorld.of(world, coord_head))


def tell_stories(w: StoryWorld) -> StoryWorld:
    """Tasks A-H of the tables below, each through the cycle at its dates."""
    Story(w).assign().submit(D(2024, 3, 25)).close(
        D(2024, 3, 26), D(2024, 3, 27), D(2024, 3, 28)
    )  # A
    Story(w).assign().submit(D(2024, 4, 2)).close(D(2024, 4, 2), D(2024, 4, 3), D(2024, 4, 5))  # B
    c = Story(w).assign()  # C: extended to 30/04, still late against the original deadline
    c.do(
        steps.extension_request,
        w.head,
        D(2024, 3, 15),
        reason="Chờ số liệu",
        proposed_deadline=D(2024, 4, 30),
    )
    c.do(steps.extension_decide, w.leader, D(2024, 3, 20), approve=True)
    c.submit(D(2024, 4, 20)).close(D(2024, 4, 22), D(2024, 4, 24), D(2024, 4, 25))
    Story(w, deadline=None).assign()  # D: no deadline
    Story(w).assign().submit(D(2024, 3, 28)).do(steps.task_forward, w.office, D(2024, 3, 28))  # E
    f = Story(w).assign().submit(D(2024, 3, 20))  # F: sent back, submitted again late
    f.do(steps.task_send_back, w.office, D(2024, 3, 22), comment="Sai số liệu").submit(
        D(2024, 4, 2)
    )
    Story(w, lead="CSXH").assign().do(
        steps.task_cancel, w.leader, D(2024, 2, 15), reason="QĐ hủy"
    )  # G
    h = Story(w, deadline=D(2024, 6, 30))  # H: assigned only on 01/04
    h.do(
        steps.task_assign, w.leader, D(2024, 4, 1), leads=[w.units["TST"]], deadline=D(2024, 6, 30)
    )
    return w


def counts(result: dict) -> tuple[int, ...]:
    keys = ("total", "done_on_time", "done_late", "open_in_time", "open_overdue", "no_deadline")
    return tuple(result[k] for k in keys)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2024, 1, 7), (0, 0, 0, 0, 0, 0)),
        (D(2024, 1, 10), (7, 0, 0, 6, 0, 1)),
        (D(2024, 3, 21), (6, 0, 0, 5, 0, 1)),
        (D(2024, 4, 3), (7, 1, 0, 1, 4, 1)),
        (D(2024, 5, 1), (7, 1, 2, 1, 2, 1)),
    ],
)
def test_agency_view_at_several_dates(history: StoryWorld, as_of: date, expected: tuple) -> None:
    assert counts(statistics(as_of, View.AGENCY)) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2024, 3, 21), (6, 1, 0, 4, 0, 1)),
        (D(2024, 3, 25), (6, 1, 0, 4, 0, 1)),
        (D(2024, 4, 3), (7, 2, 2, 1, 1, 1)),
        (D(2024, 5, 1), (7, 2, 3, 1, 0, 1)),
    ],
)
def test_unit_view_at_several_dates(history: StoryWorld, as_of: date, expected: tuple) -> None:
    assert counts(statistics(as_of, View.UNIT)) == expected


def test_by_unit_and_unit_filter(history: StoryWorld) -> None:
    result = statistics(D(2024, 1, 10), View.AGENCY)
    assert set(result["by_unit"]) == {"TST", "CSXH"}
    assert counts(result["by_unit"]["CSXH"]) == (1, 0, 0, 1, 0, 0)
    only = statistics(D(2024, 1, 10), View.AGENCY, unit=history.units["CSXH"])
    assert counts(only) == (1, 0, 0, 1, 0, 0)
    assert list(only["by_unit"]) == ["CSXH"]


def test_the_page_table_names_units_and_columns(history: StoryWorld) -> None:
    table = statistics_table(statistics(D(2024, 1, 10), View.AGENCY))
    assert [label for _, label in table.columns] == [
        "Đã hoàn thành đúng hạn",
        "Đã hoàn thành quá hạn",
        "Chưa hoàn thành, trong hạn",
        "Chưa hoàn thành, quá hạn",
        "Không có thời hạn",
    ]
    csxh = TableRow("CSXH", 1, [0, 0, 1, 0, 0])
    assert [row.label for row in table.rows] == ["CSXH", "Thu - Sổ, thẻ"] and table.rows[0] == csxh
    assert table.footer.label == "Cộng" and table.footer.total == sum(r.total for r in table.rows)


def test_a_later_change_does_not_rewrite_the_past(history: StoryWorld) -> None:
    before = statistics(D(2024, 3, 21), View.UNIT)
    task = Task.objects.filter(unit_done_on__isnull=True, state="in_progress").earliest("id")
    steps.task_cancel(actor=history.leader, task=task, expected_version=task.version, reason="Hủy")
    assert statistics(D(2024, 3, 21), View.UNIT) == before


def test_stats_command_prints_the_json_shape(history: StoryWorld) -> None:
    out = StringIO()
    call_command("stats", "--as-of", "2024-05-01", "--view", "unit", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["as_of"] == "2024-05-01"
    assert counts(data) == (7, 2, 3, 1, 0, 1)
    assert set(data["by_unit"]["TST"]) == {
        "total",
        "done_on_time",
        "done_late",
        "open_in_time",
        "open_overdue",
        "no_deadline",
    }


def test_stats_command_refuses_bad_input(db: None) -> None:
    with pytest.raises(CommandError, match="không phải là ngày hợp lệ"):
        call_command("stats", "--as-of", "31/02/2024", "--json")
    with pytest.raises(CommandError, match="không có đơn vị mã «XYZ»"):
        call_command("stats", "--unit", "XYZ", "--json")
    with pytest.raises(CommandError, match="unit hoặc agency"):
        call_command("stats", "--view", "both")


def test_a_units_tasks_by_state_with_those_overdue(
    history: StoryWorld, django_assert_num_queries
) -> None:
    tst = history.units["TST"]
    with django_assert_num_queries(1):
        agency = state_counts(tst, D(2024, 5, 1), View.AGENCY)
    assert agency == {
        State.ASSIGNED: StateCount(1, 0),  # H, due 30/06
        State.IN_PROGRESS: StateCount(1, 0),  # D, no deadline
        State.SUBMITTED: StateCount(1, 1),  # F, not reported by 31/03
        State.CHECKED: StateCount(1, 1),  # E
        State.DONE: StateCount(3, 0),
    }
    # the unit's view: E and F were sent to the Office (late, but sent)
    unit = state_counts(tst, D(2024, 5, 1), View.UNIT)
    assert unit[State.SUBMITTED] == StateCount(1, 0) and unit[State.CHECKED] == StateCount(1, 0)
    # only the tasks the unit leads: CSXH's one task, cancelled, is never overdue
    assert state_counts(history.units["CSXH"], D(2024, 5, 1)) == {State.CANCELLED: StateCount(1, 0)}


def test_stats_command_by_state(history: StoryWorld) -> None:
    out = StringIO()
    call_command("stats", "--unit", "TST", "--as-of", "01/05/2024", "--by-state", stdout=out)
    lines = out.getvalue().splitlines()
    assert "Đơn vị đã gửi kết quả: 1 (1 quá hạn)" in [line.strip() for line in lines]
    assert "Hoàn thành: 3" in [line.strip() for line in lines]
    out = StringIO()
    call_command(
        "stats", "--unit", "TST", "--as-of", "2024-05-01", "--by-state", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["by_state"]["checked"] == {"total": 1, "overdue": 1}
    with pytest.raises(CommandError, match="cần --unit"):
        call_command("stats", "--by-state")
