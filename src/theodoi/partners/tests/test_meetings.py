"""Meetings are recorded with both sides' participants and their files; a conclusion becomes a
follow-up task once, led by our unit, or by the province or the Office following a partner's
lead, the partner's unit always coordinating; bad input is refused by name, nothing written."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.audit.models import ChangeRecord
from theodoi.conftest import database_for_threads, in_threads
from theodoi.core.errors import Code, ValidationFailed
from theodoi.partners import catalog
from theodoi.partners.conclusions import conclusion_add, conclusion_assign
from theodoi.partners.meetings import Person, meeting_record
from theodoi.partners.models import Conclusion, Meeting, MeetingKind, Participant, Side
from theodoi.partners.tests.meeting_world import (
    HELD_ON,
    PEOPLE,
    federation,
    leader,
    pdf,
    person,
    provincial_meeting,
    with_notice,
)
from theodoi.tasks.models import Attachment, Document, EventKind, State, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, sample_units):
    ldld = federation(sample_units)
    office = person(Role.TRACKER, sample_units["VP"])
    return sample_units, ldld, office


def test_a_provincial_meeting_keeps_both_sides_and_its_files(agreement, world) -> None:
    units, ldld, office = world
    meeting = provincial_meeting(agreement, units, ldld, office)
    assert meeting.level == "provincial" and meeting.unit == units["NGHEAN"]
    people = list(meeting.participants.values_list("side", "name"))
    assert people == [("ours", "Nguyễn Văn Hùng"), ("partner", "Trần Thị Mai")]
    assert meeting.minutes is not None and meeting.minutes.name == "bien-ban.pdf"
    with_notice(meeting, office)
    meeting.refresh_from_db()
    document = meeting.notice.document
    assert document.get_kind_display() == "Thông báo kết luận"
    assert "đồng gửi BHXH Việt Nam và Tổng LĐLĐ Việt Nam" in document.summary
    record = ChangeRecord.objects.filter(object_type="partners.meeting").order_by("id").last()
    assert record.after["sent_to"] == "BHXH Việt Nam và Tổng LĐLĐ Việt Nam"


def _refused(call, code: str | None = None) -> dict[str, str]:
    before = (Meeting.objects.count(), Participant.objects.count(), Attachment.objects.count())
    with pytest.raises(ValidationFailed) as caught:
        call()
    after = (Meeting.objects.count(), Participant.objects.count(), Attachment.objects.count())
    assert after == before
    if code is not None:
        assert caught.value.code == code
    return caught.value.errors


def _record(agreement, units, ldld, **changes):
    fields = dict(
        actor=None,
        agreement=agreement,
        kind=MeetingKind.PROVINCIAL,
        held_on=HELD_ON,
        host=Side.OURS,
        unit=units["NGHEAN"],
        partner_unit=ldld,
        people=PEOPLE,
        minutes=[pdf()],
    )
    fields.update(changes)
    return lambda: meeting_record(**fields)


def test_bad_meetings_are_refused_by_name_and_write_nothing(agreement, world) -> None:
    units, ldld, _ = world
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = _refused(_record(agreement, units, ldld, held_on=tomorrow))
    assert "ở tương lai" in errors["held_on"]
    errors = _refused(_record(agreement, units, ldld, unit=units["VP"]))
    assert "BHXH tỉnh" in errors["unit"]
    errors = _refused(_record(agreement, units, ldld, partner_unit=units["KT"]), Code.INVALID)
    assert "không phải đơn vị của đối tác" in errors["partner_unit"]
    only_ours = [PEOPLE[0]]
    errors = _refused(_record(agreement, units, ldld, people=only_ours), Code.REQUIRED)
    assert "cả hai bên" in errors["participants"]
    nameless = [*PEOPLE, Person("", "Phó Chủ tịch", Side.PARTNER)]
    assert (
        "Phó Chủ tịch" in _refused(_record(agreement, units, ldld, people=nameless))["participants"]
    )


def test_files_are_refused_with_their_reason(agreement, world, settings) -> None:
    units, ldld, _ = world
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf")
    errors = _refused(_record(agreement, units, ldld, minutes=[fake]), Code.FILE_REFUSED)
    assert "không đúng định dạng .pdf" in errors["minutes"]
    program = SimpleUploadedFile("bien-ban.exe", b"MZ\x90\x00")
    errors = _refused(_record(agreement, units, ldld, minutes=[program]), Code.FILE_REFUSED)
    assert "không thuộc loại được nhận" in errors["minutes"]


def _conclusion(meeting, units, ldld, **changes):
    fields = dict(
        actor=None,
        meeting=meeting,
        text="Phối hợp rà soát doanh nghiệp nợ đóng BHXH trên địa bàn.",
        lead_side=Side.PARTNER,
        lead_unit=ldld,
        deadline=date(2026, 9, 30),
    )
    fields.update(changes)
    return conclusion_add(**fields)


def test_bad_conclusions_are_refused_by_name(agreement, world) -> None:
    units, ldld, _ = world
    meeting = provincial_meeting(agreement, units, ldld)

    def refused(**changes) -> dict[str, str]:
        with pytest.raises(ValidationFailed) as caught:
            _conclusion(meeting, units, ldld, **changes)
        assert not Conclusion.objects.exists()
        return caught.value.errors

    assert "trước ngày họp (26/06/2026)" in refused(deadline=date(2026, 6, 1))["deadline"]
    assert refused(text="  ")["text"] == "Cần ghi nội dung kết luận."
    assert "không phải đơn vị của đối tác" in refused(lead_unit=units["NGHEAN"])["lead_unit"]
    agency = refused(lead_side=Side.OURS, lead_unit=units["LD"])["lead_unit"]
    assert "không phải đơn vị của BHXH Việt Nam" in agency
    assert "không phải đơn vị của BHXH Việt Nam" in refused(lead_side=Side.OURS)["lead_unit"]


def test_a_partner_led_conclusion_is_followed_by_the_province_once(agreement, world) -> None:
    units, ldld, office = world
    meeting = provincial_meeting(agreement, units, ldld, office)
    conclusion = _conclusion(meeting, units, ldld)
    with pytest.raises(ValidationFailed) as caught:  # no notice registered yet
        conclusion_assign(actor=office, conclusion=conclusion, leader=leader(units))
    assert caught.value.code == Code.REQUIRED and not Task.objects.exists()
    with_notice(meeting, office)
    task = conclusion_assign(actor=office, conclusion=conclusion, leader=leader(units))
    assert task.state == State.ASSIGNED and task.lead_unit == units["NGHEAN"]
    assert list(task.coordinating_units.all()) == [ldld]
    assert task.deadline == date(2026, 9, 30)
    assert task.document == Document.objects.get(number="15/TB-BHXH")
    assert "theo dõi việc tổ chức thực hiện" in task.instruction
    kinds = list(task.events.values_list("action", flat=True))
    assert kinds == [EventKind.CREATE, EventKind.RECORD_ASSIGNMENT]
    conclusion.refresh_from_db()
    assert conclusion.task == task
    with pytest.raises(ValidationFailed) as again:
        conclusion_assign(actor=office, conclusion=conclusion, leader=leader(units))
    assert again.value.code == Code.DUPLICATE and Task.objects.count() == 1


def test_our_lead_leads_and_the_partner_coordinates(agreement, world) -> None:
    units, ldld, office = world
    meeting = provincial_meeting(agreement, units, ldld, office)
    with_notice(meeting, office)
    ours = _conclusion(meeting, units, ldld, lead_side=Side.OURS, lead_unit=units["KT"])
    task = conclusion_assign(actor=office, conclusion=ours, leader=leader(units))
    assert task.lead_unit == units["KT"] and list(task.coordinating_units.all()) == [ldld]


def test_a_central_meeting_led_by_the_partner_is_followed_by_the_office(agreement, world):
    units, _, office = world
    review = meeting_record(
        actor=office,
        agreement=agreement,
        kind=MeetingKind.ANNUAL_REVIEW,
        held_on=HELD_ON,
        host=Side.PARTNER,
        unit=units["VP"],
        partner_unit=units["TLD"],
        people=PEOPLE,
    )
    assert review.level == "central"
    with_notice(review, office, number="20/TB-TLĐ")
    conclusion = _conclusion(review, units, units["TLD"], lead_unit=units["TLD"])
    task = conclusion_assign(actor=office, conclusion=conclusion, leader=leader(units))
    assert task.lead_unit == units["VP"]
    assert list(task.coordinating_units.all()) == [units["TLD"]]


def test_only_the_office_turns_a_conclusion_into_a_task(agreement, world) -> None:
    units, ldld, office = world
    meeting = provincial_meeting(agreement, units, ldld, office)
    with_notice(meeting, office)
    conclusion = _conclusion(meeting, units, ldld)
    head = person(Role.UNIT_HEAD, units["NGHEAN"])
    with pytest.raises(ValidationFailed) as caught:
        conclusion_assign(actor=head, conclusion=conclusion, leader=leader(units))
    assert caught.value.code == Code.NOT_PERMITTED
    assert not Task.objects.exists() and Conclusion.objects.get().task is None


@pytest.mark.django_db(transaction=True)
def test_two_people_turning_one_conclusion_make_one_task(sample_units, tmp_path) -> None:
    agreement = catalog.agreement()
    ldld = federation(sample_units)
    office = person(Role.TRACKER, sample_units["VP"])
    meeting = provincial_meeting(agreement, sample_units, ldld, office)
    with_notice(meeting, office)
    conclusion = _conclusion(meeting, sample_units, ldld)
    chief = leader(sample_units)

    def turn() -> str:
        try:
            found = Conclusion.objects.get(pk=conclusion.pk)
            conclusion_assign(actor=office, conclusion=found, leader=chief)
        except ValidationFailed as exc:
            return exc.code
        return "made"

    with database_for_threads(tmp_path):
        answers = in_threads(turn, turn)
        tasks = in_threads(lambda: Task.objects.count())[0]
    assert sorted(answers) == sorted(["made", Code.DUPLICATE]) and tasks == 1
