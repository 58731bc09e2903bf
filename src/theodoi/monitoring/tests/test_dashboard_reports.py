"""The dashboard's "Báo cáo định kỳ": this and the last period's rounds of each active report
type, with on time / late / missing / not yet due for the Office and for a unit head."""

import re
from datetime import date

import pytest

from theodoi.reports.models import Frequency
from theodoi.reports.tests.timely_factories import local, report_type, request_for, round_of
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(world: World) -> None:
    """On 25/06/2026: Q2 due 18/06 and Q1 due 18/03 of a quarterly type; the monthly type's
    May round due 05/06 and June round due 05/07; a Q4/2025 round (too old) and a retired
    type's Q2 round (not shown)."""
    u, vp = world.units, world.units["VP"]
    quarterly = report_type(vp)
    q2 = round_of(vp, date(2026, 6, 18), kind=quarterly, period="2026-Q2")
    request_for(q2, u["TST"], local(date(2026, 6, 18), 23, 59))
    request_for(q2, u["CNTT"], local(date(2026, 6, 19), 0, 1))
    request_for(q2, u["CSXH"])
    q1 = round_of(vp, date(2026, 3, 18), kind=quarterly, period="2026-Q1")
    request_for(q1, u["TST"], local(date(2026, 3, 25)))
    request_for(q1, u["CNTT"], local(date(2026, 3, 2)))
    request_for(round_of(vp, date(2025, 12, 18), kind=quarterly, period="2025-Q4"), u["TST"])
    monthly = report_type(vp, code="bao-cao-thang", frequency=Frequency.MONTH)
    may = round_of(vp, date(2026, 6, 5), kind=monthly, period="2026-05")
    request_for(may, u["TST"], local(date(2026, 6, 5)))
    request_for(may, u["CNTT"])
    june = round_of(vp, date(2026, 7, 5), kind=monthly, period="2026-06")
    request_for(june, u["TST"])
    request_for(june, u["CNTT"], local(date(2026, 6, 24)))
    retired = report_type(vp, code="da-bo", active=False)
    request_for(round_of(vp, date(2026, 6, 18), kind=retired, period="2026-Q2"), u["TST"])


def panel(html: str) -> dict[str, dict[str, tuple[int, str]]]:
    """The panel's numbers: {round title: {state: (count, url)}}."""
    found: dict[str, dict[str, tuple[int, str]]] = {}
    for state, url, title, count in re.findall(
        r'<td class="r-(\w+)"><a href="([^"]+)" aria-label="([^:"]+): \d+ [^"]+">(\d+)</a>', html
    ):
        found.setdefault(title, {})[state] = (int(count), url.replace("&amp;", "&"))
    return found


def counts(html: str) -> dict[str, tuple[int, int, int, int]]:
    keys = ("on_time", "late", "missing", "not_due")
    return {title: tuple(c[k][0] for k in keys) for title, c in panel(html).items()}  # type: ignore[misc]


@pytest.mark.usefixtures("rounds")
def test_the_office_sees_every_units_reports_of_this_and_the_last_period(
    world: World,
) -> None:
    html = client_for(world.office).get("/tong-quan/?ngay=25/06/2026").content.decode()
    assert "Báo cáo định kỳ" in html
    # (on time, late, missing, not yet due)
    assert counts(html) == {
        "Báo cáo bao-cao-thang 2026-06": (1, 0, 0, 1),
        "Báo cáo bao-cao-quy 2026-Q2": (1, 1, 1, 0),
        "Báo cáo bao-cao-thang 2026-05": (1, 0, 1, 0),
        "Báo cáo bao-cao-quy 2026-Q1": (1, 1, 0, 0),
    }
    q2 = panel(html)["Báo cáo bao-cao-quy 2026-Q2"]
    url = r"/bao-cao/dot/\d+/\?tinh_trang=chua-nop&ngay=25%2F06%2F2026"
    assert re.fullmatch(url, q2["missing"][1])


@pytest.mark.usefixtures("rounds")
def test_a_unit_head_sees_only_their_units_reports(world: World) -> None:
    html = client_for(world.head).get("/tong-quan/?ngay=25/06/2026").content.decode()
    assert counts(html) == {
        "Báo cáo bao-cao-thang 2026-06": (0, 0, 0, 1),
        "Báo cáo bao-cao-quy 2026-Q2": (1, 0, 0, 0),
        "Báo cáo bao-cao-thang 2026-05": (1, 0, 0, 0),
        "Báo cáo bao-cao-quy 2026-Q1": (0, 1, 0, 0),
    }
    tst = world.units["TST"].pk
    q1 = panel(html)["Báo cáo bao-cao-quy 2026-Q1"]
    assert f"?tinh_trang=muon&don_vi={tst}&ngay=" in q1["late"][1]


def test_without_rounds_the_panel_says_so(world: World) -> None:
    html = client_for(world.office).get("/tong-quan/?ngay=25/06/2026").content.decode()
    assert "Chưa có đợt báo cáo định kỳ nào của kỳ này và kỳ trước." in html
