"""Two-factor sign-in: set-up, the code after the password, recovery codes, the lock-out and
django-otp's throttle, turning it off, and an administrator's reset."""

import re
from base64 import b32decode
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from theodoi.accounts import second_factor
from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, code_at, give_app, next_code
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token
from theodoi.core.errors import Code, ValidationFailed


def _password(client: Client, username: str, next_url: str = "") -> str:
    """Send the password; where the sign-in page sends the person next."""
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _secret_on(page: str) -> str:
    """The key (hex) an app gets by typing the secret shown on the set-up page."""
    text = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    return b32decode(text.replace(" ", "")).hex()


def _now_step() -> int:
    """The current 30-second time step (what an app's code is for)."""
    return TOTP(b"").t()


def test_a_leader_without_a_second_factor_sets_it_up_before_anything_else(make_user) -> None:
    make_user(Role.LEADER, username="lanhdao2")
    client = Client()
    assert _password(client, "lanhdao2") == reverse("signin_enrol")
    assert not _signed_in(client)
    for elsewhere in [reverse("tasks:list"), reverse("profile:home"), reverse("home")]:
        assert client.get(elsewhere)["Location"].startswith(reverse("login"))  # nothing else

    page = client.get(reverse("signin_enrol")).content.decode()
    assert "<svg" in page and "<path" in page  # the QR code, drawn on the server
    key = _secret_on(page)
    assert _secret_on(client.get(reverse("signin_enrol")).content.decode()) == key  # stays put
    wrong = client.post(reverse("signin_enrol"), {"code": "000000"}).content.decode()
    assert "Mã không đúng" in wrong and not _signed_in(client)

    done = client.post(reverse("signin_enrol"), {"code": code_at(key, _now_step())})
    assert done["Location"] == reverse("profile:recovery_codes")
    assert _signed_in(client)
    shown = client.get(reverse("profile:recovery_codes")).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10 == len(set(codes))
    again = client.get(reverse("profile:recovery_codes")).content.decode()
    assert not set(codes) & set(re.findall(r"<code>([a-z2-7]{8})</code>", again))  # shown once
    assert "Bạn còn 10 mã dự phòng" in again
    record = ChangeRecord.objects.get(action=ChangeKind.SECOND_FACTOR_ON)
    assert record.actor.username == "lanhdao2"
    assert record.after == {"second_factor": True, "recovery_codes": 10}


def test_the_code_is_asked_after_the_password(make_user) -> None:
    device = give_app(make_user(Role.TRACKER, username="vanphong2"))
    client = Client()
    assert _password(client, "vanphong2", next_url="/nhiem-vu/") == reverse("signin_code")
    assert not _signed_in(client)
    assert client.get(reverse("tasks:list"))["Location"].startswith(reverse("login"))
    done = client.post(reverse("signin_code"), {"code": next_code(device)})
    assert done["Location"] == "/nhiem-vu/" and _signed_in(client)
    assert client.get(reverse("tasks:list")).status_code == 200


def test_a_used_code_does_not_sign_in_again(make_user) -> None:
    device = give_app(make_user(Role.TRACKER, username="vanphong3"))
    code = next_code(device)
    first, second = Client(), Client()
    _password(first, "vanphong3")
    first.post(reverse("signin_code"), {"code": code})
    _password(second, "vanphong3")
    replay = second.post(reverse("signin_code"), {"code": code}).content.decode()
    assert "Mã không đúng hoặc đã được dùng" in replay and not _signed_in(second)


def test_a_wrong_code_makes_the_next_try_wait(make_user) -> None:
    device = give_app(make_user(Role.TRACKER, username="vanphong4"))
    client = Client()
    _password(client, "vanphong4")
    wrong = client.post(reverse("signin_code"), {"code": "000000"}).content.decode()
    assert "Mã không đúng" in wrong
    right_too_soon = client.post(reverse("signin_code"), {"code": next_code(device)})
    assert "Đã nhập sai mã nhiều lần: hãy đợi đến" in right_too_soon.content.decode()
    assert not _signed_in(client)
    device.refresh_from_db()
    assert device.last_t == -1  # the right code was not taken: it still works after the wait


def test_recovery_codes_sign_in_once_each(make_user) -> None:
    person = make_user(Role.LEADER, username="lanhdao3")
    give_app(person)
    codes = second_factor.recovery_codes_renew(user=person, current_password=TEST_PASSWORD)
    client = Client()
    _password(client, "lanhdao3")
    done = client.post(reverse("signin_code"), {"code": codes[0].upper()}, follow=True)
    assert _signed_in(client)
    assert "Bạn vừa dùng một mã dự phòng; còn 9 mã." in done.content.decode()
    other = Client()
    _password(other, "lanhdao3")
    reused = other.post(reverse("signin_code"), {"code": codes[0]}).content.decode()
    assert "Mã không đúng hoặc đã được dùng" in reused and not _signed_in(other)


def test_wrong_codes_lock_the_account_like_wrong_passwords(make_user) -> None:
    give_app(make_user(Role.TRACKER, username="vanphong5"))
    client = Client()
    # a wrong password, then the right one: the count goes on until the code is right
    Client().post(reverse("login"), {"username": "vanphong5", "password": "sai-mat-khau"})
    _password(client, "vanphong5")
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        answer = client.post(reverse("signin_code"), {"code": "000000"})
        assert answer.status_code == 200
    locked = client.post(reverse("signin_code"), {"code": "111111"})
    assert locked.status_code == 429 and "tạm khóa" in locked.content.decode()
    assert not _signed_in(client)
    assert client.get(reverse("signin_code"))["Location"] == reverse("login")  # begin again
    again = Client().post(reverse("login"), {"username": "vanphong5", "password": TEST_PASSWORD})
    assert again.status_code == 429


