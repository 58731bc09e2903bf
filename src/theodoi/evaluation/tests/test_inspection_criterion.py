"""Inspection findings in the ranking (Regulation 1142 Art. 21, issue 25): recommendations the
results notices of the period address to a unit, and its follow-up tasks overdue at the end."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from theodoi.evaluation.scoring import DEFAULT_WEIGHTS, from_stored
from theodoi.evaluation.selectors import ranking
from theodoi.evaluation.tests.conftest import Q2, TODAY, Cycle
from theodoi.evaluation.tests.test_report_criterion import QUARTER, set_formula
from theodoi.inspections.models import Inspection, Kind, Recommendation
from theodoi.tasks.models import Document, DocumentKind, Origin
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.usefixtures("quarter")


def _notified(world: World, unit: str, issued_on: date, *texts: str) -> list[Recommendation]:
    """An inspection of `unit` whose results notice was issued on `issued_on`."""
    notice = Document.objects.create(
        kind=DocumentKind.CONCLUSION,
        number=f"{issued_on:%d%m}/TB-BHXH",
        issued_on=issued_on,
        issuer="Bảo hiểm xã hội Việt Nam",
        summary="Thông báo kết quả kiểm tra",
        origin=Origin.INTERNAL,
        registered_by=world.office,
    )
    inspection = Inspection.objects.create(
        kind=Kind.PERIODIC,
        conducted_by=world.units["VP"],
        title=f"Kiểm tra {unit}",
        start=date(2026, 5, 4),
        end=date(2026, 5, 8),
        notice=notice,
    )
    inspection.units.add(world.units[unit])
    return [
        Recommendation.objects.create(
            inspection=inspection, text=text, unit=world.units[unit], deadline=date(2026, 9, 30)
        )
        for text in texts
    ]


def _scores(codes: tuple[str, ...]) -> dict[str, Decimal | None]:
    rows = {r.unit.code: r for r in ranking(Q2, TODAY).rows}
    return {code: rows[code].placed.score for code in codes}


def test_a_recommendation_in_the_period_lowers_the_units_score(world: World) -> None:
    set_formula(world, on_time_rate="1", inspection_recommendations="-3")
    before = _scores(("CNTT", "TST"))
    _notified(world, "CNTT", date(2026, 6, 10), "Cập nhật tiến độ đúng kỳ", "Bổ sung báo cáo")
    _notified(world, "TST", date(2026, 7, 2), "Rà soát hồ sơ")  # notified in Q3
    after = _scores(("CNTT", "TST"))
    assert before["CNTT"] is not None and after["CNTT"] == before["CNTT"] - 6
    assert after["TST"] == before["TST"]
    rows = {r.unit.code: r.metrics for r in ranking(Q2, TODAY).rows}
    assert rows["CNTT"].inspection_recommendations == 2
    assert rows["TST"].inspection_recommendations == 0


def test_a_follow_up_task_overdue_at_the_periods_end_weighs_on_the_unit(
    world: World, heads
) -> None:
    set_formula(world, on_time_rate="1", inspection_followups_overdue="-2")
    c = Cycle(world, heads)
    late, done = _notified(world, "TST", date(2026, 3, 2), "Khắc phục tồn tại", "Báo cáo lại")
    late.task = c.accepted("TST", date(2026, 3, 20), date(2026, 3, 3))
    late.save()
    done.task = c.done("TST", date(2026, 3, 25), date(2026, 3, 3), date(2026, 3, 20))
    done.save()
    rows = {r.unit.code: r for r in ranking(Q2, TODAY).rows}
    tst = rows["TST"]
    assert (tst.metrics.inspection_followups_overdue, tst.metrics.inspection_recommendations) == (
        1,
        0,  # the notice was issued in Q1
    )
    assert tst.placed.score == Decimal(75) - 2


def test_the_ranking_and_the_councils_file_show_the_findings(world: World) -> None:
    set_formula(world, on_time_rate="1", inspection_recommendations="-1")
    _notified(world, "CNTT", date(2026, 6, 10), "Cập nhật tiến độ đúng kỳ")
    office = client_for(world.office)
    html = office.get("/danh-gia/xep-hang/" + QUARTER).content.decode()
    assert '<th scope="col">Kiến nghị sau kiểm tra</th>' in html
    assert '<td class="r-recommendations">1</td>' in html
    response = office.get("/danh-gia/xep-hang/" + QUARTER + "&xuat=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[6]]
    rows = {
        r[1]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=7, values_only=True)
    }
    assert rows["CNTT"]["Kiến nghị sau kiểm tra"] == 1
    assert rows["CNTT"]["Nhiệm vụ thực hiện kiến nghị quá hạn"] == 0
    card = office.get(f"/danh-gia/don-vi/{world.units['CNTT'].pk}/" + QUARTER).content.decode()
    assert (
        "<strong>1</strong> kiến nghị sau kiểm tra, 0 nhiệm vụ thực hiện kiến nghị quá hạn" in card
    )


def test_a_formula_stored_before_the_findings_reads_their_default_weights() -> None:
    formula = from_stored({"on_time_rate": "1"}, 3)
    assert (
        formula.weight("inspection_recommendations")
        == DEFAULT_WEIGHTS["inspection_recommendations"]
        == Decimal(-1)
    )
    assert formula.weight("inspection_followups_overdue") == Decimal(-2)
