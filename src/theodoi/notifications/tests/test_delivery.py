"""E-mail through a real SMTP server on 127.0.0.1: digests, immediate mail, and faults."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import Inbox, database_for_threads, free_port, in_threads
from theodoi.monitoring.reminders import run_reminders
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.delivery import deliver
from theodoi.notifications.digests import queue_digests
from theodoi.notifications.models import Delivery, Mail, MailState, Notification
from theodoi.notifications.services import Draft, notify, preference_set
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 12, 7)  # two tasks are 1 working day late (internal deadline 04/12)
MORNING = datetime(2026, 12, 7, 7, 0, tzinfo=VN)


@pytest.fixture
def late(world: World) -> World:
    for person, address in [(world.staff, "tst.cv@bhxh.test"), (world.head, "tst.tb@bhxh.test")]:
        person.email = address
        person.save()
    task_for(world, date(2026, 12, 7), content="Rà soát quy trình thu BHXH")
    task_for(world, date(2026, 12, 7), content="Báo cáo tình hình nợ đọng")
    return world


def daily_job(day: date = DAY, moment: datetime = MORNING):
    run_reminders(day, moment=moment)
    queue_digests(day, moment=moment)
    return deliver(moment)


def test_each_person_gets_one_digest_with_all_their_reminders(late: World, smtp_server) -> None:
    result = daily_job()
    assert (result.sent, result.failed) == (2, 0)
    [mail] = smtp_server.to("tst.cv@bhxh.test")
    assert mail["Subject"].strip() == "[Theo Dõi] 2 thông báo ngày 07/12/2026"
    body = mail.get_content()
    assert "1. Thu - Sổ, thẻ: quá hạn 1 ngày làm việc — 1.1. Rà soát quy trình thu BHXH" in body
    assert "2. Thu - Sổ, thẻ: quá hạn 1 ngày làm việc — 1.1. Báo cáo tình hình nợ đọng" in body
    assert "http://127.0.0.1:8000/nhiem-vu/" in body
    assert len(smtp_server.to("tst.tb@bhxh.test")) == 1
    assert set(Mail.objects.values_list("state", flat=True)) == {MailState.SENT}


def test_a_person_who_chose_immediate_mail_gets_one_mail_per_reminder(
    late: World, smtp_server
) -> None:
    preference_set(late.staff, Delivery.IMMEDIATE)
    daily_job()
    subjects = sorted(m["Subject"].strip() for m in smtp_server.to("tst.cv@bhxh.test"))
    assert subjects == [
        "[Theo Dõi] Thu - Sổ, thẻ: quá hạn 1 ngày làm việc — 1.1. Báo cáo tình hình nợ đọng",
        "[Theo Dõi] Thu - Sổ, thẻ: quá hạn 1 ngày làm việc — 1.1. Rà soát quy trình thu BHXH",
    ]
    assert len(smtp_server.to("tst.tb@bhxh.test")) == 1  # the head kept the digest


def test_a_server_that_is_down_leaves_the_mail_queued_and_it_is_sent_later(
    late: World, smtp_down, settings
) -> None:
    result = daily_job()
    assert (result.sent, result.failed) == (0, 2)
    assert "Không kết nối được máy chủ thư 127.0.0.1" in result.error
    mails = list(Mail.objects.all())
    assert {m.state for m in mails} == {MailState.QUEUED}
    assert {m.attempts for m in mails} == {1}
    assert all(m.sent_at is None and m.next_try_at > MORNING for m in mails)
    assert (
        Notification.objects.exclude(key__startswith="step:").filter(read_at__isnull=True).count()
        == 4
    )  # in-app meanwhile

    assert deliver(MORNING + timedelta(minutes=1)).failed == 0  # not yet time to retry
    # the server comes back

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_PORT = port
        assert deliver(MORNING + timedelta(minutes=6)).sent == 2
    finally:
        controller.stop()
    assert len(inbox.messages) == 2
    assert set(Mail.objects.values_list("state", flat=True)) == {MailState.SENT}


def test_a_server_that_refuses_leaves_the_mail_queued(late: World, smtp_server) -> None:
    smtp_server.refuse = "451 4.3.0 Try again later"
    result = daily_job()
    assert (result.sent, result.failed) == (0, 2)
    assert "Máy chủ thư từ chối người nhận" in result.error
    assert not smtp_server.messages
    assert set(Mail.objects.values_list("state", "attempts")) == {(MailState.QUEUED, 1)}


def test_mail_given_up_after_many_failures_is_never_marked_sent(late: World, smtp_down) -> None:
    daily_job()
    moment = MORNING
    for _ in range(12):
        moment += timedelta(days=1)
        deliver(moment)
    assert set(Mail.objects.values_list("state", "attempts")) == {(MailState.FAILED, 12)}
    assert not Mail.objects.filter(sent_at__isnull=False).exists()


def test_a_digest_already_sent_leaves_later_news_for_the_next_days(
    late: World, smtp_server
) -> None:
    daily_job()
    task_for(late, date(2026, 12, 10), content="Nhiệm vụ giao sau")  # due in 1 working day
    daily_job(moment=MORNING + timedelta(hours=3))
    assert len(smtp_server.to("tst.cv@bhxh.test")) == 1  # not a second digest that day
    waiting = Notification.objects.filter(user=late.staff, wants_mail=True, mail__isnull=True)
    assert waiting.count() == 1
    daily_job(date(2026, 12, 8), MORNING + timedelta(days=1))
    latest = smtp_server.to("tst.cv@bhxh.test")[-1]
    assert "Nhiệm vụ giao sau" in latest.get_content()


def test_the_days_digest_is_ready_as_soon_as_the_reminder_run_ends(
    late: World, smtp_server
) -> None:
    run_reminders(DAY, moment=MORNING)
    assert deliver(MORNING).sent == 2  # nothing else had to gather the digests
    [mail] = smtp_server.to("tst.cv@bhxh.test")
    assert mail["Subject"].strip() == "[Theo Dõi] 2 thông báo ngày 07/12/2026"
    assert not Notification.objects.filter(wants_mail=True).exists()


def test_news_written_before_the_run_opens_the_runs_digest(late: World, smtp_server) -> None:
    notify(
        [Draft(late.staff.pk, "urge:1", "Văn bản đôn đốc 2 nhiệm vụ quá hạn", url="/x/")],
        moment=MORNING - timedelta(hours=12),
    )
    daily_job()
    [mail] = smtp_server.to("tst.cv@bhxh.test")
    assert mail["Subject"].strip() == "[Theo Dõi] 3 thông báo ngày 07/12/2026"
    body = mail.get_content()
    assert "1. Văn bản đôn đốc 2 nhiệm vụ quá hạn" in body
    assert "3. Thu - Sổ, thẻ: quá hạn 1 ngày làm việc — 1.1. Báo cáo tình hình nợ đọng" in body


def test_a_digest_not_sent_yet_takes_a_later_runs_reminders_too(late: World, smtp_server) -> None:
    run_reminders(DAY, moment=MORNING)  # its digests wait (e.g. the batch was full)
    task_for(late, date(2026, 12, 8), content="Nhiệm vụ giao sau")  # due tomorrow
    later = MORNING + timedelta(hours=3)
    run_reminders(DAY, moment=later)
    notify([Draft(late.staff.pk, "urge:2", "Văn bản đôn đốc")], moment=later)
    queue_digests(DAY, moment=later)
    deliver(later)
    [mail] = smtp_server.to("tst.cv@bhxh.test")
    assert mail["Subject"].strip() == "[Theo Dõi] 4 thông báo ngày 07/12/2026"
    body = mail.get_content()
    assert body.index("Rà soát quy trình") < body.index("Nhiệm vụ giao sau")
    assert "4. Văn bản đôn đốc" in body
    assert Notification.objects.filter(user=late.staff, mail__isnull=True).count() == 0


def test_mail_leaves_over_several_connections_and_a_refused_address_waits_alone(
    db: None, smtp_server, settings
) -> None:
    settings.THEODOI_SMTP_CONNECTIONS = 3
    people = [UserFactory.create(email=f"nguoi{i}@bhxh.test") for i in range(7)]
    drafts = [Draft(p.pk, "k", f"Thông báo số {i}") for i, p in enumerate(people)]
    notify(drafts, moment=MORNING, digest_day=DAY)
    smtp_server.refused = {"nguoi3@bhxh.test"}
    result = deliver(MORNING)
    assert (result.sent, result.failed) == (6, 1)
    assert "nguoi3@bhxh.test" in result.error
    received = sorted(str(m["To"]) for m in smtp_server.messages)
    assert received == [f"nguoi{i}@bhxh.test" for i in range(7) if i != 3]
    assert len(smtp_server.connections) == 3
    waiting = Mail.objects.get(state=MailState.QUEUED)
    assert (waiting.to, waiting.attempts, waiting.sent_at) == ("nguoi3@bhxh.test", 1, None)
    assert Mail.objects.filter(state=MailState.SENT, sent_at__isnull=False).count() == 6


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_once_send_each_mail_once(late: World, smtp_server, tmp_path) -> None:
    run_reminders(DAY, moment=MORNING)
    queue_digests(DAY, moment=MORNING)
    with database_for_threads(tmp_path):
        results = in_threads(lambda: deliver(MORNING), lambda: deliver(MORNING))
    assert sorted(r.sent for r in results) == [0, 2]
    assert len(smtp_server.messages) == 2
