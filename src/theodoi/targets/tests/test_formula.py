"""The formula of a computed target: read without eval, one decimal, blank and zero give no
value, a code the form lacks is refused by name."""

from decimal import Decimal

import pytest

from theodoi.core.errors import Code, ValidationFailed
from theodoi.targets.formula import codes, evaluate, parse
from theodoi.targets.services import check_formula


def test_the_online_share_with_one_decimal() -> None:
    tree = parse("100 * [5.2] / [5.1]")
    assert codes(tree) == ["5.2", "5.1"]
    assert evaluate(tree, {"5.1": 1200, "5.2": 900}) == Decimal("75.0")
    assert evaluate(tree, {"5.1": 3, "5.2": 2}) == Decimal("66.7")  # 66,666… rounded
    assert evaluate(tree, {"5.1": 8, "5.2": 5}) == Decimal("62.5")  # exact, kept


def test_precedence_parentheses_and_minus() -> None:
    assert evaluate(parse("2 + 3 * 4"), {}) == Decimal("14.0")
    assert evaluate(parse("(2 + 3) * 4"), {}) == Decimal("20.0")
    assert evaluate(parse("-[a] + 10 / 4"), {"a": 1}) == Decimal("1.5")


def test_blank_or_zero_gives_no_value_never_an_error() -> None:
    tree = parse("100 * [5.2] / [5.1]")
    assert evaluate(tree, {"5.1": None, "5.2": 900}) is None
    assert evaluate(tree, {"5.2": 900}) is None
    assert evaluate(tree, {"5.1": 0, "5.2": 0}) is None
    assert evaluate(tree, {"5.1": 0, "5.2": 5}) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("100 * [5.2] /", "kết thúc giữa chừng"),
        ("(100 * [5.2]", "thiếu dấu «)»"),
        ("100 [5.2]", "thừa «[5.2]»"),
        ("__import__('os')", "không đọc được"),
        ("", "Hãy nhập công thức"),
    ],
)
def test_what_cannot_be_read_is_refused(text: str, words: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse(text)
    assert words in refused.value.errors["formula"]


def test_a_code_the_form_lacks_is_refused_by_name() -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_formula("tthc", "100 * [5.2] / [5.99]")
    assert refused.value.code == Code.INVALID
    assert (
        "[5.99]" in refused.value.errors["formula"] and "«tthc»" in refused.value.errors["formula"]
    )
    assert "[5.2]" not in refused.value.errors["formula"]
    with pytest.raises(ValidationFailed) as unknown_form:
        check_formula("khong-co", "[5.1]")
    assert unknown_form.value.code == Code.NOT_FOUND
    assert check_formula("tthc", "100 * [5.2] / [5.1]") is not None
