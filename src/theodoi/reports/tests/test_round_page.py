"""A round's page filtered by state and unit (the dashboard's numbers open it), and its pager
that keeps the filter."""

import re

import pytest

from theodoi.monitoring.tests.test_dashboard_reports import panel, rounds
from theodoi.reports import views_round
from theodoi.reports.models import ReportRound
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
__all__ = ["rounds"]  # the dashboard test's rounds on 25/06/2026, used as a fixture here
DASHBOARD = "/tong-quan/?ngay=25/06/2026"


def listed(html: str) -> list[str]:
    """The units in the round page's table, in order."""
    body = html.split('<table class="round-units">', 1)[1].split("</table>", 1)[0]
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
