"""Text helpers shared by every app: Vietnamese folding for matching and search."""

import re
import unicodedata
from decimal import Decimal

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ/Đ included) and punctuation, collapse spaces.

    >>> fold("Ban Thu - Sổ, Thẻ.")
    'ban thu so the'
    """
    return _NON_WORD.sub(" ", unaccent(text).lower()).strip()


def unaccent(text: str) -> str:
    """The text without diacritics (đ/Đ → d/D), case and punctuation kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def decimal_vi(value: Decimal) -> str:
    """A decimal as Vietnamese writes it: a comma, at most two places, no trailing zeros
    (1; 0,5; 87,25)."""
    text = format(value.quantize(Decimal("0.01")).normalize(), "f")
    return text.replace(".", ",")
