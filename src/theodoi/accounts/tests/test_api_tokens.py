"""API tokens on the pages: a person makes one on their profile page, sees it whole once, uses
it, revokes it; nobody reaches another's token; an administrator revokes anyone's, logged."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role, User
from theodoi.api.models import ApiToken
from theodoi.api.tests.conftest import api_client_for
from theodoi.api.tokens import token_create
from theodoi.audit.models import ChangeKind, ChangeRecord
from theodoi.conftest import with_token

ME = "/api/v1/me/"
SECRET = re.compile(r'value="(td_[A-Za-z0-9_-]{40,})"')
ONCE = "Đây là lần duy nhất toàn bộ khóa hiện ra"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(secret: str) -> int:
    return Client().get(ME, headers={"Authorization": f"Bearer {secret}"}).status_code


def test_a_person_makes_a_token_sees_it_once_uses_it_and_revokes_it(make_user) -> None:
    person = make_user(Role.TRACKER, username="vanthu", full_name="Lê Thị Văn")
    client = signed_in(person)
    profile = client.get(reverse("profile:home")).content.decode()
    assert "Khóa API" in profile and "Chưa có khóa API nào." in profile
    form = client.get(reverse("profile:token_create")).content.decode()
    assert 'name="form_token"' in form and 'value="90"' in form  # 90 days unless changed

    sent = client.post(
        reverse("profile:token_create"),
        with_token(client, {"name": "Văn thư điện tử", "days": "30"}),
    )
    token = ApiToken.objects.get(user=person)
    assert sent.status_code == 302 and sent["Location"] == reverse("profile:token", args=[token.pk])
    shown = client.get(sent["Location"]).content.decode()
    assert ONCE in shown
    secret = SECRET.search(shown).group(1)
    assert secret.startswith(token.prefix)
    assert bearer(secret) == 200
    assert secret not in str(dict(client.session))  # taken out of the session as shown

    again = client.get(sent["Location"]).content.decode()
    assert secret not in again and ONCE not in again
    assert "không xem lại được" in again
    profile = client.get(reverse("profile:home")).content.decode()
    assert secret not in profile
    assert "Văn thư điện tử" in profile and f"{token.prefix}…" in profile
    assert "Dùng được đến hết" in profile and "Chưa dùng" not in profile  # used just now

    revoke = reverse("profile:token_revoke", args=[token.pk])
    confirm = client.get(revoke).content.decode()
    assert "Thu hồi khóa API «Văn thư điện tử»" in confirm and 'method="post"' in confirm
    assert bearer(secret) == 200  # asking is not revoking
    done = client.post(revoke)
    assert done.status_code == 302 and done["Location"] == reverse("profile:home")
    assert bearer(secret) == 401
    profile = client.get(reverse("profile:home")).content.decode()
    assert "Đã thu hồi khóa «Văn thư điện tử»" in profile
    assert re.search(r"Đã thu hồi \d\d/\d\d/20\d\d \d\d:\d\d", profile)
    record = ChangeRecord.objects.get(action=ChangeKind.TOKEN_REVOKE)
    assert record.actor == person


def test_a_token_not_shown_by_the_next_page_is_never_shown(make_user) -> None:
    person = make_user(Role.UNIT_STAFF)
    client = signed_in(person)
    sent = client.post(
        reverse("profile:token_create"), with_token(client, {"name": "Kịch bản", "days": "7"})
    )
    client.get(reverse("profile:home"))  # the person went elsewhere first
    assert not SECRET.search(client.get(sent["Location"]).content.decode())


def test_the_same_form_sent_twice_shows_the_token_once(make_user) -> None:
    person = make_user(Role.UNIT_STAFF)
    client = signed_in(person)
    data = with_token(client, {"name": "Kịch bản", "days": "7"})
    first = client.post(reverse("profile:token_create"), data)
    assert SECRET.search(client.get(first["Location"]).content.decode())
    second = client.post(reverse("profile:token_create"), data)
    assert second["Location"] == first["Location"]
    assert not SECRET.search(client.get(second["Location"]).content.decode())
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "days", "message"),
    [
        ("", "30", "Hãy đặt tên cho khóa"),
        ("Kịch bản", "0", "Thời hạn của khóa phải là số ngày từ 1 đến 366."),
        ("Kịch bản", "367", "Thời hạn của khóa phải là số ngày từ 1 đến 366."),
        ("Kịch bản", "ba mươi", "Thời hạn của khóa phải là số ngày từ 1 đến 366."),
        ("Đang dùng", "30", "Tài khoản đã có một khóa đang dùng tên «Đang dùng»"),
    ],
)
def test_a_refused_token_says_why_and_makes_nothing(make_user, name, days, message) -> None:
    person = make_user(Role.UNIT_STAFF)
    token_create(actor=person, user=person, name="Đang dùng")
    client = signed_in(person)
    data = with_token(client, {"name": name, "days": days})
    response = client.post(reverse("profile:token_create"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_nobody_reaches_another_persons_token(make_user) -> None:
    owner = make_user(Role.UNIT_STAFF, username="chu")
    other = make_user(Role.UNIT_HEAD, username="khac")
    api = api_client_for(owner, name="Của chủ")
    token = ApiToken.objects.get()
    client = signed_in(other)
    assert client.get(reverse("profile:token", args=[token.pk])).status_code == 404
    assert client.get(reverse("profile:token_revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("profile:token_revoke", args=[token.pk])).status_code == 404
    assert api.get(ME).status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Của chủ" not in client.get(reverse("profile:home")).content.decode()


def test_an_administrator_revokes_anyones_token_and_it_is_logged(make_user) -> None:
    owner = make_user(Role.UNIT_STAFF, username="chu", full_name="Phạm Văn Chủ")
    admin = make_user(Role.ADMIN, username="quantri", full_name="Trần Thị Quản")
    api = api_client_for(owner, name="Công cụ tỉnh")
    token = ApiToken.objects.get()
    client = signed_in(admin)
    listing = client.get(reverse("accounts:list")).content.decode()
    page_url = reverse("accounts:tokens", args=[owner.pk])
    assert page_url in listing
    page = client.get(page_url).content.decode()
    assert "Công cụ tỉnh" in page and f"{token.prefix}…" in page
    assert api.secret not in page and "Tạo khóa" not in page  # no secret, no making
    revoke = reverse("accounts:token_revoke", args=[owner.pk, token.pk])
    assert revoke in page
    assert "Khóa của Phạm Văn Chủ" in client.get(revoke).content.decode()
    done = client.post(revoke)
    assert done.status_code == 302 and done["Location"] == page_url
    assert api.get(ME).status_code == 401
    page = client.get(page_url).content.decode()
    assert "người thu hồi: Trần Thị Quản" in page and revoke not in page
    record = ChangeRecord.objects.get(action=ChangeKind.TOKEN_REVOKE)
    assert record.actor == admin and record.object_id == str(token.pk)
    own = signed_in(owner).get(reverse("profile:home")).content.decode()
    assert "người thu hồi: Trần Thị Quản" in own  # the owner sees who revoked it


def test_a_token_revoked_twice_says_so(make_user) -> None:
    person = make_user(Role.UNIT_STAFF)
    token_create(actor=person, user=person, name="Kịch bản")
    token = ApiToken.objects.get()
    client = signed_in(person)
    url = reverse("profile:token_revoke", args=[token.pk])
    client.post(url)
    again = client.post(url, follow=True).content.decode()
    assert "Khóa «Kịch bản» đã bị thu hồi lúc" in again
    assert ChangeRecord.objects.filter(action=ChangeKind.TOKEN_REVOKE).count() == 1


def test_an_administrators_token_page_of_someone_unknown_is_404(make_user) -> None:
    admin = make_user(Role.ADMIN)
    owner = make_user(Role.UNIT_STAFF)
    token_create(actor=owner, user=owner, name="Kịch bản")
    token = ApiToken.objects.get()
    client = signed_in(admin)
    assert client.get(reverse("accounts:tokens", args=[999999])).status_code == 404
    wrong = reverse("accounts:token_revoke", args=[admin.pk, token.pk])  # not admin's token
    assert client.post(wrong).status_code == 404
