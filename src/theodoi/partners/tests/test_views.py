"""The Office's page: the year's duties with their state, the preview of generating a year and
its confirmation (once, however often the form is sent), bad years refused in words."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.conftest import with_token
from theodoi.organisation.models import Unit
from theodoi.partners.generation import generate
from theodoi.partners.models import Agreement, Obligation
from theodoi.tasks.models import State, Task

pytestmark = pytest.mark.django_db


def words(response) -> str:
    body = response.content.decode()
    body = body[body.index("<main") :] if "<main" in body else body
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.fixture
def office(make_user, agreement: Agreement) -> Client:
    client = Client()
    client.force_login(make_user(Role.TRACKER))
    return client


def test_the_office_previews_then_generates_a_year_once(office: Client) -> None:
    url = reverse("partners:generate")
    preview = office.get(url, {"nam": "2027"})
    text = words(preview)
    assert "Sẽ tạo 274 nhiệm vụ; 0 nhiệm vụ đã có, không tạo lại." in text
    assert "30/11/2027 Điều 7.1 Xây dựng kế hoạch kiểm tra liên ngành năm 2028" in text
    assert "Tham dự tổng kết" in text and "34 tỉnh 34 0" in text  # the partner hosts in 2027
    assert not Task.objects.exists()  # a preview writes nothing

    form = with_token(office, {"nam": "2027"})
    sent = office.post(url, form)
    assert sent.status_code == 302 and sent["Location"] == reverse("partners:home") + "?nam=2027"
    assert Obligation.objects.filter(year=2027).count() == Task.objects.count() == 274
    page = office.get(sent["Location"])
    assert "Năm 2027: đã tạo 274 nhiệm vụ; 0 nhiệm vụ đã có từ trước" in words(page)

    again = office.post(url, form)  # the same form sent twice: nothing more
    assert again.status_code == 302 and Task.objects.count() == 274
    text = words(office.get(url, {"nam": "2027"}))
    assert "Sẽ tạo 0 nhiệm vụ; 274 nhiệm vụ đã có" in text
    assert "Mọi nhiệm vụ của năm 2027 đã được tạo." in text


def test_the_years_page_shows_each_duty_and_the_provinces_summed_up(office, agreement) -> None:
    generate(actor=None, agreement=agreement, year=2025)
    q3 = Obligation.objects.filter(duty__code="trao-doi-thong-tin-tinh", period="2025-Q3")
    assert q3.count() == 34
    done = [o.task_id for o in q3.order_by("unit__code")[:20]]
    Task.objects.filter(pk__in=done).update(
        state=State.DONE, agency_done_on="2025-09-29", unit_done_on="2025-09-26"
    )
    page = office.get(reverse("partners:home"), {"nam": "2025"})
    text = words(page)
    assert "Phối hợp với Tổng LĐLĐ Việt Nam năm 2025" in text
    assert "34 tỉnh: 20 xong, 14 đang làm (14 quá hạn)" in text  # past its 30/09/2025
    assert "63 tỉnh: 0 xong, 63 đang làm (63 quá hạn)" in text  # the first half: 63 provinces
    assert "BHXH Việt Nam chủ trì" not in text and "Tổng LĐLĐ Việt Nam chủ trì" in text  # odd
    assert "Điều 11: Cung cấp, trao đổi thông tin" in text
    drill = reverse("partners:occurrence", args=[2025, "trao-doi-thong-tin-tinh", "2025-Q3"])
    assert f'href="{drill}"' in page.content.decode()
    lines = words(office.get(drill))
    assert lines.count("Đã hoàn thành đúng hạn") == 20
    assert lines.count("Chưa hoàn thành, quá hạn") == 14


def test_the_years_page_takes_the_same_queries_for_more_provinces(office, agreement) -> None:
    generate(actor=None, agreement=agreement, year=2025)  # 390 tasks, 63 provinces at first
    generate(actor=None, agreement=agreement, year=2026)  # 274 tasks
    office.get(reverse("partners:home"))  # the session renewed once, not in the counts
    counts = []
    for year in ("2025", "2026"):
        with CaptureQueriesContext(connection) as queries:
            assert office.get(reverse("partners:home"), {"nam": year}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "Năm «abc» không hợp lệ"),
        ("1800", "Năm «1800» không hợp lệ"),
        ("2014", "Năm 2014 nằm ngoài thời gian hiệu lực của quy chế phối hợp"),
    ],
)
def test_a_bad_year_reads_in_words_and_offers_nothing_to_generate(office, year, message) -> None:
    preview = office.get(reverse("partners:generate"), {"nam": year})
    assert message in words(preview) and "<form" not in preview.content.decode().split("<main")[1]
    sent = office.post(reverse("partners:generate"), with_token(office, {"nam": year}))
    assert sent.status_code == 200 and message in words(sent)
    assert not Task.objects.exists()
    page = office.get(reverse("partners:home"), {"nam": year})
    assert message in words(page)


def test_a_leader_reads_the_page_without_the_generate_button(make_user, agreement) -> None:
    client = Client()
    client.force_login(make_user(Role.LEADER))
    text = words(client.get(reverse("partners:home")))
    assert "Phối hợp với Tổng LĐLĐ Việt Nam" in text and "Tạo nhiệm vụ năm" not in text
    assert client.get(reverse("partners:generate"), {"nam": "2026"}).status_code == 403


def test_a_duty_whose_lead_unit_is_gone_is_named_on_the_preview(office, agreement) -> None:
    Unit.objects.filter(code="KT").update(valid_to="2026-06-30")  # no successor recorded
    preview = office.get(reverse("partners:generate"), {"nam": "2026"})
    assert "Đơn vị chủ trì «KT» của nhiệm vụ Điều 7.1 không còn hoạt động ngày 30/11/2026" in (
        words(preview)
    )
    sent = office.post(reverse("partners:generate"), with_token(office, {"nam": "2026"}))
    assert sent.status_code == 200 and "«KT»" in words(sent)
    assert not Task.objects.exists()
