from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict

from theodoi.core.errors import ValidationFailed
from theodoi.core.forms import TextForm
from theodoi.core.periods import KIND_LABELS, Kind, Period, current, period_of
from theodoi.evaluation.scoring import CRITERIA, field_name

WEIGHT_HELP = "Số thập phân, âm để trừ điểm; 0 để bỏ tiêu chí. Ví dụ: 1; -0,5."


def read_period(query: QueryDict, today: date) -> tuple[Period, str]:
    """The period a page asks for (`loai`, `nam`, `so`), by default this year so far; a bad
    choice gives this year and the message naming it."""
    default = current(Kind.YEAR, today)
    if "loai" not in query:
        return default, ""

    def number(name: str) -> int | None:
        text = query.get(name, "").strip()
        return int(text) if text.isdigit() else None

    try:
        return period_of(query.get("loai", ""), number("nam"), number("so")), ""
    except ValidationFailed as exc:
        return default, " ".join(exc.errors.values())


def period_choices() -> list[tuple[str, str]]:
    return [(str(k), label) for k, label in KIND_LABELS.items()]


class FormulaForm(TextForm):
    """The ranking's weights, one field per criterion, and the minimum judged tasks."""

    min_judged = forms.IntegerField(
        label="Chỉ xếp hạng đơn vị có ít nhất (nhiệm vụ đã hoàn thành hoặc đã quá hạn trong kỳ)",
        error_messages={"invalid": "Hãy nhập một số nguyên.", "required": "Cần nhập số này."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[field_name(criterion.key)] = forms.CharField(
                label=f"Trọng số: {criterion.label}",
                required=False,
                max_length=20,
                help_text=WEIGHT_HELP,
            )
        self.order_fields([field_name(c.key) for c in CRITERIA] + ["min_judged", "version"])

    def weights(self) -> dict[str, str]:
        return {c.key: self.cleaned_data.get(field_name(c.key)) or "0" for c in CRITERIA}
