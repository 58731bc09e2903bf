"""A person's own account: the profile page and changing their password."""

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token

NEW = "Bao-hiem-xa-hoi-2026"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_profile_is_one_click_from_every_page(make_user) -> None:
    person = make_user(Role.UNIT_STAFF, full_name="Đỗ Thu Hà", position="Chuyên viên")
    client = _signed_in(person)
    assert reverse("profile:home") in client.get(reverse("home")).content.decode()
    page = client.get(reverse("profile:home")).content.decode()
    assert "Đỗ Thu Hà" in page and "Chuyên viên đơn vị" in page
    assert reverse("profile:password") in page


def test_a_person_changes_their_own_password_and_stays_signed_in(make_user) -> None:
    person = make_user(Role.UNIT_STAFF, full_name="Đỗ Thu Hà")
    client = _signed_in(person)
    url = reverse("profile:password")
    form = {"current_password": TEST_PASSWORD, "password": NEW, "password_again": NEW}
    response = client.post(url, form)
    assert response.status_code == 302 and response["Location"] == reverse("profile:home")
    assert client.get(reverse("tasks:mine")).status_code == 200  # this session goes on
    person.refresh_from_db()
    assert person.check_password(NEW)
    record = ChangeRecord.objects.get(object_id=str(person.pk), action=ChangeKind.SET_PASSWORD)
    assert record.actor == person and record.reason == "Tự đổi mật khẩu"
    other = Client()  # and the new password is the one that signs in
    signed = other.post(reverse("login"), {"username": person.username, "password": NEW})
    assert signed.status_code == 302


def test_a_password_change_is_refused_naming_what_is_wrong(make_user) -> None:
    person = make_user(Role.UNIT_STAFF, full_name="Đỗ Thu Hà")
    client = _signed_in(person)
    url = reverse("profile:password")
    cases = [
        ({"current_password": "sai-mat-khau", "password": NEW, "password_again": NEW},
         "Mật khẩu hiện tại không đúng."),
        ({"current_password": TEST_PASSWORD, "password": NEW, "password_again": NEW + "x"},
         "Hai lần nhập mật khẩu mới không giống nhau."),
        ({"current_password": TEST_PASSWORD, "password": "Do-Thu-Ha-2026",
          "password_again": "Do-Thu-Ha-2026"},
         "Mật khẩu không được chứa họ và tên của bạn («Đỗ Thu Hà»)."),
    ]  # fmt: skip
    for form, message in cases:
        response = client.post(url, form)
        assert response.status_code == 200
        assert message in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)
    assert not ChangeRecord.objects.filter(action=ChangeKind.SET_PASSWORD).exists()


def test_guessing_the_current_password_locks_the_account(make_user) -> None:
    """An open session guesses the password no more often than the sign-in page allows."""
    person = make_user(Role.UNIT_STAFF, full_name="Đỗ Thu Hà")
    client, elsewhere = _signed_in(person), _signed_in(person)
    url = reverse("profile:password")
    wrong = {"current_password": "sai-mat-khau-1", "password": NEW, "password_again": NEW}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        refused = client.post(url, wrong)
        assert refused.status_code == 200
        assert "Mật khẩu hiện tại không đúng." in refused.content.decode()
    locked = client.post(url, wrong)
    assert locked.status_code == 429 and "Tài khoản bị tạm khóa" in locked.content.decode()
    assert client.get(reverse("profile:home")).status_code == 302  # signed out

    right = {"username": person.username, "password": TEST_PASSWORD}
    assert Client().post(reverse("login"), right).status_code == 429  # sign-in refused
    form = {"current_password": TEST_PASSWORD, "password": NEW, "password_again": NEW}
    assert elsewhere.post(url, form).status_code == 429  # nor can another open session
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)
    kept = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "sai-mat-khau" not in kept and NEW not in kept  # axes keeps no password typed


def test_wrong_passwords_count_on_every_page_that_asks_for_it(make_user) -> None:
    """The pages for new recovery codes and the second factor count too, although they undo
    everything a refused form wrote (core/once.py)."""
    person = make_user(Role.UNIT_STAFF, full_name="Đỗ Thu Hà")
    client = _signed_in(person)
    wrong = {"current_password": "sai-mat-khau-2"}
    pages = [
        (reverse("profile:recovery_codes"), lambda: with_token(client, wrong)),
        (reverse("profile:enrol"), lambda: with_token(client, {**wrong, "code": "1"})),
        (reverse("profile:turn_off"), lambda: wrong),
    ]
    answers = [
        client.post(url, form()).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
        for url, form in [pages[n % len(pages)]]
    ]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    right = {"username": person.username, "password": TEST_PASSWORD}
    assert Client().post(reverse("login"), right).status_code == 429
