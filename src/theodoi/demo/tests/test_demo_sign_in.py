"""The demo stays usable with `make run`: its administrator, leader and Office have a second
factor with the documented demo key, whose current code `theodoi demo_code` prints."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from theodoi.accounts import second_factor
from theodoi.accounts.models import User
from theodoi.demo.services import DEMO_TOTP_KEY, DEMO_USERS
from theodoi.demo.tests.copies import copy_demo

pytestmark = [pytest.mark.django_db, pytest.mark.demo_content]
PASSWORD = "Mat-khau-demo-2026"


def test_demo_people_who_need_a_second_factor_have_the_demo_key() -> None:
    copy_demo(PASSWORD)
    people = {d.username: User.objects.get(username=d.username) for d in DEMO_USERS}
    required = {name for name, user in people.items() if second_factor.is_required(user)}
    assert required == {"quantri", "lanhdao", "vanphong"}
    for name, user in people.items():
        keys = list(TOTPDevice.objects.filter(user=user).values_list("key", flat=True))
        assert keys == ([DEMO_TOTP_KEY] if name in required else [])

    client = Client()
    client.post(reverse("login"), {"username": "lanhdao", "password": PASSWORD})
    printed = StringIO()
    call_command("demo_code", stdout=printed, stderr=StringIO())
    signed = client.post(reverse("signin_code"), {"code": printed.getvalue().strip()})
    assert signed["Location"] == reverse("home")
    assert client.get(reverse("monitoring:dashboard")).status_code == 200
