"""A provincial meeting followed up: a conclusion turned into a task and the year's duties,
made once for the module. A partner's people see the joint work and nothing else, a provincial
federation only its province; the meeting's page reads the same statements however many
conclusions it has."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.conftest import Rows, copy_registry, undone_after_module
from theodoi.organisation.models import Unit
from theodoi.partners import catalog
from theodoi.partners.conclusions import conclusion_add, conclusion_assign
from theodoi.partners.generation import generate
from theodoi.partners.models import Meeting, Side
from theodoi.partners.tests.meeting_world import (
    client_of,
    federation,
    leader,
    person,
    provincial_meeting,
    with_notice,
    words,
)
from theodoi.tasks.models import Task

pytestmark = pytest.mark.django_db


@dataclass
class Followed:
    units: dict[str, Unit]
    office: User
    ldld: Unit  # the partner's federation of Nghệ An
    meeting: Meeting
    task: Task


@pytest.fixture(scope="module")
def followed(
    django_db_setup: None, django_db_blocker: Any, sample_registry: Rows
) -> Iterator[Followed]:
    """A provincial meeting with a conclusion turned into a task, and this year's duties:
    made once for the module (generating the year took about 3.5 s of each test on
    PostgreSQL), undone after its last test; each test's own writes are undone after it."""
    with undone_after_module(django_db_blocker):
        units = copy_registry(sample_registry)
        agreement = catalog.agreement()
        ldld = federation(units)
        office = person(Role.TRACKER, units["VP"])
        meeting = provincial_meeting(agreement, units, ldld, office)
        with_notice(meeting, office)
        conclusion = conclusion_add(
            actor=office,
            meeting=meeting,
            text="Phối hợp rà soát doanh nghiệp nợ đóng BHXH.",
            lead_side=Side.PARTNER,
            lead_unit=ldld,
            deadline=date(2026, 9, 30),
        )
        task = conclusion_assign(actor=office, conclusion=conclusion, leader=leader(units))
        generate(actor=None, agreement=agreement, year=2026)
        yield Followed(units, office, ldld, meeting, task)


def test_a_partner_sees_the_joint_work_and_nothing_else(followed: Followed) -> None:
    units, meeting, task = followed.units, followed.meeting, followed.task
    partner_user = person(Role.PARTNER, units["TLD"], username="congdoan")
    partner = Client()
    signed_in = partner.post(
        reverse("login"), {"username": "congdoan", "password": TEST_PASSWORD}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == reverse("partners:home")
    year = words(partner.get(reverse("partners:home"), {"nam": "2026"}))
    assert "Xây dựng kế hoạch kiểm tra liên ngành" in year  # a joint duty
    assert "/nhiem-vu/" not in partner.get(reverse("partners:home")).content.decode()
    listed = words(partner.get(reverse("partners:meetings"), {"nam": "2026"}))
    assert "1 kết luận, 1 đã giao thành nhiệm vụ" in listed
    page = partner.get(reverse("partners:meeting", args=[meeting.pk]))
    text = words(page)
    assert "Phối hợp rà soát doanh nghiệp nợ đóng BHXH." in text
    assert "Chủ trì theo dõi: BHXH Nghệ An; thời hạn 30/09/2026" in text
    assert reverse("tasks:detail", args=[task.pk]) not in page.content.decode()
    assert (
        partner.get(reverse("partners:meeting_file", args=[meeting.pk, "bien-ban"])).status_code
        == 200
    )
    closed = [
        reverse("tasks:list"),
        reverse("tasks:mine"),
        reverse("tasks:documents"),
        reverse("tasks:detail", args=[task.pk]),
        reverse("tasks:document", args=[task.document_id]),
        reverse("tasks:attachment", args=[meeting.minutes_id]),
        reverse("tasks:stats"),
        reverse("monitoring:dashboard"),
        reverse("reports:mine"),
        reverse("reports_agency:list"),
        reverse("evaluation:ranking"),
        reverse("audit:list"),
        reverse("targets:list"),
        reverse("partners:generate") + "?nam=2026",
        reverse("partners:meeting_create"),
        reverse("partners:notice", args=[meeting.pk]),
    ]
    answers = {url: partner.get(url).status_code for url in closed}
    assert {url for url, code in answers.items() if code not in (403, 404)} == set()
    assert partner_user.pk  # signed in as this person throughout


def test_a_provincial_federation_sees_only_its_province(followed: Followed) -> None:
    units, meeting = followed.units, followed.meeting
    hanoi = federation(units, code="LDLD_HANOI", province="Hà Nội")
    other = client_of(person(Role.PARTNER, hanoi))
    assert "Chưa có cuộc họp nào" in words(other.get(reverse("partners:meetings"), {"nam": "2026"}))
    assert other.get(reverse("partners:meeting", args=[meeting.pk])).status_code == 404
    own = client_of(person(Role.PARTNER, followed.ldld))
    assert own.get(reverse("partners:meeting", args=[meeting.pk])).status_code == 200


def test_a_meetings_page_takes_the_same_queries_however_many_conclusions(
    followed: Followed,
) -> None:
    units, meeting, office_user = followed.units, followed.meeting, followed.office
    office = client_of(office_user)
    url = reverse("partners:meeting", args=[meeting.pk])
    office.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert office.get(url).status_code == 200
        return len(seen)

    one = queries()
    for n in range(3):
        conclusion = conclusion_add(
            actor=office_user,
            meeting=meeting,
            text=f"Kết luận thêm {n}",
            lead_side=Side.OURS,
            lead_unit=units["NGHEAN"],
            deadline=date(2026, 12, 31),
        )
        conclusion_assign(actor=office_user, conclusion=conclusion, leader=leader(units))
    assert queries() == one
