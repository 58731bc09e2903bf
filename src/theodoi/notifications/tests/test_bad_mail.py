"""One mail that cannot be made into a message (a line break in its subject, from a task code
saved before one-line fields were cleaned) is marked failed with its reason; the rest is sent,
and the jobs go on (a real SMTP server on 127.0.0.1)."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.tests import corpus
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.delivery import Delivered, deliver
from theodoi.notifications.models import Delivery, Mail, MailState
from theodoi.notifications.services import preference_set
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db
MORNING = datetime(2026, 12, 7, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_a_mail_that_cannot_be_built_fails_alone_and_the_rest_is_sent(smtp_server) -> None:
    person = UserFactory.create(email="tst.cv@bhxh.test")
    for subject in ["[Theo Dõi] Một", f"[Theo Dõi] {corpus.CRLF_CODE}", "[Theo Dõi] Ba"]:
        Mail.objects.create(
            user=person,
            to=person.email,
            subject=subject,
            body="Nội dung",
            kind=Delivery.IMMEDIATE,
            day=MORNING.date(),
            next_try_at=MORNING,
        )
    result = deliver(MORNING)
    assert (result.sent, result.failed, result.broken) == (2, 1, 1)
    bad = Mail.objects.get(subject__contains="\r\n")
    assert (bad.state, bad.claim, bad.claimed_until, bad.sent_at) == (
        MailState.FAILED,
        "",
        None,
        None,
    )
    assert bad.last_error.startswith("Không tạo được thư, sẽ không gửi lại:")
    assert "newlines" in bad.last_error
    assert sorted(m["Subject"].strip() for m in smtp_server.messages) == [
        "[Theo Dõi] Ba",
        "[Theo Dõi] Một",
    ]
    assert not smtp_server.to("ai@vidu.test")
    assert deliver(MORNING + timedelta(days=1)) == Delivered(0, 0)  # never tried again


def test_a_task_code_with_a_line_break_does_not_stop_the_daily_job(
    world: World, smtp_server, capsys
) -> None:
    world.staff.email = "tst.cv@bhxh.test"
    world.staff.save()
    preference_set(world.staff, Delivery.IMMEDIATE)
    task = task_for(world, date(2026, 12, 7), content="Rà soát quy trình thu BHXH")
    Task.objects.filter(pk=task.pk).update(code=corpus.CRLF_CODE)  # saved before the fix
    call_command("remind", "--as-of", "07/12/2026", stdout=StringIO())
    assert "Thư điện tử: đã gửi 1, chưa gửi được 0." in capsys.readouterr().err
    [mail] = smtp_server.to("tst.cv@bhxh.test")
    assert mail["Subject"].strip() == (
        "[Theo Dõi] Thu - Sổ, thẻ: quá hạn 1 ngày làm việc — 1.1 Bcc: ai@vidu.test. "
        "Rà soát quy trình thu BHXH"
    )
    assert not smtp_server.to("ai@vidu.test")
    out = StringIO()
    call_command("send_mail", stdout=out, stderr=StringIO())
    assert "Đã gửi 0 thư, chưa gửi được 0." in out.getvalue()
