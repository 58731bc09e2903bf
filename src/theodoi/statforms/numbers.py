"""Reading a count as people type it: whole numbers, "1.234" with the Vietnamese thousands
separator (one thousand two hundred thirty-four), blank for "no figure". A decimal ("1,5"),
a negative number or words are refused with the reason."""

import re
from decimal import Decimal

GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
PLAIN = re.compile(r"\d+")
MAX = 10**12  # far beyond any count of dossiers; keeps stored numbers sane


class NotACount(ValueError):
    """`str(error)` is the reason in Vietnamese, without the cell's name."""


def parse_count(raw: object) -> int | None:
    """The whole number `raw` stands for, or None when it is blank."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NotACount("phải là số nguyên không âm, không phải giá trị đúng/sai")
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float | Decimal):
        if raw != int(raw):
            raise NotACount(f"«{raw}» không phải số nguyên (số hồ sơ không có phần lẻ)")
        number = int(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if "," in text:
            raise NotACount(
                f"«{raw.strip()}» có dấu phẩy: số liệu là số nguyên; phân cách hàng nghìn "
                "bằng dấu chấm (1.234)"
            )
        if text.startswith("-"):
            raise NotACount(f"«{raw.strip()}» là số âm; số liệu không được âm")
        if PLAIN.fullmatch(text):
            number = int(text)
        elif GROUPED.fullmatch(text):
            number = int(text.replace(".", ""))
        elif "." in text and PLAIN.fullmatch(text.replace(".", "")):
            raise NotACount(
                f"«{raw.strip()}» không phải số nguyên; dấu chấm chỉ dùng để phân cách hàng "
                "nghìn (1.234)"
            )
        else:
            raise NotACount(f"«{raw.strip()}» không phải là số")
    else:
        raise NotACount("phải là số nguyên không âm")
    if number < 0:
        raise NotACount(f"«{number}» là số âm; số liệu không được âm")
    if number > MAX:
        raise NotACount(f"«{number}» lớn quá mức cho phép")
    return number


def grouped(number: int) -> str:
    """1198 → "1.198" (the Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")
