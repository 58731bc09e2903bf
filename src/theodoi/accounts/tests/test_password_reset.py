"""A forgotten password is reset through a link sent by mail (a real SMTP server on
127.0.0.1), and the reset does not get around the lock-out."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.audit.models import ChangeKind, ChangeRecord

NEW = "Bao-hiem-xa-hoi-2026"
SITE = "https://theodoi.bhxh.test"


@pytest.fixture
def person(make_user, settings):
    settings.THEODOI_BASE_URL = SITE
    return make_user(
        Role.UNIT_STAFF, username="ha.dt", full_name="Đỗ Thu Hà", email="ha.dt@bhxh.test"
    )


def _mailed_link(client: Client, inbox, address: str) -> str:
    asked = client.post(reverse("password_reset"), {"email": address.upper()})
    assert asked.status_code == 302 and asked["Location"] == reverse("password_reset_done")
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
    asked = Client().post(reverse("password_reset"), {"email": "khong.co@bhxh.test"})
    assert asked.status_code == 302 and asked["Location"] == reverse("password_reset_done")
    assert smtp_server.messages == []


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
