"""The permission matrix of the tasks endpoints: every role × list, detail and one step, as
the product owner reads it, and the same answer as the pages give the same person."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.api.tests.conftest import api_client_for
from theodoi.tasks import services, steps
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

# role → (list, detail, accepting an assigned task of TST), for a person of TST when the role
# belongs to a unit, else of the Office (a partner: of an outside body)
EXPECTED = {
    Role.ADMIN: (200, 200, 403),
    Role.LEADER: (200, 200, 403),
    Role.TRACKER: (200, 200, 403),
    Role.UNIT_HEAD: (200, 200, 200),
    Role.UNIT_STAFF: (200, 200, 403),
    Role.INSPECTOR: (200, 200, 403),
    Role.PARTNER: (403, 403, 403),
    Role.AUDITOR: (200, 200, 403),
}
UNIT_OF = {Role.UNIT_HEAD: "TST", Role.UNIT_STAFF: "TST", Role.PARTNER: "TLD"}


def test_the_matrix_covers_every_role() -> None:
    assert set(EXPECTED) == set(Role)


@pytest.fixture
def assigned(world: World) -> Task:
    document = world.document(issued=timezone.localdate() - timedelta(days=10))
    task = services.task_create(
        actor=world.office, document=document, content="Rà soát", lead_units=[world.units["TST"]]
    )
    return steps.task_assign(
        actor=world.leader,
        task=task,
        expected_version=task.version,
        leads=[world.units["TST"]],
        deadline=timezone.localdate() + timedelta(days=20),
    )


@pytest.mark.parametrize("role", list(Role))
def test_role_by_endpoint(world: World, assigned: Task, role: Role) -> None:
    user = UserFactory.create(roles=[role], unit=world.units[UNIT_OF.get(role, "VP")])
    api, page = api_client_for(user), client_for(user)
    listed = api.get("/api/v1/tasks/")
    detail = api.get(f"/api/v1/tasks/{assigned.pk}/")
    page_act = page.get(reverse("tasks:act", args=[assigned.pk, "accept"]))  # before the step
    act = api.post(f"/api/v1/tasks/{assigned.pk}/accept/", {"version": assigned.version})
    assert (listed.status_code, detail.status_code, act.status_code) == EXPECTED[role]
    # the pages answer the same person the same way
    assert page.get(reverse("tasks:list")).status_code == listed.status_code
    assert page.get(reverse("tasks:detail", args=[assigned.pk])).status_code == detail.status_code
    assert page_act.status_code == act.status_code
    if listed.status_code == 200:
        assert [item["id"] for item in listed.json()["results"]] == [assigned.pk]
    for refused in (listed, detail, act):
        if refused.status_code == 403:
            assert refused.json()["code"] == "not_permitted"
    accepted = Task.objects.get(pk=assigned.pk).state == "in_progress"
    assert accepted is (act.status_code == 200)


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.UNIT_STAFF])
def test_another_unit_s_people_get_404(world: World, assigned: Task, role: Role) -> None:
    user = UserFactory.create(roles=[role], unit=world.units["CNTT"])
    api = api_client_for(user)
    assert api.get("/api/v1/tasks/").json()["results"] == []
    assert api.get(f"/api/v1/tasks/{assigned.pk}/").status_code == 404
    response = api.post(f"/api/v1/tasks/{assigned.pk}/accept/", {"version": assigned.version})
    assert response.status_code == 404
    assert client_for(user).get(reverse("tasks:detail", args=[assigned.pk])).status_code == 404
