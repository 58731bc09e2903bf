"""The ranking on hand-built data: every step through the cycle's services, then the numbers,
the scores and the ranks worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from theodoi.core.errors import ValidationFailed
from theodoi.core.periods import Kind, Period
from theodoi.evaluation import services
from theodoi.evaluation.metrics import Metrics
from theodoi.evaluation.scoring import DEFAULT, Formula, rank
from theodoi.evaluation.selectors import current_formula, formula_record, ranking, scorecard
from theodoi.evaluation.tests.conftest import Q2, TODAY
from theodoi.tasks.models import EventKind
from theodoi.tasks.tests.conftest import World


def set_formula(world: World, **weights: str) -> None:
    services.formula_update(
        actor=world.office,
        expected_version=current_formula_version(),
        weights=weights,
        min_judged=2,
    )


def current_formula_version() -> int:
    return formula_record().version


@pytest.mark.usefixtures("quarter")
def test_the_quarter_is_counted_and_ranked_as_worked_out_by_hand(world: World) -> None:
    set_formula(
        world,
        on_time_rate="1",
        sent_back="-1",
        extensions_granted="-0,5",
        urging_letters="-2",
        returned="0",
    )
    board = ranking(Q2, TODAY)
    assert board.as_of == date(2026, 6, 30)
    rows = {r.unit.code: r for r in board.rows}
    assert set(rows) == {"TST", "CNTT", "CSXH", "PC"}

    tst, cntt, csxh, pc = rows["TST"], rows["CNTT"], rows["CSXH"], rows["PC"]
    assert (tst.metrics.done_on_time, tst.metrics.done_late, tst.metrics.open_overdue) == (3, 1, 0)
    assert tst.metrics.assigned == 6  # five of its own in April, the returned task in May
    assert tst.metrics.sent_back == 1
    assert tst.metrics.on_time_rate == Decimal("75.00")
    assert (cntt.metrics.done_on_time, cntt.metrics.due) == (2, 2)
    assert cntt.metrics.urging_letters == 1 and cntt.metrics.urged_tasks == 1
    assert (cntt.metrics.extensions_requested, cntt.metrics.extensions_granted) == (1, 1)
    assert (csxh.metrics.done_on_time, csxh.metrics.open_overdue) == (2, 1)  # as of 30/06
    assert (csxh.metrics.returned, csxh.metrics.reassigned) == (1, 1)
    assert csxh.metrics.on_time_rate == Decimal("66.67")
    assert pc.metrics.judged == 1

    # 100 − 2 − 0.5 = 97.5; 75 − 1 = 74; 66.67; PC has 1 judged task < 2: not ranked
    assert [(r.unit.code, r.placed.rank, r.placed.score) for r in board.rows] == [
        ("CNTT", 1, Decimal("97.50")),
        ("TST", 2, Decimal("74.00")),
        ("CSXH", 3, Decimal("66.67")),
        ("PC", None, None),
    ]
    assert board.formula.text == (
        "Điểm = 1 × Tỷ lệ hoàn thành đúng hạn (%) − 1 × Kết quả bị trả lại để hoàn thiện"
        " − 0,5 × Lần được gia hạn − 2 × Văn bản đôn đốc nhận được"
    )


@pytest.mark.usefixtures("quarter")
def test_a_changed_formula_changes_the_order(world: World) -> None:
    """Weigh returns and tasks given to another unit heavily: CSXH drops below TST and the
    score follows the new weights."""
    set_formula(world, on_time_rate="1", returned="-10", reassigned="-5")
    board = ranking(Q2, TODAY)
    assert [(r.unit.code, r.placed.rank, r.placed.score) for r in board.rows] == [
        ("CNTT", 1, Decimal("100.00")),
        ("TST", 2, Decimal("75.00")),
        ("CSXH", 3, Decimal("51.67")),
        ("PC", None, None),
    ]


@pytest.mark.usefixtures("quarter")
def test_other_periods_count_other_tasks(world: World) -> None:
    set_formula(world, on_time_rate="1")
    march = {r.unit.code: r.metrics for r in ranking(Period(Kind.MONTH, 2026, 3), TODAY).rows}
    assert set(march) == {"CNTT"}
    assert (march["CNTT"].done_on_time, march["CNTT"].assigned) == (1, 1)
    july = {r.unit.code: r.metrics for r in ranking(Period(Kind.MONTH, 2026, 7), TODAY).rows}
    # the TST task due 20/07 is still open (on 31/07: overdue); CNTT's extended task is judged
    # against the deadline first given (02/07); CSXH's June task, submitted in July, was judged
    # in June: July has nothing of CSXH's to count
    assert july["TST"].open_overdue == 1
    assert july["CNTT"].open_overdue == 1
    assert "CSXH" not in july


@pytest.mark.usefixtures("quarter")
def test_a_unit_scorecard_shows_its_place_and_what_lies_behind(world: World) -> None:
    set_formula(world, on_time_rate="1", sent_back="-1")
    card = scorecard(world.units["TST"], Q2, TODAY)
    assert card.result.placed.rank == 2 and card.ranked == 3
    assert [(t.value, t.weight, t.points) for t in card.terms] == [
        (Decimal("75.00"), Decimal(1), Decimal("75.00")),
        (Decimal(1), Decimal(-1), Decimal("-1.00")),
    ]
    assert [f.internal_deadline.month for f in card.late] == [6]
    assert card.overdue == [] and card.pending == []
    assert [(e.event.action, e.label) for e in card.events] == [
        (EventKind.SEND_BACK, "Kết quả bị trả lại để hoàn thiện")
    ]


def test_equal_scores_share_a_rank_and_the_next_is_skipped() -> None:
    formula = Formula({"on_time_rate": Decimal(1)}, min_judged=1)
    metrics = {
        1: Metrics(done_on_time=1, done_late=1),  # 50
        2: Metrics(done_on_time=3, done_late=1),  # 75
        3: Metrics(done_on_time=2, open_overdue=2),  # 50
        4: Metrics(done_on_time=1),  # 100
        5: Metrics(open_in_time=4),  # nothing judged yet
    }
    placed = rank(formula, metrics.items())
    assert {k: p.rank for k, p in placed.items()} == {1: 3, 2: 2, 3: 3, 4: 1, 5: None}


def test_a_wrong_weight_is_refused_with_the_field_named(world: World) -> None:
    version = current_formula_version()
    with pytest.raises(ValidationFailed) as refused:
        services.formula_update(
            actor=world.office,
            expected_version=version,
            weights={"on_time_rate": "một", "sent_back": "-0,125"},
            min_judged=-1,
        )
    errors = refused.value.errors
    assert errors["w_on_time_rate"] == "«một» không phải là một số (ví dụ: -0,5)."
    assert "hai chữ số thập phân" in errors["w_sent_back"]
    assert "từ 0 đến 10000" in errors["min_judged"]
    assert current_formula() == DEFAULT  # nothing was written
