"""`ho-so-truc-tuyen` on hand-built forms: 100 × Σ5.2 / Σ5.1 over the period's national
roll-up, one decimal; each province's own share; no dossiers received gives no actual."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from theodoi.core.periods import parse_period
from theodoi.reports.services import report_return
from theodoi.statforms.rollup import rollup
from theodoi.statforms.tests.filled import central_values, province_values
from theodoi.statforms.tests.rollup_world import request_of, send
from theodoi.targets.actuals import standing
from theodoi.targets.tests.conftest import online_target

pytestmark = pytest.mark.django_db


def kpi(*args: str) -> object:
    out = StringIO()
    call_command("kpi", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def sent(forms):
    """Q1: Hà Nội 700 of 1.000 online; Q2: Hà Nội 900 of 1.200, Hải Phòng 1.000 of 1.300,
    Trung tâm CNTT (no section 5); Q3: Hà Nội with no dossier received at all."""
    q1 = province_values(**{"5_1": 1000, "5_2": 700})
    send(forms.hanoi, "HANOI", "2026-Q1", q1, "2026-03-10")
    send(forms.hanoi, "HANOI", "2026-Q2", province_values(), "2026-06-10")
    haiphong = province_values(**{"5_1": 1300, "5_2": 1000, "6_2_total": 1300})
    send(forms.haiphong, "HAIPHONG", "2026-Q2", haiphong, "2026-06-12")
    send(forms.cntt, "CNTT", "2026-Q2", central_values(), "2026-06-11")
    return forms


def test_the_rate_comes_from_the_roll_up_with_one_decimal(sent) -> None:
    target = online_target(sent.units["VP"])
    sums = rollup("tthc", parse_period("2026-Q2")).sums
    online, received = sums["5.2"], sums["5.1"]
    assert online is not None and received is not None
    expected = round(100 * online / received, 1)  # 1.900 / 2.500
    assert expected == 76.0
    shown = kpi("show", "ho-so-truc-tuyen", "--period", "2026-Q2")
    assert shown == {
        "code": "ho-so-truc-tuyen",
        "period": "2026-Q2",
        "actual": expected,
        "target": 80,
        "status": "missed",  # judged on 30/06/2026, after the deadline of 31/12/2025
        "by_unit": {"HAIPHONG": 76.9, "HANOI": 75},  # best first; CNTT counts no dossier
    }
    assert list(shown["by_unit"]) == ["HAIPHONG", "HANOI"]
    assert kpi("show", "ho-so-truc-tuyen", "--period", "2026-Q1")["actual"] == 70
    listed = kpi("list")
    assert listed == [
        {
            "code": "ho-so-truc-tuyen",
            "name": target.name,
            "target": 80,
            "unit": "percent",
            "direction": "at_least",
            "deadline": "2025-12-31",
            "owner": "VP",
            "actual": 76,
            "period": "2026-Q2",
        }
    ]


def test_the_latest_version_counts(sent) -> None:
    online_target(sent.units["VP"])
    request = request_of("HAIPHONG", "2026-Q2")
    report_return(
        actor=sent.office, request=request, expected_version=request.version, comment="Sai"
    )
    moved = {"5_2": 1100, "5_3": 100, "5_4": 40, "5_5": 20}  # 1.300 still: 1.100 online
    fixed = province_values(**{"5_1": 1300, "6_2_total": 1300, **moved})
    send(sent.haiphong, "HAIPHONG", "2026-Q2", fixed, "2026-06-15")
    shown = kpi("show", "ho-so-truc-tuyen", "--period", "2026-Q2")
    assert shown["actual"] == round(100 * (900 + 1100) / 2500, 1) == 80.0
    assert shown["status"] == "met" and shown["by_unit"]["HAIPHONG"] == 84.6


def test_no_dossier_received_means_no_actual(forms) -> None:
    online_target(forms.units["VP"])
    send(forms.cntt, "CNTT", "2026-Q2", central_values(), "2026-06-11")  # no section 5
    shown = kpi("show", "ho-so-truc-tuyen", "--period", "2026-Q2")
    assert shown["actual"] is None and shown["status"] == "no_data" and shown["by_unit"] == {}
    assert kpi("list")[0]["actual"] is None


def test_a_period_with_a_zero_count_has_no_rate(forms) -> None:
    target = online_target(forms.units["VP"])
    zero = {f"5_{n}": 0 for n in range(1, 17)} | {"6_2_online": 0, "6_2_total": 0}
    send(forms.hanoi, "HANOI", "2026-Q1", province_values(**zero), "2026-03-10")
    line = standing(target).line("2026-Q1")
    assert line is not None and line.value is None
