"""Numbers as people type them for a target: Vietnamese writing, a dot between thousands and a
comma before the one decimal a percentage or a number of days may have ("80,5", "1.250");
a count is a whole number. "80,5%" typed for a count is refused with the reason, never read
as 805 or 80."""

import re
from decimal import Decimal

from theodoi.core.errors import Code, ValidationFailed
from theodoi.targets.models import Measure

_WHOLE = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"
_INTEGER = re.compile(_WHOLE)
_DECIMAL = re.compile(rf"({_WHOLE})(?:,(\d))?")
_TOO_PRECISE = re.compile(rf"{_WHOLE},\d{{2,}}")
_DOT_DECIMAL = re.compile(r"\d+\.\d{1,2}")
MAXIMUM = Decimal("999999999999")


def _refused(field: str, message: str) -> ValidationFailed:
    return ValidationFailed({field: message}, Code.INVALID)


def parse_amount(text: str, unit: str, *, field: str, label: str) -> Decimal:
    """`text` as a number of `unit` (a Measure value); refused naming `label` and the text."""
    raw = text.strip()
    if not raw:
        raise ValidationFailed({field: f"Hãy nhập {label.lower()}."}, Code.REQUIRED)
    typed = raw.replace(" ", "")
    if unit == Measure.COUNT:
        if not _INTEGER.fullmatch(typed):
            raise _refused(
                field,
                f"{label}: «{raw}» không phải số nguyên. Chỉ tiêu tính bằng số lượng chỉ nhận "
                "số nguyên, không có dấu % hay phần thập phân (ví dụ 1.250).",
            )
        found = Decimal(typed.replace(".", ""))
    else:
        if unit == Measure.PERCENT and typed.endswith("%"):
            typed = typed[:-1]
        match = _DECIMAL.fullmatch(typed)
        if match is None:
            if _TOO_PRECISE.fullmatch(typed):
                hint = "chỉ nhận một chữ số thập phân (ví dụ 80,5)"
            elif _DOT_DECIMAL.fullmatch(typed):
                hint = "phần thập phân viết sau dấu phẩy (ví dụ 80,5)"
            else:
                hint = "hãy nhập một số, ví dụ 80 hoặc 80,5"
            raise _refused(field, f"{label}: «{raw}» không phải số hợp lệ: {hint}.")
        whole, decimal = match.groups()
        found = Decimal(f"{whole.replace('.', '')}.{decimal or 0}")
    if found > MAXIMUM:
        raise _refused(field, f"{label}: «{raw}» lớn quá mức cho phép.")
    return found


def check_amount(value: Decimal, unit: str, *, field: str, label: str) -> Decimal:
    """A value given as a number (services, commands): whole for a count, one decimal else,
    never negative."""
    if value < 0:
        raise _refused(field, f"{label} không được âm.")
    if value > MAXIMUM:
        raise _refused(field, f"{label} lớn quá mức cho phép.")
    if unit == Measure.COUNT and value != value.to_integral_value():
        raise _refused(
            field,
            f"{label}: {show(value)} không phải số nguyên. Chỉ tiêu tính bằng số lượng chỉ "
            "nhận số nguyên.",
        )
    if value != value.quantize(Decimal("0.1")):
        raise _refused(field, f"{label}: {show(value)} có quá một chữ số thập phân.")
    return value.quantize(Decimal("0.1"))


def show(value: Decimal | None) -> str:
    """A number as Vietnamese writes it: 1.250, 80,5 (a whole number without ",0")."""
    if value is None:
        return "—"
    rounded = value.quantize(Decimal("0.1"))
    whole = rounded == rounded.to_integral_value()
    text = f"{rounded:,.0f}" if whole else f"{rounded:,.1f}"
    return text.translate(str.maketrans(",.", ".,"))


def number(value: Decimal | None) -> int | float | None:
    """A value for JSON: a whole number as an integer, else a float of one decimal."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
