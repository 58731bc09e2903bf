"""`copy_demo`: what `load_demo` writes, for the tests that need the demo as their starting
point, in about a second instead of the loader's 20-30 s.

The first call in a test session runs the real `load_demo` into the test's empty database
inside a transaction, records every row it wrote (and the bytes of every file its rows name)
and rolls it back; each call then writes those rows again with their ids, by plain INSERTs (no
`save()`, no signals, no `auto_now`: the rows as the loader left them), puts back any file
missing from the storage and gives the demo's people the password asked for. A test that copies
the demo therefore starts from what the loader writes, and a loader that breaks fails the test
that records it. The record also keeps what the loader wrote as `test_copies.py` compares it
(`summary`, `files`), so that test needs no load of its own. docs/testing.md."""

import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.test.utils import override_settings

from theodoi.accounts.models import User
from theodoi.core.tests.flushing import MIGRATE_ROWS  # the loader writes every other table
from theodoi.core.tests.rowcopy import continue_sequences, insert, prepared, stored
from theodoi.demo.services import load_demo


@dataclass
class Table:
    model: type[models.Model]
    rows: list[list[Any]]  # the columns' values as the database takes them
    files: dict[str, tuple[Storage, bytes]] = field(default_factory=dict)


Summary = dict[str, Counter[tuple[object, ...]]]


@dataclass
class Record:
    tables: list[Table]
    people: list[int]  # the user rows given the password the loader was given
    loaded: Summary  # every table as the loader left it (`summary`)
    written: Counter[tuple[str, int]]  # the files the loader wrote under MEDIA_ROOT (`files`)


RECORDS: list[Record] = []  # the session's one record, once made


def copy_demo(password: str) -> None:
    """What `load_demo(password)` writes into an empty database."""
    _refuse_unless_empty()
    if not RECORDS:
        RECORDS.append(_record(password))
    record = RECORDS[0]
    with transaction.atomic():  # foreign keys are checked at the end
        for table in record.tables:
            rows = table.rows
            if table.model is User:
                rows = list(_with_password(record, table, password))
            insert(table.model, rows)
    continue_sequences([t.model for t in record.tables])
    for table in record.tables:
        for name, (storage, data) in table.files.items():
            if not storage.exists(name):
                assert storage.save(name, ContentFile(data)) == name, name


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model not in MIGRATE_ROWS
    ]


def _refuse_unless_empty() -> None:
    written = [m._meta.label for m in _tables() if m._base_manager.exists()]
    if written:
        raise AssertionError(f"copy_demo copies into an empty database; written: {written}")


def _record(password: str) -> Record:
    """The load into a storage folder of its own, so that `written` is the loader's files
    alone: the tests' folder is shared with the other database's suite running beside."""
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        return _recorded_load(password, Path(media))


def _recorded_load(password: str, media: Path) -> Record:
    tables: list[Table] = []
    people: list[int] = []
    loaded: Summary = {}
    with transaction.atomic():
        load_demo(password)
        for model in _tables():
            fields = stored(model)
            values = list(
                model._base_manager.order_by("pk").values_list(*(f.attname for f in fields))
            )
            loaded[model._meta.label] = _summarise(fields, values)
            if not values:
                continue
            for related in fields:  # their ids change when a flush makes them again
                assert related.related_model not in MIGRATE_ROWS, related
            table = Table(model, [])
            for row in values:
                table.rows.append(prepared(fields, row))
                for f, v in zip(fields, row, strict=True):
                    if isinstance(f, models.FileField) and v:
                        with f.storage.open(v) as opened:
                            table.files[v] = (f.storage, opened.read())
            if model is User:
                column = [f.attname for f in fields].index("password")
                people = [
                    i for i, row in enumerate(values) if check_password(password, row[column])
                ]
            tables.append(table)
        transaction.set_rollback(True)
    return Record(tables, people, loaded, files(media))


def _compared(fields: list[models.Field]) -> list[str]:
    """The columns two loads agree on: not ids (nor the ids rows point at), moments, password
    hashes (salted) or file names (suffixed when taken)."""
    return [
        f.attname
        for f in fields
        if not f.primary_key
        and not f.is_relation
        and not isinstance(f, models.DateTimeField | models.FileField)
        and f.attname != "password"
    ]


def _summarise(
    fields: list[models.Field], rows: list[tuple[Any, ...]]
) -> Counter[tuple[object, ...]]:
    names = [f.attname for f in fields]
    kept = [names.index(name) for name in _compared(fields)]
    counted = Counter(tuple(_plain(row[i]) for i in kept) for row in rows) if kept else Counter()
    counted[("rows",)] = len(rows)
    return counted


def summary() -> Summary:
    """Each table's rows as `_compared` keeps them, with their count."""
    answer: Summary = {}
    for model in _tables():
        fields = stored(model)
        rows = list(model._base_manager.values_list(*(f.attname for f in fields)))
        answer[model._meta.label] = _summarise(fields, rows)
    return answer


def _plain(value: object) -> object:
    """Text with its numbers taken out: a key, a link or a change record names rows by id."""
    if isinstance(value, dict | list):
        value = repr(value)
    return re.sub(r"\d+", "#", value) if isinstance(value, str) else value


def files(root: Path) -> Counter[tuple[str, int]]:
    """The files by kind and size (a generated PDF or Word file carries the moment it was
    made)."""
    return Counter((p.suffix, p.stat().st_size) for p in root.rglob("*.*"))


def recorded() -> Record:
    """The session's record of `load_demo` (made by `copy_demo`)."""
    return RECORDS[0]


def _with_password(record: Record, table: Table, password: str) -> Iterator[list[Any]]:
    column = [f.attname for f in stored(User)].index("password")
    chosen = set(record.people)
    for i, row in enumerate(table.rows):
        if i in chosen:
            row = list(row)
            row[column] = make_password(password)  # a salt of its own, as the loader's
        yield row
