"""The meetings' pages: the Office records a provincial meeting, its notice and conclusions and
turns one into a task once; a province records its own meeting only; a partner's people land
on the joint work, see the meetings and the follow-ups' state and nothing else."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.conftest import with_token
from theodoi.partners.conclusions import conclusion_add, conclusion_assign
from theodoi.partners.generation import generate
from theodoi.partners.models import Conclusion, Level, Meeting, Side
from theodoi.partners.tests.meeting_world import (
    federation,
    leader,
    pdf,
    person,
    provincial_meeting,
    with_notice,
)
from theodoi.tasks.models import Task

pytestmark = pytest.mark.django_db


def words(response) -> str:
    body = response.content.decode()
    body = body[body.index("<main") :] if "<main" in body else body
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(agreement, sample_units):
    return sample_units, federation(sample_units), person(Role.TRACKER, sample_units["VP"])


def meeting_form(units, ldld, **changes) -> dict:
    form = {
        "kind": "provincial",
        "held_on": "26/06/2026",
        "host": Side.OURS,
        "unit": units["NGHEAN"].pk,
        "partner_unit": ldld.pk,
        "place": "Trụ sở BHXH tỉnh Nghệ An",
        "summary": "Đánh giá 6 tháng đầu năm.",
        "p1_side": Side.OURS,
        "p1_name": "Nguyễn Văn Hùng",
        "p1_position": "Giám đốc BHXH tỉnh",
        "p5_side": Side.PARTNER,
        "p5_name": "Trần Thị Mai",
        "p5_position": "Chủ tịch LĐLĐ tỉnh",
        "minutes": pdf(),
    }
    form.update(changes)
    return form


def test_the_office_records_a_meeting_and_turns_a_conclusion_into_a_task(world) -> None:
    units, ldld, office_user = world
    office = client_of(office_user)
    sent = office.post(
        reverse("partners:meeting_create"), with_token(office, meeting_form(units, ldld))
    )
    meeting = Meeting.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "partners:meeting", args=[meeting.pk]
    )
    page = words(office.get(sent["Location"]))
    assert "Họp định kỳ 6 tháng cấp tỉnh ngày 26/06/2026" in page
    assert "Nguyễn Văn Hùng Giám đốc BHXH tỉnh" in page and "Trần Thị Mai" in page
    assert "Đồng gửi BHXH Việt Nam và Tổng LĐLĐ Việt Nam" in page
    assert "bien-ban.pdf" in page

    url = reverse("partners:conclusion_add", args=[meeting.pk])
    early = {"text": "Rà soát nợ đóng.", "lead": f"partner:{ldld.pk}", "deadline": "01/06/2026"}
    refused = office.post(url, with_token(office, early))
    assert refused.status_code == 200 and "trước ngày họp (26/06/2026)" in words(refused)
    assert not Conclusion.objects.exists()
    good = {**early, "deadline": "30/09/2026"}
    assert office.post(url, with_token(office, good)).status_code == 302

    notice = {"number": "15/TB-BHXH", "issued_on": "30/06/2026", "notice": pdf("tb.pdf")}
    sent = office.post(reverse("partners:notice", args=[meeting.pk]), with_token(office, notice))
    assert sent.status_code == 302
    conclusion = Conclusion.objects.get()
    assign = with_token(office, {"leader": leader(units).pk})
    url = reverse("partners:conclusion_assign", args=[conclusion.pk])
    assert office.post(url, assign).status_code == 302
    assert office.post(url, assign).status_code == 302  # the same form again: nothing more
    task = Task.objects.get()
    assert task.lead_unit == units["NGHEAN"] and Conclusion.objects.get().task == task
    page = words(office.get(reverse("partners:meeting", args=[meeting.pk])))
    assert "Chủ trì theo dõi: BHXH Nghệ An; thời hạn 30/09/2026" in page
    assert "Đã giao, chờ đơn vị nhận" in page


def test_a_province_records_its_own_provincial_meeting_only(world) -> None:
    units, ldld, _ = world
    head = client_of(person(Role.UNIT_HEAD, units["NGHEAN"]))
    url = reverse("partners:meeting_create")
    assert head.get(url).status_code == 200
    other = meeting_form(units, ldld, unit=units["HANOI"].pk)
    refused = head.post(url, with_token(head, other))
    assert refused.status_code == 200 and not Meeting.objects.exists()  # not a choice for it
    assert head.post(url, with_token(head, meeting_form(units, ldld))).status_code == 302
    assert Meeting.objects.get().unit == units["NGHEAN"]
    central = client_of(person(Role.UNIT_HEAD, units["CNTT"]))
    assert central.get(url).status_code == 403


def test_a_province_records_an_ad_hoc_meeting_of_its_own(world) -> None:
    units, ldld, _ = world
    head = client_of(person(Role.UNIT_HEAD, units["NGHEAN"]))
    form = meeting_form(units, ldld, kind="ad_hoc")
    sent = head.post(reverse("partners:meeting_create"), with_token(head, form))
    assert sent.status_code == 302
    assert Meeting.objects.get().level == Level.PROVINCIAL


@pytest.fixture
def followed(world, agreement):
    """A provincial meeting with a conclusion turned into a task, and this year's duties."""
    units, ldld, office = world
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
    return meeting, task


def test_a_partner_sees_the_joint_work_and_nothing_else(world, followed) -> None:
    units, _, _ = world
    meeting, task = followed
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


def test_a_provincial_federation_sees_only_its_province(world, followed) -> None:
    units, _, _ = world
    meeting, _ = followed
    hanoi = federation(units, code="LDLD_HANOI", province="Hà Nội")
    other = client_of(person(Role.PARTNER, hanoi))
    assert "Chưa có cuộc họp nào" in words(other.get(reverse("partners:meetings"), {"nam": "2026"}))
    assert other.get(reverse("partners:meeting", args=[meeting.pk])).status_code == 404
    own = client_of(person(Role.PARTNER, meeting.partner_unit))
    assert own.get(reverse("partners:meeting", args=[meeting.pk])).status_code == 200


def test_a_meetings_page_takes_the_same_queries_however_many_conclusions(world, followed):
    units, _, office_user = world
    meeting, _ = followed
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
