"""Reading a "lead" or "coordinating" cell of a plan into units and groups, as of the plan's date.

Cells list units with commas, semicolons, line breaks, bullets ("- ", "+ "), dashes or "và";
names may themselves hold a comma or a dash ("BHXH các tỉnh, thành phố", "Sổ - Thẻ") or be
broken over two lines, so the pieces are joined back greedily whenever the longer name is
known. A prefix before a colon distributes over the list ("Các đơn vị: CSXH, Thu, Sổ - Thẻ";
"Trung tâm: Công nghệ thông tin, Lưu trữ"). What is not recognised is kept as written.
"""

import re
from dataclasses import dataclass
from datetime import date

from theodoi.organisation.groups import Group
from theodoi.organisation.resolver import Resolution, UnitResolver

GROUP_TOKENS = {g.value: g for g in Group}

_BULLET = re.compile(r"^\s*[-+•·*–]\s*")
_HARD = re.compile(r";|\n(?=\s*[-+•·*–]\s)")
# Separators inside a list; kept so that pieces can be joined back into one name.
_SOFT = re.compile(r"(,|\n|\s+và\s+|\s+-\s+|\s+–\s+|/)")
_GENERIC_PREFIX = re.compile(
    r"^(các|những)?\s*(đơn vị|cơ quan|ban|vụ|đơn vị trực thuộc|đơn vị chức năng)\s*$",
    re.IGNORECASE,
)
_MAX_JOIN = 4  # pieces a single name can span ("BHXH các tỉnh" + "thành phố")


@dataclass(frozen=True)
class Named:
    """One unit or group named in a cell (or a name kept as written)."""

    resolution: Resolution

    @property
    def token(self) -> str:
        return self.resolution.token

    @property
    def resolved(self) -> bool:
        return self.resolution.resolved


def read_cell(text: str, as_of: date, resolver: UnitResolver) -> list[Named]:
    """Every unit or group named in `text`, in order, each once."""
    found: list[Named] = []
    tokens: set[str] = set()
    for part in _HARD.split(text or ""):
        part = _BULLET.sub("", part).strip()
        if not part:
            continue
        prefix, items = _split_prefix(part)
        for named in _read_list(items, prefix, as_of, resolver):
            if named.token not in tokens:
                tokens.add(named.token)
                found.append(named)
    return found


def _split_prefix(part: str) -> tuple[str, str]:
    if ":" not in part:
        return "", part
    head, _, tail = part.partition(":")
    if len(head.split()) > 4 or not tail.strip():
        return "", part
    return head.strip(), tail.strip()


def _read_list(items: str, prefix: str, as_of: date, resolver: UnitResolver) -> list[Named]:
    pieces = _SOFT.split(items)
    words = pieces[0::2]
    seps = pieces[1::2]
    out: list[Named] = []
    i = 0
    while i < len(words):
        if not words[i].strip(" .;,"):
            i += 1
            continue
        chosen: tuple[int, Resolution] | None = None
        for j in range(min(len(words), i + _MAX_JOIN), i, -1):
            name = words[i]
            for k in range(i + 1, j):
                sep = seps[k - 1]
                name += " " if sep == "\n" else sep
                name += words[k]
            found = _resolve(name, prefix, as_of, resolver)
            if found.resolved and (found.certain or j == i + 1):  # joined names: in force only
                chosen = (j, found)
                break
        if chosen is None:
            j, found = _unresolved(words, seps, i, prefix, as_of, resolver)
            chosen = (j, found)
        out.append(Named(chosen[1]))
        i = chosen[0]
    return out


def _unresolved(
    words: list[str], seps: list[str], i: int, prefix: str, as_of: date, resolver: UnitResolver
) -> tuple[int, Resolution]:
    """An unknown name runs to the next comma or semicolon (a phrase is one unknown, not five);
    words broken over lines and dashes inside it are joined back."""
    j = i + 1
    name = words[i]
    while (
        j < len(words)
        and seps[j - 1] != ","
        and not _resolve(words[j], prefix, as_of, resolver).resolved
    ):
        name += " " if seps[j - 1] == "\n" else seps[j - 1]
        name += words[j]
        j += 1
    return j, resolver.resolve(_with_prefix(name, prefix), as_of)


def _resolve(name: str, prefix: str, as_of: date, resolver: UnitResolver) -> Resolution:
    name = " ".join(name.split()).strip(" .;,-–")
    if name.upper() in GROUP_TOKENS:  # a group typed as its token, e.g. in a correction
        return Resolution(text=GROUP_TOKENS[name.upper()].label, group=GROUP_TOKENS[name.upper()])
    found = resolver.resolve(name, as_of)
    if found.resolved or not prefix:
        return found
    candidate = _with_prefix(name, prefix)
    with_prefix = resolver.resolve(candidate, as_of)
    return with_prefix if with_prefix.resolved else found


def _with_prefix(name: str, prefix: str) -> str:
    if not prefix or _GENERIC_PREFIX.match(prefix):
        return name
    return f"{prefix} {name}"
