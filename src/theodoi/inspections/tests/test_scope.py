"""Who sees which inspection and who manages one (scope.py), as a matrix of people."""

from collections.abc import Callable

import pytest

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.inspections import scope
from theodoi.inspections.models import Inspection, MemberRole, MemberState, TeamMember
from theodoi.organisation.models import Unit
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _member(inspection: Inspection, user: User, state: str) -> None:
    assert user.unit is not None
    TeamMember.objects.create(
        inspection=inspection,
        user=user,
        full_name=user.full_name,
        unit=user.unit,
        role=MemberRole.MEMBER,
        state=state,
    )


@pytest.fixture
def people(sample_units: dict[str, Unit], office: User, leader: User, head: User):
    def make(name: str, role: str, unit: str) -> User:
        return UserFactory.create(username=name, roles=[role], unit=sample_units[unit])

    return {
        "office": office,
        "leader": leader,
        "head of team": head,
        "other inspector": make("kt.khac", Role.INSPECTOR, "KT"),
        "auditor": make("kiemtoan", Role.AUDITOR, "KT"),
        "admin": make("quantri", Role.ADMIN, "VP"),
        "inspected unit head": make("cntt.truong", Role.UNIT_HEAD, "CNTT"),
        "inspected unit staff": make("nghean.cv", Role.UNIT_STAFF, "NGHEAN"),
        "other unit head": make("tst.truong", Role.UNIT_HEAD, "TST"),
        "approved member": make("pc.thanhvien", Role.UNIT_STAFF, "PC"),
        "proposed member": make("pc.dexuat", Role.UNIT_STAFF, "PC"),
        "refused member": make("pc.tuchoi", Role.UNIT_STAFF, "PC"),
        "partner": make("tld.doitac", Role.PARTNER, "TLD"),
    }


# person → (sees ours, sees the other inspection of TST, may manage ours)
MATRIX = {
    "office": (True, True, True),
    "leader": (True, True, False),
    "head of team": (True, True, True),
    "other inspector": (True, True, False),
    "auditor": (True, True, False),
    "admin": (True, True, False),
    "inspected unit head": (True, False, False),
    "inspected unit staff": (True, False, False),
    "other unit head": (False, True, False),
    "approved member": (True, False, True),
    "proposed member": (False, False, False),
    "refused member": (False, False, False),
    "partner": (False, False, False),
}


def test_who_sees_and_manages_which_inspection(
    people: dict[str, User], inspection: Inspection, make_inspection: Callable[..., Inspection]
) -> None:
    other = make_inspection(units=("TST",), number="16/QĐ-BHXH")
    _member(inspection, people["approved member"], MemberState.APPROVED)
    _member(inspection, people["proposed member"], MemberState.PROPOSED)
    _member(inspection, people["refused member"], MemberState.REFUSED)
    assert set(MATRIX) == set(people)
    found = {}
    for name, user in people.items():
        visible = set(scope.visible_inspections(user))
        found[name] = (
            inspection in visible,
            other in visible,
            scope.may_manage(user, inspection),
        )
    assert found == MATRIX


def test_a_unit_head_opens_its_own_inspection_and_not_anothers(
    people: dict[str, User], inspection: Inspection, make_inspection: Callable[..., Inspection]
) -> None:
    other = make_inspection(units=("TST",), number="16/QĐ-BHXH")
    client = client_for(people["inspected unit head"])
    assert client.get(f"/kiem-tra/{inspection.pk}/").status_code == 200
    assert client.get(f"/kiem-tra/{other.pk}/").status_code == 404
    listed = client.get("/kiem-tra/").content.decode()
    assert f'data-id="{inspection.pk}"' in listed and f'data-id="{other.pk}"' not in listed
    assert client_for(people["partner"]).get("/kiem-tra/").status_code == 403
