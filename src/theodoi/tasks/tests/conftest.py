"""A small world for task tests: the sample registry, five people of the cycle, a document."""

import time
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core import sessions
from theodoi.organisation.models import Unit
from theodoi.tasks import services
from theodoi.tasks.models import Document, DocumentKind, Origin

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def client_for(user: User) -> Client:
    """A browser session signed in as `user`, as after signing in on the login page (which
    marks the session renewed: the first page then writes nothing)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[sessions.KEY] = int(time.time())
    session.save()
    return client


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


@dataclass
class World:
    units: dict[str, Unit]
    office: User
    leader: User
    head: User  # head of TST, the lead unit in most tests
    staff: User  # staff of TST
    coord: User  # staff of CSXH, a coordinating unit
    other_head: User  # head of CNTT, unrelated

    def document(
        self, origin: str = Origin.GOVERNMENT, issued: date = date(2024, 1, 5)
    ) -> Document:
        return services.document_register(
            actor=self.office,
            kind=DocumentKind.DECISION,
            number=f"{Document.objects.count() + 1}/QĐ-TTg",
            issued_on=issued,
            issuer="Thủ tướng Chính phủ",
            summary="Giao nhiệm vụ năm 2024",
            origin=origin,
            at=at(issued),
        )


@pytest.fixture
def world(sample_units: dict[str, Unit]) -> World:
    def person(role: str, unit: str, name: str) -> User:
        return UserFactory.create(
            username=name, roles=[role], unit=sample_units[unit], full_name=name
        )

    return World(
        units=sample_units,
        office=person(Role.TRACKER, "VP", "vanphong"),
        leader=person(Role.LEADER, "LD", "lanhdao"),
        head=person(Role.UNIT_HEAD, "TST", "tst.truongban"),
        staff=person(Role.UNIT_STAFF, "TST", "tst.chuyenvien"),
        coord=person(Role.UNIT_STAFF, "CSXH", "csxh.chuyenvien"),
        other_head=person(Role.UNIT_HEAD, "CNTT", "cntt.truongban"),
    )
