"""Who may do what with a difficulty: every person of the cycle × every action, through the
rules (`tasks/obstacles/rules.py`) and through the pages."""

from typing import Any

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import with_token
from theodoi.tasks.models import Obstacle, ObstacleStatus, Task
from theodoi.tasks.obstacles.rules import ObstacleAct, allows
from theodoi.tasks.tests.conftest import World, client_for
from theodoi.tasks.tests.test_obstacles import raised, referred
from theodoi.tasks.tests.test_steps import in_progress

pytestmark = pytest.mark.django_db
PEOPLE = (
    "office",
    "leader",  # the leader the referred obstacle was taken to
    "other_leader",
    "head",  # head of TST, the lead unit
    "staff",  # staff of TST
    "coord",  # staff of CSXH, a coordinating unit
    "other_head",  # head of CNTT, which has nothing to do with the task
    "inspector",
    "auditor",
    "admin",
    "partner",
)
READERS = {"office", "leader", "other_leader", "inspector", "auditor", "admin"}
# The matrix as the product owner reads it: who is allowed; everyone else is refused.
EXPECTED = {
    ObstacleAct.RAISE: {"head", "staff", "coord"},
    ObstacleAct.LIST: READERS,
    ObstacleAct.REFER: {"office"},
    ObstacleAct.DECIDE: {"leader"},
    ObstacleAct.SEE: READERS | {"head", "staff", "coord"},
}
SEES_TASK = EXPECTED[ObstacleAct.SEE]


class Case:
    def __init__(self, world: World) -> None:
        def person(role: str, unit: str, name: str) -> User:
            return UserFactory.create(
                username=name, full_name=name, roles=[role], unit=world.units[unit]
            )

        self.people = {
            "office": world.office,
            "leader": world.leader,
            "other_leader": person(Role.LEADER, "LD", "lanhdao2"),
            "head": world.head,
            "staff": world.staff,
            "coord": world.coord,
            "other_head": world.other_head,
            "inspector": person(Role.INSPECTOR, "KT", "thanhtra"),
            "auditor": person(Role.AUDITOR, "KT", "kiemtoan"),
            "admin": person(Role.ADMIN, "VP", "quantri"),
            "partner": person(Role.PARTNER, "VP", "doitac"),
        }
        self.task: Task = in_progress(world)
        self.open: Obstacle = raised(world, self.task)
        self.referred: Obstacle = referred(world, raised(world, self.task))

    def target(self, act: ObstacleAct) -> dict[str, Any]:
        if act is ObstacleAct.RAISE:
            return {"task": self.task}
        if act is ObstacleAct.LIST:
            return {}
        return {"obstacle": self.referred if act is ObstacleAct.DECIDE else self.open}

    def page(self, act: ObstacleAct) -> str:
        if act is ObstacleAct.RAISE:
            return reverse("tasks:obstacle_raise", args=[self.task.pk])
        if act is ObstacleAct.LIST:
            return reverse("tasks:obstacles")
        if act is ObstacleAct.REFER:
            return reverse("tasks:obstacle_refer", args=[self.open.pk])
        if act is ObstacleAct.DECIDE:
            return reverse("tasks:obstacle_decide", args=[self.referred.pk])
        return reverse("tasks:obstacle", args=[self.open.pk])


def expected_status(who: str, act: ObstacleAct) -> int:
    if who in EXPECTED[act]:
        return 200
    if who == "partner" or act is ObstacleAct.LIST:
        return 403  # no task pages at all; the queue is refused as a whole
    return 403 if who in SEES_TASK else 404  # a task one does not see does not exist


def test_the_matrix_covers_every_action() -> None:
    assert set(EXPECTED) == set(ObstacleAct)


@pytest.mark.parametrize("act", list(ObstacleAct))
def test_the_rules(world: World, act: ObstacleAct) -> None:
    case = Case(world)
    allowed = {who for who, user in case.people.items() if allows(user, act, **case.target(act))}
    assert allowed == EXPECTED[act]


@pytest.mark.parametrize("act", list(ObstacleAct))
def test_the_pages(world: World, act: ObstacleAct) -> None:
    case = Case(world)
    for who, user in case.people.items():
        response = client_for(user).get(case.page(act))
        assert response.status_code == expected_status(who, act), who


def test_an_inactive_person_may_do_nothing(world: World) -> None:
    case = Case(world)
    for user in case.people.values():
        user.is_active = False
        for act in ObstacleAct:
            assert not allows(user, act, **case.target(act))


def test_a_refused_post_writes_nothing(world: World) -> None:
    case = Case(world)
    client = client_for(case.people["other_leader"])
    url = case.page(ObstacleAct.DECIDE)
    data = {"version": case.referred.version, "decision": "Tôi quyết"}
    response = client.post(url, with_token(client, data))
    assert response.status_code == 403
    assert Obstacle.objects.get(pk=case.referred.pk).status == ObstacleStatus.REFERRED
