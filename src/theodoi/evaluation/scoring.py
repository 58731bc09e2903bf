"""The ranking of units (DOMAIN §14): criteria, the administrator's weights, the score.

Score = Σ weight × criterion. The on-time rate is in percent (0–100); the other criteria are
counts in the period, usually given a negative weight. A unit is ranked only when enough of
its tasks could be judged (done, or past their deadline); units with the same score share a
rank (1, 2, 2, 4). A criterion added after formulas were stored (`ADDED`) reads as its default
weight where a stored formula does not name it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from theodoi.core.errors import ValidationFailed
from theodoi.core.text import decimal_vi
from theodoi.evaluation.metrics import Metrics

CENT = Decimal("0.01")
LIMIT = Decimal(1000)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str


CRITERIA = (
    Criterion("on_time_rate", "Tỷ lệ hoàn thành đúng hạn (%)"),
    Criterion("done_late", "Nhiệm vụ đã hoàn thành quá hạn"),
    Criterion("open_overdue", "Nhiệm vụ chưa hoàn thành, quá hạn"),
    Criterion("returned", "Nhiệm vụ đơn vị chuyển lại"),
    Criterion("reassigned", "Nhiệm vụ phải giao cho đơn vị khác"),
    Criterion("sent_back", "Kết quả bị trả lại để hoàn thiện"),
    Criterion("extensions_granted", "Lần được gia hạn"),
    Criterion("urging_letters", "Văn bản đôn đốc nhận được"),
    # Art. 21, issue 21: the unit's reports due in the period sent late or not sent at all
    Criterion("reports_not_on_time", "Báo cáo nộp muộn hoặc quá hạn chưa nộp"),
    # Art. 21, issue 25: inspection findings
    Criterion("inspection_recommendations", "Kiến nghị sau kiểm tra (theo thông báo kết quả)"),
    Criterion("inspection_followups_overdue", "Nhiệm vụ thực hiện kiến nghị quá hạn"),
)
KEYS = tuple(c.key for c in CRITERIA)
LABELS = {c.key: c.label for c in CRITERIA}
DEFAULT_WEIGHTS = {
    "on_time_rate": Decimal(1),
    "sent_back": Decimal(-1),
    "extensions_granted": Decimal("-0.5"),
    "urging_letters": Decimal(-2),
    "reports_not_on_time": Decimal(-1),
    "inspection_recommendations": Decimal(-1),
    "inspection_followups_overdue": Decimal(-2),
}
# Criteria added after formulas were first stored: a stored formula without them reads their
# default weight (an administrator's 0 is stored as "0", see `stored`).
ADDED = ("reports_not_on_time", "inspection_recommendations", "inspection_followups_overdue")
DEFAULT_MIN_JUDGED = 3


@dataclass(frozen=True)
class Term:
    label: str
    weight: Decimal
    value: Decimal
    points: Decimal


@dataclass(frozen=True)
class Formula:
    weights: Mapping[str, Decimal]
    min_judged: int

    def weight(self, key: str) -> Decimal:
        return self.weights.get(key, Decimal(0))

    @property
    def text(self) -> str:
        """The formula as the page and the export show it."""
        parts = []
        for key in KEYS:
            weight = self.weight(key)
            if not weight:
                continue
            sign = "−" if weight < 0 else "+"
            parts.append(f"{sign} {decimal_vi(abs(weight))} × {LABELS[key]}")
        if not parts:
            return "Điểm = 0"
        body = " ".join(parts)
        return "Điểm = " + (body[2:] if body.startswith("+ ") else body)

    def ranks(self, metrics: Metrics) -> bool:
        return metrics.on_time_rate is not None and metrics.judged >= self.min_judged

    def terms(self, metrics: Metrics) -> list[Term]:
        """Each weighted criterion with the unit's value and the points it gives."""
        rate = metrics.on_time_rate or Decimal(0)
        found = []
        for key in KEYS:
            weight = self.weight(key)
            if weight:
                value = rate if key == "on_time_rate" else Decimal(getattr(metrics, key))
                found.append(Term(LABELS[key], weight, value, (weight * value).quantize(CENT)))
        return found

    def score(self, metrics: Metrics) -> Decimal | None:
        """The unit's score, or None when it has too few judged tasks to be ranked."""
        if not self.ranks(metrics):
            return None
        total = sum((t.points for t in self.terms(metrics)), Decimal(0))
        return total.quantize(CENT, rounding=ROUND_HALF_UP)


DEFAULT = Formula(DEFAULT_WEIGHTS, DEFAULT_MIN_JUDGED)


def field_name(key: str) -> str:
    return f"w_{key}"


def check(weights: Mapping[str, object], min_judged: object) -> Formula:
    """A formula from stored or typed values; refused whole, with the field named, if any
    value is not a number in range."""
    errors: dict[str, str] = {}
    parsed: dict[str, Decimal] = {}
    for key in KEYS:
        raw = str(weights.get(key, "0") or "0").strip().replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors[field_name(key)] = f"«{raw}» không phải là một số (ví dụ: -0,5)."
            continue
        if not value.is_finite() or abs(value) > LIMIT or value != value.quantize(CENT):
            errors[field_name(key)] = (
                "Trọng số phải từ -1000 đến 1000, tối đa hai chữ số thập phân."
            )
            continue
        if value:
            parsed[key] = value
    judged = min_judged if isinstance(min_judged, int) and 0 <= min_judged <= 10_000 else None
    if judged is None:
        errors["min_judged"] = "Số nhiệm vụ tối thiểu phải là số nguyên từ 0 đến 10000."
    if errors or judged is None:  # (the second test only tells the type checker)
        raise ValidationFailed(errors)
    return Formula(parsed, judged)


def stored(weights: Mapping[str, Decimal]) -> dict[str, str]:
    """Every criterion's weight as text, 0 included: a criterion added later then reads its
    default only in formulas stored before it existed."""
    return {key: str(weights.get(key, Decimal(0))) for key in KEYS}


def from_stored(weights: Mapping[str, object], min_judged: object) -> Formula:
    """A stored formula: a criterion in `ADDED` that it does not name reads its default."""
    missing = {key: str(DEFAULT_WEIGHTS[key]) for key in ADDED if key not in weights}
    return check({**weights, **missing}, min_judged)


@dataclass
class Placed:
    """A unit's place: its score and rank (None when it is not ranked)."""

    score: Decimal | None
    rank: int | None = None


def rank(formula: Formula, metrics: Iterable[tuple[int, Metrics]]) -> dict[int, Placed]:
    """Scores and competition ranks (equal scores share a rank, the next rank skips)."""
    placed = {key: Placed(formula.score(m)) for key, m in metrics}
    scores = sorted((p.score for p in placed.values() if p.score is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, score in enumerate(scores, start=1):
        first.setdefault(score, position)
    for p in placed.values():
        if p.score is not None:
            p.rank = first[p.score]
    return placed
