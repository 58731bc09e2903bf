"""The criterion "reports on time" (Regulation 1142 Art. 21): the quarter of `conftest.quarter`
and the units' reports due in it, counted, weighed and ranked as worked out by hand."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import UserFactory
from theodoi.evaluation import services
from theodoi.evaluation.models import RankingFormula
from theodoi.evaluation.selectors import current_formula, formula_record, ranking, scorecard
from theodoi.evaluation.tests.conftest import Q2, TODAY
from theodoi.reports.models import ReportRequest
from theodoi.reports.tests.timely_factories import local, report_type, request_for, round_of
from theodoi.tasks.tests.conftest import World, client_for

QUARTER = "?loai=quy&nam=2026&so=2"
Q2_END = date(2026, 7, 1)


@pytest.fixture
def reports(world: World, quarter: None) -> None:
    """Q2/2026, judged at 30/06:

    - quarterly report due 18/06: TST sent 18/06 23:59 (on time), CNTT 19/06 00:01 (late),
      CSXH nothing (missing), PC 10/06, returned and sent again in 2027 (on time);
    - ad-hoc request due 15/05: TST sent 15/05 (on time), CNTT nothing (missing);
    - ad-hoc request due 28/06: CSXH sent only on 02/07 (missing on 30/06);
    - the monthly report of June, due 05/07, is not due in Q2: CNTT's missing one not counted.

    TST 2 on time; CNTT 1 late + 1 missing; CSXH 2 missing; PC 1 on time.
    """
    u, vp = world.units, world.units["VP"]
    q2 = round_of(vp, date(2026, 6, 18), kind=report_type(vp), period="2026-Q2")
    request_for(q2, u["TST"], local(date(2026, 6, 18), 23, 59))
    request_for(q2, u["CNTT"], local(date(2026, 6, 19), 0, 1))
    request_for(q2, u["CSXH"])
    request_for(q2, u["PC"], local(date(2026, 6, 10)), returned=True)
    may = round_of(vp, date(2026, 5, 15))
    request_for(may, u["TST"], local(date(2026, 5, 15), 16))
    request_for(may, u["CNTT"])
    june = round_of(vp, date(2026, 6, 28))
    request_for(june, u["CSXH"], local(date(2026, 7, 2)))
    monthly = report_type(vp, code="bao-cao-thang", frequency="month")
    request_for(round_of(vp, date(2026, 7, 5), kind=monthly, period="2026-06"), u["CNTT"])


def set_formula(world: World, **weights: str) -> None:
    services.formula_update(
        actor=world.office,
        expected_version=formula_record().version,
        weights=weights,
        min_judged=2,
    )


@pytest.mark.usefixtures("reports")
def test_reports_not_on_time_weigh_in_the_ranking(world: World) -> None:
    set_formula(
        world,
        on_time_rate="1",
        sent_back="-1",
        extensions_granted="-0,5",
        urging_letters="-2",
        reports_not_on_time="-15",
    )
    board = ranking(Q2, TODAY)
    rows = {r.unit.code: r.metrics for r in board.rows}
    got = {c: (m.reports_on_time, m.reports_late, m.reports_missing) for c, m in rows.items()}
    assert got == {"TST": (2, 0, 0), "CNTT": (0, 1, 1), "CSXH": (0, 0, 2), "PC": (1, 0, 0)}
    # TST 75 − 1 = 74; CNTT 100 − 2 − 0,5 − 15 × 2 = 67,5; CSXH 66,67 − 15 × 2 = 36,67
    assert [(r.unit.code, r.placed.rank, r.placed.score) for r in board.rows] == [
        ("TST", 1, Decimal("74.00")),
        ("CNTT", 2, Decimal("67.50")),
        ("CSXH", 3, Decimal("36.67")),
        ("PC", None, None),
    ]
    assert board.formula.text.endswith(" − 15 × Báo cáo nộp muộn hoặc quá hạn chưa nộp")


@pytest.mark.usefixtures("reports")
def test_a_formula_stored_before_the_criterion_reads_its_default_weight(world: World) -> None:
    RankingFormula.objects.create(weights={"on_time_rate": "1"}, min_judged=2)
    assert current_formula().weight("reports_not_on_time") == Decimal(-1)
    admin = UserFactory.create(username="quantri", roles=[Role.ADMIN], unit=world.units["CNTT"])
    form = client_for(admin).get("/danh-gia/cong-thuc/").content.decode()
    assert re.search(r'name="w_reports_not_on_time"[^>]*value="-1"', form)
    # CNTT 100 − 2 = 98; TST 75; CSXH 66,67 − 2 = 64,67
    scores = [(r.unit.code, r.placed.score) for r in ranking(Q2, TODAY).rows]
    assert scores[:3] == [
        ("CNTT", Decimal("98.00")),
        ("TST", Decimal("75.00")),
        ("CSXH", Decimal("64.67")),
    ]
    set_formula(world, on_time_rate="1", reports_not_on_time="0")  # the administrator's 0
    assert current_formula().weight("reports_not_on_time") == Decimal(0)
    assert formula_record().weights["reports_not_on_time"] == "0"


@pytest.mark.usefixtures("reports")
def test_the_card_lists_the_reports_late_or_missing(world: World) -> None:
    set_formula(world, on_time_rate="1", reports_not_on_time="-1")
    card = scorecard(world.units["CSXH"], Q2, TODAY)
    assert [(r.request.round.due_date, r.label) for r in card.reports] == [
        (date(2026, 6, 18), "Quá hạn chưa nộp"),
        (date(2026, 6, 28), "Quá hạn chưa nộp"),  # sent on 02/07, after the quarter
    ]
    cntt = scorecard(world.units["CNTT"], Q2, TODAY)
    assert [(r.request.round.due_date, r.label) for r in cntt.reports] == [
        (date(2026, 5, 15), "Quá hạn chưa nộp"),
        (date(2026, 6, 18), "Nộp muộn"),
    ]
    assert scorecard(world.units["TST"], Q2, TODAY).reports == []
    terms = {t.label: (t.value, t.points) for t in card.terms}
    assert terms["Báo cáo nộp muộn hoặc quá hạn chưa nộp"] == (Decimal(2), Decimal("-2.00"))


@pytest.mark.usefixtures("reports")
def test_the_pages_and_the_councils_file_show_the_reports(world: World) -> None:
    set_formula(world, on_time_rate="1", reports_not_on_time="-15")
    office = client_for(world.office)
    html = office.get("/danh-gia/xep-hang/" + QUARTER).content.decode()
    assert '<th scope="col">Báo cáo quá hạn chưa nộp</th>' in html
    assert '<td class="r-late">1</td>\n        <td class="r-missing">1</td>' in html
    response = office.get("/danh-gia/xep-hang/" + QUARTER + "&xuat=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[6]]
    rows = {
        r[1]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=7, values_only=True)
    }
    assert sheet["A3"].value.endswith("− 15 × Báo cáo nộp muộn hoặc quá hạn chưa nộp.")
    cntt = rows["CNTT"]
    assert (cntt["Báo cáo nộp đúng hạn"], cntt["Báo cáo nộp muộn"]) == (0, 1)
    assert (cntt["Báo cáo quá hạn chưa nộp"], cntt["Điểm"]) == (1, 70)  # 100 − 15 × 2
    with CaptureQueriesContext(connection) as queries:
        card = office.get(f"/danh-gia/don-vi/{world.units['CSXH'].pk}/" + QUARTER).content.decode()
    assert len(queries) <= 17  # 16, and the unit's late reports (read only when it has some)
    assert card.count("Báo cáo nộp muộn, quá hạn chưa nộp</h2>") == 1
    assert "28/06/2026" in card and "02/07/2026" in card
    listed = ReportRequest.objects.filter(unit=world.units["CSXH"], round__due_date__lt=Q2_END)
    for request in listed:
        link = f'<a href="/bao-cao/yeu-cau/{request.pk}/">{request.round.title}</a>'
        assert link in card  # each row opens its request
        assert office.get(f"/bao-cao/yeu-cau/{request.pk}/").status_code == 200
