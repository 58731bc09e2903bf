"""A round's page filtered by state and unit (the dashboard's numbers open it), its pager
that keeps the filter, and its XLSX export."""

import csv
import re
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from theodoi.core.tests.rendered import convert as libreoffice
from theodoi.monitoring.tests.test_dashboard_reports import panel, rounds
from theodoi.reports import views_round
from theodoi.reports.models import ReportRequest, ReportReview, ReportRound
from theodoi.reports.tests.timely_factories import local
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
__all__ = ["rounds"]  # the dashboard test's rounds on 25/06/2026, used as a fixture here
DASHBOARD = "/tong-quan/?ngay=25/06/2026"


def listed(html: str) -> list[str]:
    """The units in the round page's table, in order."""
    body = html.split('<table class="round-units cards">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td><a href="/bao-cao/yeu-cau/\d+/">([^<]+)</a></td>', body)


@pytest.mark.usefixtures("rounds")
@pytest.mark.parametrize("who", ["office", "head"])
def test_every_number_on_the_panel_opens_a_page_listing_that_many_units(
    world: World, who: str, django_assert_max_num_queries
) -> None:
    client = client_for(getattr(world, who))
    numbers = panel(client.get(DASHBOARD).content.decode())
    assert len(numbers) == 4
    for title, cells in numbers.items():
        for state, (count, url) in cells.items():
            with django_assert_max_num_queries(15):
                response = client.get(url)
            assert response.status_code == 200, (title, state, url)
            html = response.content.decode()
            assert title in html
            shown = listed(html) if count else []
            assert len(shown) == count, (title, state, url)
            assert f'<p class="found">{count} đơn vị;' in html
            assert 'aria-current="true">' in html


@pytest.mark.usefixtures("rounds")
def test_the_chips_the_unit_and_the_pager_keep_the_filter(world: World, monkeypatch) -> None:
    q2 = ReportRound.objects.get(period="2026-Q2", report_type__active=True)
    office = client_for(world.office)
    base = f"/bao-cao/dot/{q2.pk}/"
    everyone = office.get(base + "?ngay=25/06/2026").content.decode()
    name = {code: unit.short_name or unit.name for code, unit in world.units.items()}
    assert listed(everyone) == [name["CNTT"], name["CSXH"], name["TST"]]  # by unit code
    chip = re.search(r'href="([^"]+)">Nộp muộn <span class="count">1</span>', everyone)
    assert chip is not None
    late = office.get(chip.group(1).replace("&amp;", "&")).content.decode()
    assert listed(late) == [name["CNTT"]]
    tst = world.units["TST"].pk
    mine = office.get(f"{base}?ngay=25/06/2026&don_vi={tst}").content.decode()
    assert listed(mine) == [name["TST"]]
    assert f'<option value="{tst}" selected>' in mine
    monkeypatch.setattr(views_round, "PER_PAGE", 1)
    first = office.get(f"{base}?ngay=25/06/2026").content.decode()
    assert "Trang 1/3" in first
    assert 'href="?ngay=25%2F06%2F2026&amp;trang=2"' in first
    second = office.get(f"{base}?ngay=25/06/2026&trang=2").content.decode()
    assert listed(second) == [listed(everyone)[1]]
    pending = office.get(f"{base}?ngay=25/06/2026&tinh_trang=chua-nop&trang=1").content.decode()
    assert "Tình trạng không hợp lệ" not in pending and listed(pending) == [name["CSXH"]]
    wrong = office.get(f"{base}?tinh_trang=sai").content.decode()
    assert "Tình trạng không hợp lệ: hiện mọi tình trạng." in wrong


@pytest.mark.usefixtures("rounds")
def test_a_unit_head_sees_only_their_units_on_the_round_page(world: World) -> None:
    q2 = ReportRound.objects.get(period="2026-Q2", report_type__active=True)
    html = client_for(world.head).get(f"/bao-cao/dot/{q2.pk}/?ngay=25/06/2026")
    assert listed(html.content.decode()) == [world.units["TST"].short_name]
    assert "Nhắc" not in html.content.decode()
    assert client_for(world.head).get(f"/bao-cao/dot/{q2.pk}/xuat.xlsx").status_code == 200


@pytest.mark.usefixtures("rounds")
def test_the_export_lists_the_rounds_units_as_on_the_page(world: World, tmp_path: Path) -> None:
    q2 = ReportRound.objects.get(period="2026-Q2", report_type__active=True)
    cntt = ReportRequest.objects.get(round=q2, unit=world.units["CNTT"])
    first = cntt.submissions.get()
    ReportReview.objects.create(
        submission=first,
        decision="return",
        comment="=Bổ sung số liệu quý",
        reviewed_by=world.office,
    )
    cntt.submissions.create(number=2, submitted_at=local(date(2026, 6, 22)))
    office = client_for(world.office)
    page = office.get(f"/bao-cao/dot/{q2.pk}/?ngay=25/06/2026").content.decode()
    link = re.search(r'href="([^"]+)">Xuất Excel', page)
    assert link is not None
    response = office.get(link.group(1).replace("&amp;", "&"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == q2.title.upper()
    assert "tính đến ngày 25/06/2026" in sheet["A3"].value
    header = [c.value for c in sheet[5]]
    assert header[:3] == ["STT", "Đơn vị", "Trạng thái"]
    assert sheet.auto_filter.ref == "A5:G8"
    rows = {r[1]: r for r in sheet.iter_rows(min_row=6, values_only=True)}
    names = {str(world.units[c]) for c in ("CNTT", "CSXH", "TST")}
    assert set(rows) == names and [r[0] for r in rows.values()] == [1, 2, 3]
    late = next(r for r in rows.values() if r[4] == "Nộp muộn")
    assert late[3] == datetime(2026, 6, 19, 0, 1)
    assert (late[5], late[6]) == (2, "=Bổ sung số liệu quý")  # a comment stays text
    assert sheet.cell(row=6 + list(rows.values()).index(late), column=4).number_format == (
        "DD/MM/YYYY HH:MM"
    )
    missing = next(r for r in rows.values() if r[4] == "Quá hạn chưa nộp")
    assert (missing[3], missing[5], missing[6]) == (None, 0, None)
    on_time = next(r for r in rows.values() if r[4] == "Nộp đúng hạn")
    assert on_time[3] == datetime(2026, 6, 18, 23, 59)
    only_late = office.get(f"/bao-cao/dot/{q2.pk}/xuat.xlsx?ngay=25/06/2026&tinh_trang=muon")
    rows_late = list(load_workbook(BytesIO(only_late.content)).active.iter_rows(min_row=6))
    assert len(rows_late) == 1
    assert "Nộp muộn" in load_workbook(BytesIO(only_late.content)).active["A2"].value
    source = tmp_path / "dot.xlsx"
    source.write_bytes(response.content)
    shown = libreoffice(source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    printed = list(csv.reader(shown.read_text("utf-8").splitlines()))
    assert next(r[3:6] for r in printed[5:] if r[4] == "Nộp muộn") == [
        "19/06/2026 00:01",
        "Nộp muộn",
        "2",
    ]  # as LibreOffice shows the first submission
