"""A forgotten password is reset through a link sent by mail (a real SMTP server on
127.0.0.1), and the reset does not get around the lock-out. The request only queues the mail:
it leaves from the outbox after the answer, a few at most per person and hour."""

import re
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import Role
from theodoi.accounts.services import RESET_MAIL_WINDOW, RESET_MAILS
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import database_for_threads, in_threads
from theodoi.notifications.delivery import SOON_THREAD, deliver
from theodoi.notifications.models import Mail, MailState

NEW = "Bao-hiem-xa-hoi-2026"
SITE = "https://theodoi.bhxh.test"


@pytest.fixture
def person(make_user, settings):
    settings.THEODOI_BASE_URL = SITE
    return make_user(
        Role.UNIT_STAFF, username="ha.dt", full_name="Đỗ Thu Hà", email="ha.dt@bhxh.test"
    )


def _text(page) -> str:
    """What the page says (the part a person reads; the masked CSRF token varies)."""
    html = page.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _ask(client: Client, inbox, address: str) -> None:
    received = len(inbox.messages)
    asked = client.post(reverse("password_reset"), {"email": address})
    assert asked.status_code == 302 and asked["Location"] == reverse("password_reset_done")
    assert len(inbox.messages) == received  # the answer came before any word with SMTP


def _mailed_link(client: Client, inbox, address: str) -> str:
    _ask(client, inbox, address.upper())
    # what the thread started after the commit does (test_the_link_leaves_by_itself shows
    # it does; here the test's transaction never commits)
    assert deliver().sent == 1
    [mail] = inbox.to(address)
    assert "Đặt lại mật khẩu" in mail["Subject"]
    link = re.search(rf"{re.escape(SITE)}(/dat-lai-mat-khau/\S+/)", mail.get_content())
    assert link, mail.get_content()
    return link.group(1)


def _open(client: Client, link: str) -> str:
    """Open the mailed link; Django moves the token into the session and redirects."""
    page = client.get(link, follow=True)
    assert page.status_code == 200
    return page.redirect_chain[-1][0] if page.redirect_chain else link


def test_a_forgotten_password_is_reset_through_the_mailed_link(person, smtp_server) -> None:
    client = Client()
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
    link = _mailed_link(client, smtp_server, "ha.dt@bhxh.test")
    form_url = _open(client, link)
    weak = client.post(
        form_url, {"new_password1": "Do-Thu-Ha-2026", "new_password2": "Do-Thu-Ha-2026"}
    )
    assert "Mật khẩu không được chứa họ và tên của bạn" in weak.content.decode()
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert "_auth_user_id" not in client.session  # the link signs nobody in

    signed = Client().post(reverse("login"), {"username": "ha.dt", "password": NEW})
    assert signed.status_code == 302 and signed["Location"] == reverse("home")
    record = ChangeRecord.objects.get(object_id=str(person.pk), action=ChangeKind.SET_PASSWORD)
    assert record.actor == person and record.reason == "Đặt lại mật khẩu qua thư điện tử"
    used = Client().get(link, follow=True).content.decode()  # the same link, a second time
    assert "Liên kết này không còn dùng được" in used


def test_an_unknown_address_gets_the_same_answer_and_no_mail(person, smtp_server) -> None:
    known = Client().post(reverse("password_reset"), {"email": "ha.dt@bhxh.test"}, follow=True)
    assert Mail.objects.count() == 1
    unknown = Client().post(reverse("password_reset"), {"email": "khong.co@bhxh.test"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert _text(unknown) == _text(known)
    assert Mail.objects.count() == 1  # nothing queued for the unknown address
    deliver()
    assert [m["To"] for m in smtp_server.messages] == ["ha.dt@bhxh.test"]


def test_a_person_gets_a_few_links_an_hour_and_no_more(person, smtp_server) -> None:
    client = Client()
    for _ in range(RESET_MAILS):
        _ask(client, smtp_server, "ha.dt@bhxh.test")
    page = _text(client.get(reverse("password_reset_done")))
    further = client.post(reverse("password_reset"), {"email": "ha.dt@bhxh.test"}, follow=True)
    assert further.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert _text(further) == page  # the same answer: nothing tells the limit was reached
    assert deliver().sent == RESET_MAILS
    assert len(smtp_server.to("ha.dt@bhxh.test")) == RESET_MAILS

    earlier = timezone.now() - RESET_MAIL_WINDOW - timedelta(minutes=1)
    Mail.objects.update(created_at=earlier)  # an hour later, a link can be asked for again
    _ask(Client(), smtp_server, "ha.dt@bhxh.test")
    assert deliver().sent == 1
    assert len(smtp_server.to("ha.dt@bhxh.test")) == RESET_MAILS + 1


@pytest.mark.django_db(transaction=True)
def test_the_link_leaves_by_itself_right_after_the_answer(person, smtp_server, tmp_path) -> None:
    """No job run is needed: the committed request starts the mail's delivery."""
    with database_for_threads(tmp_path):  # the request and the delivery: other threads
        [asked] = in_threads(
            lambda: Client().post(reverse("password_reset"), {"email": "ha.dt@bhxh.test"})
        )
        assert asked.status_code == 302
        [mail] = smtp_server.wait_for(1)
        for thread in threading.enumerate():
            if thread.name == SOON_THREAD:
                thread.join(10)
        [state] = in_threads(lambda: list(Mail.objects.values_list("state", flat=True)))
    assert mail["To"] == "ha.dt@bhxh.test" and "/dat-lai-mat-khau/" in mail.get_content()
    assert state == [MailState.SENT]


def test_a_reset_does_not_lift_the_lock_out(person, smtp_server) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": "ha.dt", "password": "sai-mat-khau"})
    locked = Client().post(reverse("login"), {"username": "ha.dt", "password": TEST_PASSWORD})
    assert locked.status_code == 429

    client = Client()
    form_url = _open(client, _mailed_link(client, smtp_server, "ha.dt@bhxh.test"))
    assert client.post(form_url, {"new_password1": NEW, "new_password2": NEW}).status_code == 302
    still = Client().post(reverse("login"), {"username": "ha.dt", "password": NEW})
    assert still.status_code == 429
    assert "tạm khóa" in still.content.decode()
