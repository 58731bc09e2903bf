"""The unit tree and a unit's history, as pages."""

import pytest
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.conftest import with_token
from theodoi.organisation.models import Unit


@pytest.fixture
def client_of(make_user):
    def client_for(role: str) -> Client:
        client = Client()
        client.force_login(make_user(role))
        return client

    return client_for


def test_tree_today_shows_34_provinces_with_their_predecessors(sample_units, client_of) -> None:
    page = client_of(Role.UNIT_STAFF).get(reverse("organisation:tree"), {"ngay": "01/08/2025"})
    html = page.content.decode()
    assert html.count('<span class="badge">BHXH tỉnh, thành phố</span>') == 34
    assert 'data-unit="HAIDUONG"' not in html
    assert "tiền thân: BHXH Hải Dương (đến 30/06/2025)" in html


def test_tree_as_of_an_earlier_date_shows_the_63_provinces(sample_units, client_of) -> None:
    page = client_of(Role.UNIT_STAFF).get(reverse("organisation:tree"), {"ngay": "30/06/2025"})
    html = page.content.decode()
    assert html.count('<span class="badge">BHXH tỉnh, thành phố</span>') == 63
    assert 'data-unit="HAIDUONG"' in html
    assert "từ 01/07/2025 thuộc: BHXH Hải Phòng" in html


def test_tree_uses_a_fixed_number_of_queries(
    sample_units, client_of, django_assert_max_num_queries
) -> None:
    client = client_of(Role.LEADER)
    # the tree, its names on the date, the session and user, and the bell's unread count
    with django_assert_max_num_queries(11):
        client.get(reverse("organisation:tree"), {"ngay": "30/06/2025"})


def test_htmx_request_gets_only_the_tree(sample_units, client_of) -> None:
    page = client_of(Role.LEADER).get(
        reverse("organisation:tree"), {"ngay": "01/01/2020"}, headers={"HX-Request": "true"}
    )
    html = page.content.decode()
    assert "<html" not in html
    assert 'data-unit="THU"' in html and 'data-unit="TST"' not in html


def test_bad_date_is_explained_and_today_shown(sample_units, client_of) -> None:
    page = client_of(Role.LEADER).get(reverse("organisation:tree"), {"ngay": "31/02/2025"})
    assert page.status_code == 200
    assert "Ngày không hợp lệ" in page.content.decode()


def test_unit_history_page(sample_units, client_of) -> None:
    unit = sample_units["HAIPHONG"]
    html = client_of(Role.UNIT_HEAD).get(reverse("organisation:detail", args=[unit.pk]))
    html = html.content.decode()
    assert "tiếp nhận" in html and "Bảo hiểm xã hội tỉnh Hải Dương" in html
    assert "Nhật ký thay đổi" not in html  # only administrators and auditors see the log
    admin_html = client_of(Role.ADMIN).get(reverse("organisation:detail", args=[unit.pk]))
    assert "Nhật ký thay đổi" in admin_html.content.decode()


def test_admin_edits_a_unit_and_the_change_is_logged(sample_units, client_of) -> None:
    client = client_of(Role.ADMIN)
    unit = sample_units["CSKH"]
    url = reverse("organisation:edit", args=[unit.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"short_name": "Trung tâm CSKH", "parent": unit.parent_id, "reason": "Chuẩn hóa"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert Unit.objects.get(pk=unit.pk).short_name == "Trung tâm CSKH"
    log = client.get(reverse("audit:list"), {"q": "CSKH"}).content.decode()
    assert "Chuẩn hóa" in log
    # the same form posted again is stale now
    stale = client.post(url, data | {"short_name": "CSKH 2"})
    assert "vừa được người khác sửa" in stale.content.decode()


def test_admin_form_names_a_bad_date(sample_units, client_of) -> None:
    client = client_of(Role.ADMIN)
    response = client.post(
        reverse("organisation:rename", args=[sample_units["PC"].pk]),
        with_token(client, {"name": "Ban mới", "effective_date": "32/01/2026", "reason": "x"}),
    )
    assert "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy." in response.content.decode()
    assert Unit.objects.get(code="PC").name == "Ban Pháp chế"
