"""The daily job reminds the team of the report it owes (due 5 working days after the end):
before the due day, on it and while overdue (the Office too), once per stage, by mail
through the real SMTP server; a report recorded stops it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from theodoi.accounts.models import User
from theodoi.accounts.tests.factories import UserFactory
from theodoi.inspections.models import Inspection, InspectionReminder, MemberRole, TeamMember
from theodoi.inspections.tests.results.conftest import reported
from theodoi.monitoring.reminders import run_reminders
from theodoi.notifications.delivery import deliver
from theodoi.notifications.models import Delivery, Notification
from theodoi.notifications.services import preference_set
from theodoi.organisation.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Kiểm tra việc thực hiện nhiệm vụ Chính phủ giao năm 2026"  # ends 06/11, due 13/11


def told(day: date) -> dict[str, str]:
    rows = Notification.objects.filter(key__startswith="kiemtra:", created_at__date=day)
    return {n.user.username: n.title for n in rows.select_related("user")}


@pytest.fixture
def team(inspection: Inspection, head: User, office: User, sample_units: dict[str, Unit]):
    member = UserFactory.create(username="kt.thanhvien", unit=sample_units["KT"],
                                email="kt.tv@bhxh.test")  # fmt: skip
    TeamMember.objects.create(inspection=inspection, user=member, full_name="Thành Viên",
                              unit=sample_units["KT"], role=MemberRole.MEMBER, order=1)  # fmt: skip
    for person, address in [(head, "kt.td@bhxh.test"), (office, "vp.td@bhxh.test")]:
        person.email = address
        person.save()
        preference_set(person, Delivery.IMMEDIATE)
    preference_set(member, Delivery.IMMEDIATE)
    return inspection


def test_the_team_is_reminded_before_and_after_the_due_day_once_by_mail(
    team: Inspection, head: User, sample_units: dict[str, Unit], smtp_server
) -> None:
    day, moment = date(2026, 11, 10), datetime(2026, 11, 10, 7, tzinfo=VN)  # 3 days before
    first = run_reminders(day, moment=moment)
    assert told(day) == {
        "kt.truongdoan": f"Còn 3 ngày làm việc đến hạn báo cáo kết quả kiểm tra — {TITLE}",
        "kt.thanhvien": f"Còn 3 ngày làm việc đến hạn báo cáo kết quả kiểm tra — {TITLE}",
    }
    again = run_reminders(day, moment=datetime(2026, 11, 10, 8, tzinfo=VN))
    assert again.sent == 0 and again.skipped_already_sent >= 2 and first.sent >= 2
    assert deliver(moment).sent == 2
    [mail] = smtp_server.to("kt.td@bhxh.test")
    assert mail["Subject"].strip() == (
        f"[Theo Dõi] Còn 3 ngày làm việc đến hạn báo cáo kết quả kiểm tra — {TITLE}"
    )
    assert "hạn báo cáo kết quả 13/11/2026" in mail.get_content()
    late, moment = date(2026, 11, 16), datetime(2026, 11, 16, 7, tzinfo=VN)  # Monday: 1 late
    run_reminders(late, moment=moment)
    overdue = f"Quá hạn báo cáo kết quả kiểm tra 1 ngày làm việc — {TITLE}"
    assert told(late) == dict.fromkeys(["kt.truongdoan", "kt.thanhvien", "vp.theodoi"], overdue)
    deliver(moment)
    assert [m["Subject"].strip() for m in smtp_server.to("vp.td@bhxh.test")] == [
        f"[Theo Dõi] {overdue}"
    ]
    assert list(InspectionReminder.objects.order_by("day").values_list("stage", flat=True)) == [
        "before:3",
        "overdue:1",
    ]
    reported(team, head, sample_units, on=late)  # overdue:3 on 20/11 were it still owed
    assert run_reminders(date(2026, 11, 20), moment=datetime(2026, 11, 20, 7, tzinfo=VN)).sent == 0
    assert not told(date(2026, 11, 20))
