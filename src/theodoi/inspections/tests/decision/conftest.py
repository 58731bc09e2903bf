"""Fixtures of the decision and team tests: people to put on a team, a draft decision ready
to issue, and a member the head proposed while the inspection runs."""

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.inspections.models import Inspection, MemberRole, TeamMember
from theodoi.inspections.team import Person, member_propose
from theodoi.organisation.models import Unit

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DURING = datetime(2026, 11, 3, 9, 0, tzinfo=HANOI)  # the inspection's second day


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def person(sample_units: dict[str, Unit]) -> Callable[..., User]:
    """Someone of the unit `code` with `roles`."""

    def make(code: str, name: str, *roles: str) -> User:
        return UserFactory.create(
            username=f"u.{code.lower()}.{len(name)}.{name.split()[-1].lower()}",
            full_name=name,
            position="Chuyên viên",
            roles=list(roles or [Role.UNIT_STAFF]),
            unit=sample_units[code],
        )

    return make


@pytest.fixture
def ready(make_inspection: Callable[..., Inspection], head: User) -> Inspection:
    """A draft decision ready to issue: contents, units and a head; no number yet."""
    return make_inspection(decided=False, head=head, start=date(2026, 11, 2))


@pytest.fixture
def proposal(inspection: Inspection, head: User, person: Callable[..., User]) -> TeamMember:
    """A member the head proposed on the inspection's second day."""
    extra = person("TST", "Phạm Bổ Sung")
    return member_propose(
        actor=head,
        inspection=inspection,
        person=Person(role=MemberRole.MEMBER, user=extra),
        reason="Cần người nắm nghiệp vụ thu",
        at=DURING,
    )