def test_the_step_after_the_password_expires(make_user) -> None:
    device = give_app(make_user(Role.TRACKER, username="vanphong6"))
    client = Client()
    _password(client, "vanphong6")
    session = client.session
    session["theodoi_sign_in"]["at"] -= 11 * 60
    session.save()
    late = client.post(reverse("signin_code"), {"code": next_code(device)})
    assert late["Location"] == reverse("login") and not _signed_in(client)


def test_staff_may_turn_it_on_and_off_leaders_may_not_turn_it_off(make_user) -> None:
    staff = make_user(Role.UNIT_STAFF, username="cntt.cv2")
    client = Client()
    assert _password(client, "cntt.cv2") == reverse("home")  # optional: off to begin with
    key = _secret_on(client.get(reverse("profile:enrol")).content.decode())
    form = with_token(staff, {"current_password": "sai", "code": code_at(key, _now_step())})
    refused = client.post(reverse("profile:enrol"), form)
    assert "Mật khẩu hiện tại không đúng." in refused.content.decode()
    turned_on = client.post(reverse("profile:enrol"), form | {"current_password": TEST_PASSWORD})
    assert turned_on["Location"] == reverse("profile:recovery_codes")
    assert _password(Client(), "cntt.cv2") == reverse("signin_code")  # now asked for

    off = client.post(reverse("profile:turn_off"), {"current_password": TEST_PASSWORD})
    assert off["Location"] == reverse("profile:home")
    assert _password(Client(), "cntt.cv2") == reverse("home")
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert ChangeRecord.objects.get(action=ChangeKind.SECOND_FACTOR_OFF).actor == staff

    leader = make_user(Role.LEADER)
    give_app(leader)
    with pytest.raises(ValidationFailed) as refused_off:
        second_factor.second_factor_turn_off(user=leader, current_password=TEST_PASSWORD)
    assert refused_off.value.code == Code.NOT_PERMITTED
    assert second_factor.has_app(leader)


def test_a_new_phone_replaces_the_old_one_only_once_confirmed(make_user) -> None:
    person = make_user(Role.LEADER, username="lanhdao4")
    old = give_app(person)
    client = Client()
    client.force_login(person)
    new_key = _secret_on(client.get(reverse("profile:enrol")).content.decode())
    assert _password(Client(), "lanhdao4") == reverse("signin_code")
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()  # still the one
    client.post(
        reverse("profile:enrol"),
        with_token(
            person, {"current_password": TEST_PASSWORD, "code": code_at(new_key, _now_step())}
        ),
    )
    assert list(TOTPDevice.objects.filter(user=person).values_list("key", flat=True)) == [new_key]


def test_an_administrator_resets_a_lost_second_factor(make_user, admin_user) -> None:
    leader = make_user(Role.LEADER, username="lanhdao5", full_name="Nguyễn Thị Lan")
    give_app(leader)
    client = Client()
    client.force_login(admin_user)
    listing = client.get(reverse("accounts:list")).content.decode()
    assert "Đã bật" in listing
    assert reverse("accounts:second_factor", args=[leader.pk]) in listing
    url = reverse("accounts:second_factor", args=[leader.pk])
    assert "Hãy ghi lý do" in client.post(url, {"reason": " "}).content.decode()
    done = client.post(url, {"reason": "Mất điện thoại ngày 02/12"})
    assert done["Location"] == reverse("accounts:list")
    record = ChangeRecord.objects.get(action=ChangeKind.SECOND_FACTOR_OFF)
    assert record.actor == admin_user and record.reason == "Mất điện thoại ngày 02/12"
    assert record.object_id == str(leader.pk) and record.after["second_factor"] is False
    assert _password(Client(), "lanhdao5") == reverse("signin_enrol")  # set up anew
    listing = client.get(reverse("accounts:list")).content.decode()
    assert "Chưa bật (bắt buộc: cài khi đăng nhập)" in listing


def test_the_secret_is_never_in_the_change_log(make_user) -> None:
    person = make_user(Role.LEADER)
    device = give_app(person)
    codes = second_factor.recovery_codes_renew(user=person, current_password=TEST_PASSWORD)
    logged = str(list(ChangeRecord.objects.values("before", "after", "reason")))
    assert ChangeRecord.objects.filter(action=ChangeKind.RECOVERY_CODES).count() == 1
    assert device.key not in logged
    assert not any(code in logged for code in codes)


def test_the_command_line_resets_when_no_administrator_can(make_user) -> None:
    admin = make_user(Role.ADMIN, username="quantri2")
    give_app(admin)
    out = StringIO()
    call_command("reset_second_factor", "quantri2", "--reason", "Mất điện thoại", stdout=out)
    assert "Đã gỡ xác thực hai bước của quantri2" in out.getvalue()
    record = ChangeRecord.objects.get(action=ChangeKind.SECOND_FACTOR_OFF)
    assert record.actor is None and record.actor_label == "hệ thống"
    assert _password(Client(), "quantri2") == reverse("signin_enrol")
    with pytest.raises(CommandError, match="chưa bật xác thực hai bước"):
        call_command("reset_second_factor", "quantri2", "--reason", "Lần nữa")
