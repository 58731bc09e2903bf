"""One mail that cannot be made into a message (a line break in its subject, from a task code
saved before one-line fields were cleaned) is marked failed with its reason; the rest is sent
(a real SMTP server on 127.0.0.1)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.tests import corpus
from theodoi.notifications.delivery import Delivered, deliver
from theodoi.notifications.models import Delivery, Mail, MailState

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
