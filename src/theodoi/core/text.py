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


# Characters XML 1.0 cannot hold (and so neither .xlsx nor .docx), but people paste: Word's line
# break \x0b, page break \x0c, other C0 controls, DEL, lone surrogates, U+FFFE/U+FFFF.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"[ \t]*\n\s*")


def clean_text(text: str) -> str:
    """Text as it may be stored and written to any file: every kind of line break (Word's
    \\x0b included) becomes \\n, other control characters are dropped; tabs stay.

    >>> clean_text("Dòng 1\\x0bDòng 2\\r\\nDòng 3\\x07")
    'Dòng 1\\nDòng 2\\nDòng 3'
    """
    return _ILLEGAL.sub("", _LINE_BREAKS.sub("\n", text))


def clean_line(text: str) -> str:
    """`clean_text` for a one-line value (a code, a title, a name: what may go into a mail's
    subject): a line break becomes one space.

    >>> clean_line("1.2\\r\\n  Rà soát")
    '1.2 Rà soát'
    """
    return _NEWLINES.sub(" ", clean_text(text))
