"""Text helpers shared by every app: Vietnamese folding for matching and search."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ/Đ included) and punctuation, collapse spaces.

    >>> fold("Ban Thu - Sổ, Thẻ.")
    'ban thu so the'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())
