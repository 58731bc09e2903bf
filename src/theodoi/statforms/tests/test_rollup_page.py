"""The national roll-up's page (statforms:rollup): the units' rows and the sums, the units
missing, the change against the period before, the latest version counting, who may see it,
and a number of queries that does not grow with the units."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.core.periods import parse_period
from theodoi.reports.services import report_accept, report_return
from theodoi.statforms.rollup_table import table
from theodoi.statforms.tests.filled import central_values, province_values
from theodoi.statforms.tests.rollup_world import request_of, send

pytestmark = pytest.mark.django_db
URL = reverse("statforms:rollup", args=["tthc", "2026-Q2"])


def _head(forms, unit: str):
    return UserFactory.create(
        username=f"{unit.lower()}.gd", roles=[Role.UNIT_HEAD], unit=forms.units[unit]
    )


@pytest.fixture
def sent(forms):
    """Q1: Hà Nội alone; Q2: Hà Nội, Hải Phòng, Huế (late) and Trung tâm CNTT."""
    send(
        forms.hanoi, "HANOI", "2026-Q1", province_values(**{"5_1": 1000, "5_2": 700}), "2026-03-10"
    )
    send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-10")
    haiphong = province_values(**{"5_1": 1300, "5_2": 1000, "6_2_total": 1300, "4a_processed": 20})
    send(forms.haiphong, "HAIPHONG", "2026-Q2", haiphong, "2026-06-12")
    send(_head(forms, "HUE"), "HUE", "2026-Q2", province_values(), "2026-06-25")
    send(forms.cntt, "CNTT", "2026-Q2", central_values(), "2026-06-11")
    return forms


def test_the_roll_up_adds_up_the_units_and_names_those_missing(sent, client) -> None:
    data = table("tthc", parse_period("2026-Q2"))
    assert data is not None
    assert data.sums["5.1"] == 1200 + 1300 + 1200  # provinces only: CNTT has no section 5
    assert data.sums["5.2"] == 900 + 1000 + 900
    assert data.sums["4a.total"] == 30 * 4 and data.sums["4a.processed"] == 26 * 3 + 20
    assert data.sums["6.2.g1.received"] is None  # nobody filled it
    assert data.rollup.submitted == 4 and data.rollup.expected > 30
    client.force_login(sent.office)
    page = client.get(URL).content.decode()
    assert "3.700" in page and "2.800" in page  # the totals, with Vietnamese separators
    assert f"4/{data.rollup.expected} đơn vị đã nộp" in page
    lines = {line.code: line for line in data.lines}
    assert lines["HUE"].timeliness == "Nộp muộn" and lines["HUE"].late
    assert lines["HANOI"].state == "Đã nộp lần 1" and not lines["HANOI"].late
    assert lines["DANANG"].missing and "BHXH Đà Nẵng" in data.missing_names
    assert 'class="missing" data-unit="DANANG"' in page
    provinces = [line.province for line in data.lines]
    assert provinces == sorted(provinces, reverse=True)  # provinces first, then central units
    version = lines["HAIPHONG"].submission_id
    assert reverse("statforms:version", args=[version]) in page


def test_the_change_against_the_period_before(sent, client) -> None:
    data = table("tthc", parse_period("2026-Q2"))
    assert data is not None and data.rollup.previous is not None
    changes = dict(zip(data.layout.grid, data.grid_changes, strict=True))
    assert changes["5.1"].text == "+2.700 (+270%)"  # 3.700 against Hà Nội's 1.000 of Q1
    assert changes["5.6"].text == "+80 (+200%)"
    client.force_login(sent.office)
    page = client.get(URL).content.decode()
    assert "Quý I/2026" in page and "+2.700 (+270%)" in page
    first = client.get(reverse("statforms:rollup", args=["tthc", "2026-Q1"])).content.decode()
    assert "không có số liệu để so sánh" in first  # 2025's year has no round


def test_the_sums_follow_the_latest_version(sent) -> None:
    request = request_of("HAIPHONG", "2026-Q2")
    report_return(
        actor=sent.office, request=request, expected_version=request.version, comment="Sai"
    )
    before = table("tthc", parse_period("2026-Q2"))
    assert before is not None
    assert {x.code: x.state for x in before.lines}["HAIPHONG"] == "Bị trả lại (lần 1)"
    fixed = province_values(**{"5_1": 1250, "5_2": 950, "6_2_total": 1250, "4a_processed": 20})
    send(sent.haiphong, "HAIPHONG", "2026-Q2", fixed, "2026-06-15")
    request.refresh_from_db()
    report_accept(actor=sent.office, request=request, expected_version=request.version)
    data = table("tthc", parse_period("2026-Q2"))
    assert data is not None
    assert data.sums["5.1"] == 1200 + 1250 + 1200
    line = {x.code: x for x in data.lines}["HAIPHONG"]
    assert line.state == "Đã tiếp nhận (lần 2)" and line.timeliness == "Nộp đúng hạn"


def test_who_may_see_the_roll_up(sent, client) -> None:
    leader = UserFactory.create(username="lanhdao", roles=[Role.LEADER], unit=sent.units["LD"])
    for who, status in ((sent.office, 200), (leader, 200), (sent.hanoi, 404), (sent.cntt, 404)):
        client.force_login(who)
        assert client.get(URL).status_code == status, who
        index = client.get(reverse("statforms:rollups"))
        assert index.status_code == status, who
        for name in ("statforms:rollup_xlsx", "statforms:rollup_word"):
            assert client.get(reverse(name, args=["tthc", "2026-Q2"])).status_code == status
    client.force_login(sent.office)
    assert client.get(reverse("statforms:rollup", args=["tthc", "2026-Q4"])).status_code == 404
    assert client.get(reverse("statforms:rollup", args=["tthc", "2027-Q1"])).status_code == 404
    assert client.get(reverse("statforms:rollup", args=["khac", "2026-Q2"])).status_code == 404
    assert client.get(reverse("statforms:rollup", args=["tthc", "quy-2"])).status_code == 404


def test_the_index_lists_the_periods_with_their_counts(sent, client) -> None:
    client.force_login(sent.office)
    page = client.get(reverse("statforms:rollups")).content.decode()
    expected = table("tthc", parse_period("2026-Q2")).rollup.expected
    assert f"4/{expected} đơn vị đã nộp" in page and f"1/{expected} đơn vị đã nộp" in page
    assert "15/03/2026 – 14/06/2026" in page and "18/06/2026" in page
    assert URL in page and "Chưa mở đợt báo cáo" in page  # Q3 has no round


def test_the_page_reads_the_same_number_of_queries_whatever_the_units(sent, client) -> None:
    client.force_login(sent.office)
    client.get(URL)  # the definition installed and cached
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    send(_head(sent, "DANANG"), "DANANG", "2026-Q2", province_values(), "2026-06-11")
    send(_head(sent, "CANTHO"), "CANTHO", "2026-Q2", province_values(), "2026-06-11")
    with CaptureQueriesContext(connection) as more:
        assert client.get(URL).status_code == 200
    assert len(more) == len(few) <= 20


def test_the_office_finds_the_roll_up_from_the_reports_pages(sent, client) -> None:
    report_round = request_of("HANOI", "2026-Q2").round
    client.force_login(sent.office)
    assert URL in client.get(reverse("reports:round", args=[report_round.pk])).content.decode()
    assert URL in client.get(reverse("reports:rounds")).content.decode()
    client.force_login(sent.hanoi)  # reads the round's page for its own report only
    assert URL not in client.get(reverse("reports:round", args=[report_round.pk])).content.decode()
