"""Every rule of the TTHC form as a table: figures that pass, one cell changed so that the rule
fails, and the message naming the rule and its cells (the cells' values are read from the
figures, not written here)."""

import pytest

from theodoi.core.periods import parse_period
from theodoi.statforms import catalog
from theodoi.statforms.checks import check
from theodoi.statforms.definition import CENTRAL, PROVINCE, read
from theodoi.statforms.numbers import grouped
from theodoi.statforms.tests.filled import central_values, province_values

TTHC = read(next(s for s in catalog.shipped() if s["code"] == "tthc"))
Q2 = parse_period("2026-Q2")

# (rule, severity, the cell changed and its new value)
BROKEN = [
    (
        "5.1 = 5.2+5.3+5.4+5.5+5.6",
        "error",
        {"5.1": 1199, "5.10": 49, "5.11": 44, "6.2.total": 1199},
    ),
    ("5.7 = 5.8+5.9", "error", {"5.8": 1139}),
    ("5.10 = 5.11+5.12", "error", {"5.11": 44}),
    ("5.13 = 5.14+5.15+5.16", "error", {"5.16": 5}),
    ("4a.total = 4a.new + 4a.carried", "error", {"4a.new": 24}),
    ("4b.total = 4b.new + 4b.carried", "error", {"4b.carried": 3}),
    ("4a.regulations ≤ 4a.total", "error", {"4a.regulations": 31}),
    ("4b.regulations ≤ 4b.total", "error", {"4b.regulations": 13}),
    ("6.2.online ≤ 6.2.total", "error", {"6.2.online": 1201}),
    ("5.apology.sent ≤ 5.apology.overdue", "error", {"5.apology.sent": 3, "5.apology.overdue": 2}),
    ("5.1 = 5.7 + 5.10", "warning", {"5.10": 60, "5.11": 55}),
    ("4a.processed + 4a.processing = 4a.total", "warning", {"4a.processing": 3}),
    ("4b.processed + 4b.processing = 4b.total", "warning", {"4b.processed": 11}),
    ("6.2.total = 5.1", "warning", {"6.2.total": 1300}),
    (
        "6.2.g1.resolved + 6.2.g1.returned ≤ 6.2.g1.received",
        "warning",
        {"6.2.g1.received": 10, "6.2.g1.resolved": 9, "6.2.g1.returned": 2},
    ),
]


def run(values: dict[str, object], audience: str = PROVINCE, **kwargs: object):
    return check(TTHC, audience=audience, period=Q2, raw_values=values, texts={},
                 explanations={}, **kwargs)  # type: ignore[arg-type]  # fmt: skip


def test_the_sound_figures_pass_every_rule() -> None:
    checked = run(province_values(), for_submission=True)
    assert checked.errors == [] and checked.warnings == []


def test_every_rule_of_the_form_is_in_the_table() -> None:
    tabled = {rule for rule, _, _ in BROKEN} | {"5.6 = 5.10 (kỳ trước)"}
    untested = {r.id for r in TTHC.rules} - tabled
    assert untested == {"6.2.g2.resolved + 6.2.g2.returned ≤ 6.2.g2.received"}  # as g1


