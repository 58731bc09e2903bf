"""The form's rules applied to a unit's figures: the values read as counts, the required cells,
the rules that refuse (errors) and those that warn and need a written explanation before the
form is submitted. Each finding names its rule and its cells, in Vietnamese.

A rule is checked only when every cell it names is one the unit fills in this period and has a
figure: a blank optional cell ("không có số liệu") is not zero. The rule on the previous period
("previous") is checked only when the unit's previous submission exists.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from theodoi.core.periods import Period
from theodoi.statforms.definition import ERROR, NUMBER, TEXT, WARNING, Definition, Field, Rule
from theodoi.statforms.numbers import NotACount, grouped, parse_count

Values = dict[str, int | None]
MAX_TEXT = 50_000  # characters of one narrative field
MAX_EXPLANATION = 5_000


@dataclass(frozen=True)
class Finding:
    rule: str
    fields: list[str]
    message: str

    def as_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Checked:
    values: Values = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    # Some input is not a count, not a cell of the form or too long: nothing can be kept, and
    # the rules were not applied.
    unreadable: bool = False

    @property
    def unexplained(self) -> list[Finding]:
        return [w for w in self.warnings if not self.explanations.get(w.rule, "").strip()]


def read_values(
    definition: Definition, fields: Mapping[str, Field], raw: Mapping[str, object]
) -> tuple[Values, list[Finding]]:
    """`raw` read as counts: every number of the unit's form (None where blank)."""
    values: Values = {code: None for code, f in fields.items() if f.kind == NUMBER}
    errors: list[Finding] = []
    for code, given in raw.items():
        known = definition.fields.get(code)
        if known is None or known.kind != NUMBER:
            errors.append(
                Finding("ô có trong biểu mẫu", [code], f"Biểu mẫu không có ô số «{code}».")
            )
            continue
        if code not in fields:
            if given not in (None, ""):
                errors.append(
                    Finding(
                        "ô có trong biểu mẫu",
                        [code],
                        f"Ô {code} ({known.label}) không thuộc phần đơn vị báo cáo trong kỳ "
                        "này; hãy để trống.",
                    )
                )
            continue
        try:
            values[code] = parse_count(given)
        except NotACount as exc:
            errors.append(
                Finding("số nguyên không âm", [code], f"Ô {code} ({known.label}): {exc}.")
            )
    return values, errors


def _total(values: Values, codes: tuple[str, ...]) -> int:
    return sum(values[c] or 0 for c in codes)


def _side(codes: tuple[str, ...]) -> str:
    return "+".join(codes)


def _figures(values: Values, codes: tuple[str, ...]) -> str:
    return f"{_side(codes)} = {grouped(_total(values, codes))}"


def check_rule(rule: Rule, values: Values, previous: Values | None, before: str) -> str | None:
    """The message if `rule` does not hold (None if it holds or cannot be checked)."""
    if rule.kind == "previous":
        if previous is None or any(previous.get(c) is None for c in rule.right):
            return None
        if any(values.get(c) is None for c in rule.left):
            return None
        if _total(values, rule.left) == _total(previous, rule.right):
            return None
        return (
            f"{_figures(values, rule.left)} nhưng {_side(rule.right)} của {before} = "
            f"{grouped(_total(previous, rule.right))}"
        )
    if any(values.get(c) is None for c in rule.codes):
        return None
    left, right = _total(values, rule.left), _total(values, rule.right)
    if rule.kind == "eq" and left != right:
        return f"{_figures(values, rule.left)} nhưng {_figures(values, rule.right)}"
    if rule.kind == "le" and left > right:
        return f"{_figures(values, rule.left)} lớn hơn {_figures(values, rule.right)}"
    return None


def check(
    definition: Definition,
    *,
    audience: str,
    period: Period,
    raw_values: Mapping[str, object],
    texts: Mapping[str, str],
    explanations: Mapping[str, str],
    previous: Values | None = None,
    previous_label: str = "kỳ trước",
    for_submission: bool = False,
) -> Checked:
    """Every finding on a unit's figures; `for_submission` adds the blank required cells and
    the warnings without an explanation to the errors."""
    fields = definition.fields_for(audience, period)
    values, errors = read_values(definition, fields, raw_values)
    checked = Checked(values=values, errors=errors)
    for code, text in texts.items():
        known = fields.get(code)
        if known is None or known.kind != TEXT:
            errors.append(
                Finding(
                    "mục có trong biểu mẫu",
                    [code],
                    f"Biểu mẫu không có mục «{code}» cho đơn vị trong kỳ này.",
                )
            )
        elif len(text) > MAX_TEXT:
            errors.append(Finding("độ dài", [code], f"Mục {code} dài quá {MAX_TEXT} ký tự."))
        elif text.strip():
            checked.texts[code] = text.strip()
    rule_ids = {r.id for r in definition.rules}
    for rule_id, text in explanations.items():
        if rule_id not in rule_ids:
            errors.append(
                Finding(rule_id, [], f"Biểu mẫu không có quy tắc «{rule_id}» để giải trình.")
            )
        elif len(text) > MAX_EXPLANATION:
            errors.append(
                Finding(rule_id, [], f"Giải trình «{rule_id}» dài quá {MAX_EXPLANATION} ký tự.")
            )
        elif text.strip():
            checked.explanations[rule_id] = text.strip()
    if errors:  # figures that are not counts are not compared
        checked.unreadable = True
        return checked
    for rule in definition.rules:
        if any(c not in fields for c in rule.codes):
            continue
        found = check_rule(rule, values, previous, previous_label)
        if found is None:
            continue
        head = f"Quy tắc «{rule.id}» ({rule.title})"
        if rule.severity == ERROR:
            errors.append(Finding(rule.id, list(rule.codes), f"{head} không thỏa: {found}."))
        elif rule.severity == WARNING:
            checked.warnings.append(
                Finding(
                    rule.id,
                    list(rule.codes),
                    f"{head} không thỏa: {found}. Hãy kiểm tra lại hoặc ghi giải trình.",
                )
            )
    if for_submission:
        for code, f in fields.items():
            if f.required and values.get(code) is None:
                errors.append(
                    Finding(
                        "ô bắt buộc", [code], f"Ô {code} ({f.label}) bắt buộc, chưa có số liệu."
                    )
                )
        for warning in checked.unexplained:
            errors.append(
                Finding(
                    warning.rule,
                    warning.fields,
                    f"Chưa giải trình cảnh báo «{warning.rule}»: {warning.message}",
                )
            )
    return checked
