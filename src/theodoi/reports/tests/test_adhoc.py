"""Ad-hoc requests of the Office: recipients resolved for the day, refusals with their codes
and nothing half-saved, on time judged by the first submission, reminders once a day."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from theodoi.audit.models import ChangeRecord
from theodoi.core.errors import Code, ValidationFailed
from theodoi.notifications.models import Notification
from theodoi.organisation.groups import Group
from theodoi.organisation.models import Unit, UnitKind
from theodoi.reports import adhoc, services
from theodoi.reports.models import ReportRequest, ReportRound
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 10)
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def create(world: World, **given: Any) -> ReportRound:
    data: dict[str, Any] = {
        "actor": world.office,
        "title": "Báo cáo nhanh",
        "content": "Đề nghị báo cáo.",
        "units": [world.units["TST"]],
        "due_date": DAY,
        "at": datetime(2026, 6, 10, 9, tzinfo=VN),
    } | given
    return adhoc.adhoc_create(**data)


def test_groups_are_resolved_on_the_day_with_one_answer_section(world: World) -> None:
    report_round = create(world, units=[world.units["TST"]], groups=[Group.PROVINCES])
    provinces = set(
        Unit.objects.filter(kind=UnitKind.PROVINCE)
        .exclude(valid_to__lt=DAY)
        .values_list("code", flat=True)
    )
    codes = set(report_round.requests.values_list("unit__code", flat=True))
    assert codes == provinces | {"TST"} and "HAIDUONG" not in codes  # merged on 30/06/2025
    assert report_round.report_type is None
    assert report_round.sections[0]["title"] == "Nội dung trả lời"
    assert ChangeRecord.objects.filter(object_type="reports.reportround").count() == 1


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"due_date": DAY - timedelta(days=1)}, Code.INVALID, "due_date"),
        ({"units": []}, Code.REQUIRED, "units"),
        ({"title": "  "}, Code.REQUIRED, "title"),
        ({"template": SimpleUploadedFile("mau.exe", b"MZ")}, Code.FILE_REFUSED, "template"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world: World, given, code, field) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create(world, **given)
    assert caught.value.code == code and field in caught.value.errors
    assert not ReportRound.objects.exists() and not ReportRequest.objects.exists()


def test_only_the_office_sends_requests(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create(world, actor=world.head)
    assert caught.value.code == Code.NOT_PERMITTED


def test_on_time_is_the_first_submission_by_the_end_of_the_due_date(world: World) -> None:
    report_round = create(world, units=[world.units["TST"], world.units["CSXH"]])
    tst = ReportRequest.objects.get(round=report_round, unit=world.units["TST"])
    tst = services.report_save_draft(
        actor=world.head,
        request=tst,
        expected_version=tst.version,
        sections={adhoc.ANSWER_KEY: "Đã xong."},
    )
    services.report_submit(actor=world.head, request=tst, expected_version=tst.version)
    last_minute = datetime(2026, 6, 10, 23, 59, tzinfo=VN)
    ReportRequest.objects.filter(pk=tst.pk).update(first_submitted_at=last_minute)
    rows = {a.request.unit.code: a for a in adhoc.answers(report_round, DAY + timedelta(days=1))}
    assert (rows["TST"].answered, rows["TST"].late) == (True, False)
    assert (rows["CSXH"].answered, rows["CSXH"].late, rows["CSXH"].missing) == (False, True, True)
    ReportRequest.objects.filter(pk=tst.pk).update(
        first_submitted_at=last_minute + timedelta(minutes=2)
    )
    rows = {a.request.unit.code: a for a in adhoc.answers(report_round, DAY + timedelta(days=1))}
    assert rows["TST"].late and not rows["TST"].missing
    # before the due date has passed nobody is late
    assert not any(a.late for a in adhoc.answers(report_round, DAY) if not a.answered)


def test_a_reminder_tells_the_late_units_once_a_day(world: World) -> None:
    report_round = create(world, units=[world.units["TST"], world.units["CSXH"]])
    with pytest.raises(ValidationFailed) as caught:
        adhoc.adhoc_remind(actor=world.office, report_round=report_round, today=DAY)
    assert caught.value.code == Code.WRONG_STATE  # nobody is late yet
    after = DAY + timedelta(days=1)
    told = adhoc.adhoc_remind(actor=world.office, report_round=report_round, today=after)
    assert told == 3  # TST's head and staff, CSXH's staff
    assert adhoc.adhoc_remind(actor=world.office, report_round=report_round, today=after) == 0
    assert Notification.objects.count() == 3
    assert (
        adhoc.adhoc_remind(
            actor=world.office, report_round=report_round, today=after + timedelta(days=1)
        )
        == 3
    )