@pytest.mark.parametrize(("rule", "severity", "changed"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_rule_is_named_with_its_cells(rule, severity, changed) -> None:
    checked = run(province_values(**{k.replace(".", "_"): v for k, v in changed.items()}))
    found = checked.errors if severity == "error" else checked.warnings
    other = checked.warnings if severity == "error" else checked.errors
    assert [f.rule for f in found] == [rule]
    assert other == []
    finding = found[0]
    definition_rule = next(r for r in TTHC.rules if r.id == rule)
    assert finding.fields == list(definition_rule.codes)
    assert f"«{rule}»" in finding.message
    for code in definition_rule.left:
        assert code in finding.message
    values = checked.values
    left = sum(values[c] or 0 for c in definition_rule.left)
    right = sum(values[c] or 0 for c in definition_rule.right)
    assert f"= {grouped(left)}" in finding.message and f"= {grouped(right)}" in finding.message


def test_a_warning_needs_a_written_explanation_before_submission() -> None:
    values = province_values(**{"6_2_total": 1300})
    refused = run(values, for_submission=True)
    assert [e.rule for e in refused.errors] == ["6.2.total = 5.1"]
    assert refused.errors[0].message.startswith("Chưa giải trình cảnh báo «6.2.total = 5.1»")
    explained = check(TTHC, audience=PROVINCE, period=Q2, raw_values=values, texts={},
                      explanations={"6.2.total = 5.1": "Tính cả hồ sơ của kỳ trước."},
                      for_submission=True)  # fmt: skip
    assert explained.errors == [] and [w.rule for w in explained.warnings] == ["6.2.total = 5.1"]


def test_the_carry_over_is_compared_with_the_previous_period_only_when_it_exists() -> None:
    values = province_values()
    assert run(values, previous=None).warnings == []
    same = run(values, previous={"5.10": values["5.6"]}, previous_label="kỳ trước (Quý I/2026)")
    assert same.warnings == []
    other = run(values, previous={"5.10": 39}, previous_label="kỳ trước (Quý I/2026)")
    assert [w.rule for w in other.warnings] == ["5.6 = 5.10 (kỳ trước)"]
    assert "5.6 = 40 nhưng 5.10 của kỳ trước (Quý I/2026) = 39" in other.warnings[0].message


def test_a_blank_optional_cell_is_not_zero_and_its_rule_is_not_checked() -> None:
    values = province_values()
    del values["6.2.online"]
    values["6.2.total"] = None
    checked = run(values, for_submission=True)
    assert checked.errors == [] and checked.warnings == []
    assert checked.values["6.2.online"] is None and checked.values["6.2.total"] is None


@pytest.mark.parametrize("code", ["4a.new", "4b.processing", "5.1", "5.16"])
def test_a_blank_required_cell_refuses_the_submission_not_the_draft(code) -> None:
    values = province_values()
    values[code] = ""
    assert [e.rule for e in run(values).errors] == []
    refused = run(values, for_submission=True)
    assert [(e.rule, e.fields) for e in refused.errors] == [("ô bắt buộc", [code])]
    assert f"Ô {code} (" in refused.errors[0].message


def test_a_central_unit_fills_section_4_and_not_the_dossiers() -> None:
    assert run(central_values(), audience=CENTRAL, for_submission=True).errors == []
    fields = TTHC.fields_for(CENTRAL, Q2)
    assert "5.1" not in fields and "4a.total" in fields and "1.documents" not in fields
    refused = run(central_values(**{"5_1": 3}), audience=CENTRAL)
    assert [e.fields for e in refused.errors] == [["5.1"]]
    assert "không thuộc phần đơn vị báo cáo" in refused.errors[0].message


def test_section_3_is_asked_in_the_third_quarter_only() -> None:
    for slug, asked in [("2026-Q1", False), ("2026-Q2", False), ("2026-Q3", True), ("2026", False)]:
        for audience in (PROVINCE, CENTRAL):
            fields = TTHC.fields_for(audience, parse_period(slug))
            assert ("3.a" in fields) is asked, (slug, audience)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1,5", "dấu phẩy"),
        ("-3", "số âm"),
        (-3, "số âm"),
        ("mười", "không phải là số"),
        (2.5, "không phải số nguyên"),
        ("12.5", "phân cách hàng nghìn"),
        (True, "đúng/sai"),
    ],
)
def test_a_figure_that_is_not_a_whole_count_is_refused_with_its_cell(typed, reason) -> None:
    checked = run(province_values(**{"5_3": typed}))
    assert [(e.rule, e.fields) for e in checked.errors] == [("số nguyên không âm", ["5.3"])]
    assert reason in checked.errors[0].message and "Ô 5.3 (" in checked.errors[0].message


def test_figures_typed_the_vietnamese_way_are_read() -> None:
    checked = run(province_values(**{"5_1": "1.200", "5_2": " 900 ", "5_7": 1150.0}))
    assert checked.errors == []
    assert (checked.values["5.1"], checked.values["5.2"], checked.values["5.7"]) == (
        1200,
        900,
        1150,
    )


def test_an_unknown_cell_is_refused() -> None:
    checked = run({**province_values(), "5.17": 3})
    assert [(e.fields, e.message) for e in checked.errors] == [
        (["5.17"], "Biểu mẫu không có ô số «5.17».")
    ]
