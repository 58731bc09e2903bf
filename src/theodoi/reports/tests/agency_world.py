"""The fixtures of the agency report's tests: the evaluation tests' quarter of work (Q2/2026
through the cycle's services), with an overdue task that asked for an extension and raised a
difficulty. A test module takes them by name (`heads, quarter, late_task = agency_world.…`)."""

from datetime import date

import pytest

from theodoi.accounts.models import User
from theodoi.evaluation.tests import conftest as evaluation
from theodoi.tasks import steps
from theodoi.tasks.models import Task
from theodoi.tasks.obstacles.services import obstacle_raise
from theodoi.tasks.tests.conftest import World, at

Cycle = evaluation.Cycle


@pytest.fixture
def heads(world: World) -> dict[str, User]:
    return evaluation.make_heads(world)


@pytest.fixture
def quarter(world: World, heads: dict[str, User]) -> None:
    """The evaluation tests' Q2/2026 (`evaluation.tell_quarter`), told for each test here."""
    evaluation.tell_quarter(world, heads)


@pytest.fixture
def late_task(world: World, heads, quarter) -> Task:
    """A PC task due 15/05/2026, still open on 30/06: it asked on 10/05 to move to 30/05 (the
    leader agreed on 12/05) and raised a difficulty on 20/05."""
    task = Cycle(world, heads).accepted("PC", date(2026, 5, 15), date(2026, 4, 2))
    request = steps.extension_request(
        actor=heads["PC"],
        task=task,
        expected_version=task.version,
        reason="Chờ ý kiến góp ý của Bộ Tài chính",
        proposed_deadline=date(2026, 5, 30),
        at=at(date(2026, 5, 10)),
    )
    task = Task.objects.get(pk=request.task_id)
    steps.extension_decide(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        approve=True,
        deadline=date(2026, 5, 30),
        note="Đồng ý",
        at=at(date(2026, 5, 12)),
    )
    task.refresh_from_db()
    obstacle_raise(
        actor=heads["PC"],
        task=task,
        difficulty="Thiếu số liệu của các tỉnh để tổng hợp",
        proposal="Đề nghị Văn phòng đôn đốc các tỉnh gửi số liệu",
        at=at(date(2026, 5, 20)),
    )
    task.refresh_from_db()
    return task
