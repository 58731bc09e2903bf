"""The change log as an auditor reads it: each record in Vietnamese words, with names for the
units, people, tasks and documents it refers to (tasks and documents as links), days as
dd/mm/yyyy and moments in Asia/Ho_Chi_Minh.

`present(records)` reads a page of records with a fixed number of queries: it first gathers
every id the page refers to, then looks them up with one query per kind of record. Old rows
read too: a record that is gone, a key or an action no longer known shows its value as kept,
with a note."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.audit.models import ChangeRecord
from theodoi.audit.origin import via_words
from theodoi.audit.wording import (
    GONE,
    UNKNOWN_CHOICE,
    UNKNOWN_TYPE,
    Reading,
    Way,
    action_words,
    model_of,
    noun,
    reading_for,
)
from theodoi.core.dates import format_date
from theodoi.core.text import decimal_vi
from theodoi.organisation.groups import Group
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.tasks.models import Document, Task

EMPTY = "—"
NOTHING: list[object] = [None, "", [], {}]
LIST_SHOWN = 20  # a longer list (a hand-over of 300 tasks) shows this many and a count
SHORT = 70  # characters of a task's content or a document's summary
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Piece:
    """One value as shown: its words, a link to its page if it has one, a note if it is odd."""

    text: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: tuple[Piece, ...] | None  # None: the record keeps no "before" (a creation)
    after: tuple[Piece, ...] | None  # None: no "after" (a deletion)
    note: str = ""


@dataclass(frozen=True)
class ChangeLine:
    at: str
    actor: str
    via: str  # what the change went through, in words ("qua API (khóa «…»)"), or ""
    action: str
    action_note: str
    kind: str  # what was changed: "Đơn vị", "Văn bản"
    subject: Piece
    changes: tuple[FieldChange, ...]
    reason: str


# --- looking records up, one query per model ---------------------------------------------------


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _units(ids: set[int], codes: set[str]) -> tuple[dict[int, Piece], dict[str, Piece]]:
    by_id: dict[int, Piece] = {}
    by_code: dict[str, Piece] = {}
    if not ids and not codes:
        return by_id, by_code
    found = Unit.objects.filter(Q(pk__in=ids) | Q(code__in=codes))
    for unit in found.only("code", "name", "short_name"):
        piece = Piece(unit_label(unit), reverse("organisation:detail", args=[unit.pk]))
        by_id[unit.pk] = by_code[unit.code] = piece
    return by_id, by_code


def _users(ids: set[int]) -> dict[int, Piece]:
    found = User.objects.filter(pk__in=ids).only("full_name", "username")
    return {user.pk: Piece(str(user)) for user in found}


def _tasks(ids: set[int]) -> dict[int, Piece]:
    found = Task.objects.filter(pk__in=ids).only("code", "content")
    return {
        task.pk: Piece(
            f"{task.code}. {_short(task.content)}" if task.code else _short(task.content),
            reverse("tasks:detail", args=[task.pk]),
        )
        for task in found
    }


def _documents(ids: set[int]) -> dict[int, Piece]:
    found = Document.objects.filter(pk__in=ids).only("kind", "number", "issued_on", "summary")
    return {
        doc.pk: Piece(
            f"{doc.get_kind_display()} {doc}: {_short(doc.summary)}",
            reverse("tasks:document", args=[doc.pk]),
        )
        for doc in found
    }


def _by_str(object_type: str) -> Callable[[set[int]], dict[int, Piece]]:
    def look_up(ids: set[int]) -> dict[int, Piece]:
        model = model_of(object_type)
        if model is None:
            return {}
        found = model._default_manager.filter(pk__in=ids)
        if object_type == "monitoring.urgingletter":
            found = found.select_related("unit")
        return {obj.pk: Piece(str(obj)) for obj in found}

    return look_up


LOOKUPS: dict[str, Callable[[set[int]], dict[int, Piece]]] = {
    "accounts.user": _users,
    "tasks.task": _tasks,
    "tasks.document": _documents,
}
LINKED = {"organisation.unit", "tasks.task", "tasks.document"}  # the subject links to its page


@dataclass
class _Wanted:
    ids: defaultdict[str, set[int]]
    codes: set[str]


def _as_id(value: object) -> int | None:
    """A primary key as kept (a number, or its digits as text); None for anything else, and
    for a number no table could hold (a query with it would fail on PostgreSQL)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None


