"""The meetings' pages: the Office records a provincial meeting, its notice and conclusions and
turns one into a task once; a province records its own meeting only. What a partner's people
see of a meeting followed up is in `test_meeting_follow_ups.py`."""

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.conftest import with_token
from theodoi.partners.models import Conclusion, Level, Meeting, Side
from theodoi.partners.tests.meeting_world import (
    client_of,
    federation,
    leader,
    pdf,
    person,
    words,
)
from theodoi.tasks.models import Task

pytestmark = pytest.mark.django_db


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
