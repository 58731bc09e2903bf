"""Vietnamese alphabetical order, the same in Python and in both databases.

Code-point order puts "Đà Nẵng" after "Yên Bái" (Đ is U+0110) and "Ân" after "Yến". A person
expects the alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, letters
first, then tones (none, huyền, hỏi, ngã, sắc, nặng), then case.

- Python: `sorted(names, key=vi_key)`.
- Queries: `order_by(vi_order("name"))`. On PostgreSQL it is the ICU collation "vi" made by
  migration core 0002; on SQLite the collation "vi" that `register_sqlite` adds to each new
  connection, comparing by `vi_key`. Both give the alphabet above for names as people write
  them (tests compare them on the unit registry).
"""

import unicodedata
from functools import lru_cache
from typing import Any

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Collate

COLLATION = "vi"
# Vietnamese letters in order, with the Latin letters of foreign words where Latin puts them
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền … nặng
SPACE, PUNCTUATION, DIGITS, LETTERS, OTHER = 1, 2, 10, 100, 1000

Key = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


def _primary(letter: str) -> int:
    index = ALPHABET.find(letter) if len(letter) == 1 else -1
    if index >= 0:
        return LETTERS + index
    if letter.isdigit():
        return DIGITS + int(letter) if letter.isascii() else DIGITS + 9
    if letter.isspace():
        return SPACE
    if not letter.isalnum():
        return PUNCTUATION
    return OTHER + ord(letter[0])


@lru_cache(maxsize=4096)
def vi_key(text: str) -> Key:
    """Sort key for `text` in Vietnamese alphabetical order (kept for the last few thousand
    texts: the same names of units and people are sorted on every page that lists them)."""
    letters: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = unicodedata.normalize(
            "NFC", base.lower() + "".join(m for m in marks if m in LETTER_MARKS)
        )
        letters.append(_primary(letter))
        tones.append(next((TONES[m] for m in marks if m in TONES), 0))
        cases.append(0 if base == base.lower() else 1)
    return tuple(letters), tuple(tones), tuple(cases)


def vi_order(field: str, *, descending: bool = False) -> Any:
    """An `order_by` term sorting `field` in Vietnamese alphabetical order."""
    term = Collate(F(field), COLLATION)
    return term.desc() if descending else term.asc()


def _compare(left: str, right: str) -> int:
    a, b = vi_key(left), vi_key(right)
    return (a > b) - (a < b)


def register_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Add the collation "vi" to each new SQLite connection (`connection_created`)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def person_key(full_name: str) -> tuple[Key, Key]:
    """Sort key for people as Vietnamese lists order them: by given name (the last word:
    "Nguyễn Văn An" before "Trần Thị Bình"), then by the whole name."""
    words = full_name.split()
    return vi_key(words[-1] if words else ""), vi_key(full_name)


def in_person_order(people: QuerySet[Any]) -> QuerySet[Any]:
    """`people` (users) ordered by `person_key` for a choice list: the order is decided in
    Python (the given name is the last word of the name, which neither database can sort by
    with an index) and given to the query as positions; for the short lists of a form."""
    rows = people.values_list("pk", "full_name", "username")
    ranked = sorted(rows, key=lambda row: person_key(row[1] or row[2]))
    if not ranked:
        return people
    position = Case(
        *[When(pk=pk, then=Value(index)) for index, (pk, _, _) in enumerate(ranked)],
        output_field=IntegerField(),
    )
    return people.order_by(position)