def _items(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _ref_model(reading: Reading, side: Mapping[str, Any]) -> str:
    if reading.way is Way.SOURCE:
        return str(side.get("source_type", ""))
    return reading.model


def _sides(record: ChangeRecord) -> list[Mapping[str, Any]]:
    return [side for side in (record.before, record.after) if isinstance(side, dict)]


def _gather(records: Sequence[ChangeRecord]) -> _Wanted:
    wanted = _Wanted(defaultdict(set), set())
    for record in records:
        if record.object_type in LINKED and (pk := _as_id(record.object_id)) is not None:
            wanted.ids[record.object_type].add(pk)
        for side in _sides(record):
            for key, value in side.items():
                reading = reading_for(record.object_type, key)
                if reading.way is Way.UNIT_CODE:
                    wanted.codes |= {str(v) for v in _items(value)[:LIST_SHOWN]}
                elif reading.way in (Way.REF, Way.SOURCE):
                    model = _ref_model(reading, side)
                    ids = (_as_id(v) for v in _items(value)[:LIST_SHOWN])
                    wanted.ids[model] |= {pk for pk in ids if pk is not None}
    return wanted


@dataclass
class _Found:
    ids: dict[str, dict[int, Piece]]
    codes: dict[str, Piece]


def _look_up(wanted: _Wanted) -> _Found:
    units, codes = _units(wanted.ids.get("organisation.unit", set()), wanted.codes)
    found = _Found({"organisation.unit": units}, codes)
    for model, ids in wanted.ids.items():
        if model != "organisation.unit" and ids:
            found.ids[model] = LOOKUPS.get(model, _by_str(model))(ids)
    return found


# --- words for values ------------------------------------------------------------------------


def _moment(value: datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def plain(value: object) -> str:
    """Any kept value as words: a day or a moment kept as ISO text reads dd/mm/yyyy."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items())
    if isinstance(value, str):
        return _day_or_moment(value) or value
    return str(value)


def _day_or_moment(text: str) -> str:
    if len(text) == 10:
        try:
            return format_date(date.fromisoformat(text))
        except ValueError:
            return ""
    if 16 <= len(text) <= 40 and text[4:5] == "-" and text[10:11] == "T":
        try:
            return _moment(datetime.fromisoformat(text))
        except ValueError:
            return ""
    return ""


def _weight(value: object) -> str:
    try:
        return decimal_vi(Decimal(str(value)))
    except InvalidOperation:
        return plain(value)


def _piece(reading: Reading, value: object, side: Mapping[str, Any], found: _Found) -> Piece:
    if value is None or value == "":
        return Piece(EMPTY)
    way = reading.way
    if way is Way.FLAG and isinstance(value, bool):
        return Piece("Có" if value else "Không")
    if way is Way.CHOICE:
        label = reading.choices.get(str(value))
        return Piece(label) if label else Piece(plain(value), note=UNKNOWN_CHOICE)
    if way is Way.UNIT_CODE:
        if str(value) in {g.value for g in Group}:  # a group of units (@PROVINCES)
            return Piece(Group(str(value)).label)
        return found.codes.get(str(value)) or Piece(str(value), note=GONE)
    if way in (Way.REF, Way.SOURCE):
        pk = _as_id(value)
        model = _ref_model(reading, side)
        piece = found.ids.get(model, {}).get(pk) if pk is not None else None
        return piece or Piece(plain(value), note=GONE)
    if way is Way.MODEL_NAME:
        model_label = str(value)
        if model_of(model_label) is None and model_label not in (None, ""):
            return Piece(model_label, note=UNKNOWN_TYPE)
        return Piece(_capital(noun(model_label)))
    return Piece(plain(value))


def _pieces(
    reading: Reading, value: object, side: Mapping[str, Any], found: _Found
) -> tuple[Piece, ...]:
    if not isinstance(value, list):
        return (_piece(reading, value, side, found),)
    if not value:
        return (Piece(EMPTY),)
    shown = tuple(_piece(reading, v, side, found) for v in value[:LIST_SHOWN])
    more = len(value) - LIST_SHOWN
    return shown + ((Piece(f"… và {more} mục khác"),) if more > 0 else ())


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- records -----------------------------------------------------------------------------------


def _changes(record: ChangeRecord, found: _Found) -> tuple[FieldChange, ...]:
    before = record.before if isinstance(record.before, dict) else None
    after = record.after if isinstance(record.after, dict) else None
    old, new = before or {}, after or {}
    keys = list(dict.fromkeys([*old.keys(), *new.keys()]))
    lines = []
    for key in keys:
        if old.get(key) == new.get(key):
            continue
        if (
            (before is None or after is None)
            and old.get(key) in NOTHING
            and new.get(key) in NOTHING
        ):
            continue  # a creation or a deletion says only what the record held
        reading = reading_for(record.object_type, key)
        if reading.way is Way.WEIGHTS and isinstance(old.get(key), dict | None):
            lines += _weights(reading, old.get(key), new.get(key))
            continue
        lines.append(
            FieldChange(
                label=_capital(reading.label),
                before=None if before is None else _pieces(reading, old.get(key), old, found),
                after=None if after is None else _pieces(reading, new.get(key), new, found),
                note=reading.note,
            )
        )
    return tuple(lines)


def _weights(reading: Reading, before: object, after: object) -> list[FieldChange]:
    """One line per criterion whose weight changed (a weight not kept is 0)."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    lines = []
    for key in dict.fromkeys([*old.keys(), *new.keys()]):
        was, now = _weight(old.get(key, 0)), _weight(new.get(key, 0))
        if was != now:
            label = f"{_capital(reading.label)}: {reading.choices.get(str(key), str(key))}"
            side = (Piece(was),) if before is not None else None
            lines.append(FieldChange(label, side, (Piece(now),) if after is not None else None))
    return lines


def _subject(record: ChangeRecord, found: _Found) -> Piece:
    pk = _as_id(record.object_id)
    known = found.ids.get(record.object_type, {}).get(pk) if pk is not None else None
    url = known.url if known is not None and record.object_type in LINKED else ""
    return Piece(record.object_repr, url)


def _actor(record: ChangeRecord) -> str:
    if record.actor is not None:
        return str(record.actor)
    return record.actor_label


def present(records: Iterable[ChangeRecord]) -> list[ChangeLine]:
    """The records as lines of the log (records with `actor` selected with them)."""
    page = list(records)
    found = _look_up(_gather(page))
    lines = []
    for record in page:
        action, action_note = action_words(record.action, record.object_type)
        lines.append(
            ChangeLine(
                at=_moment(record.at),
                actor=_actor(record),
                via=via_words(record.via),
                action=action,
                action_note=action_note,
                kind=_capital(noun(record.object_type)),
                subject=_subject(record, found),
                changes=_changes(record, found),
                reason=record.reason,
            )
        )
    return lines
