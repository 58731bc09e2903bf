"""Inserting and updating many plain rows at once, for jobs that write tens of thousands (the
reminder job's first day, a large plan's import). `bulk_create` prepares every field of every
model instance in Python, which there costs more than the database's work, and on SQLite sends
one INSERT per 999 values. PostgreSQL takes the rows with COPY; SQLite, in process, with
executemany; updates go by executemany on both. Why, what it saves and what guards it:
docs/adr/0008-bulk-rows.md."""

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from theodoi.core.meta import model_field


def db_datetime(value: datetime) -> object:
    """A datetime as this database takes it in a raw statement."""
    return connection.ops.adapt_datetimefield_value(value)


def _column(model: type[models.Model], name: str) -> str:
    column = model_field(model, name).column
    if column is None:
        raise ValueError(f"{model.__name__}.{name} has no column of its own")
    return column


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    batch: int = 2000,
) -> None:
    """INSERT `rows` (values in the order of `fields`, already in database form: numbers,
    text, None, booleans, `db_datetime(...)`, `connection.ops.adapt_json_value(...)`): one
    COPY on PostgreSQL, one executemany per `batch` on SQLite. Columns not named take NULL;
    the caller's transaction holds it all. Nothing is returned: the rows' ids are not known."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])


# Fields whose values the database drivers take as Python holds them (text, numbers, ids).
AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


@lru_cache(maxsize=64)
def _preparers(
    model: type[models.Model], fields: tuple[str, ...]
) -> list[tuple[str, "models.Field[Any, Any] | None"]]:
    """(attribute, the field when its value needs `get_db_prep_save`) for each field."""
    out: list[tuple[str, models.Field[Any, Any] | None]] = []
    for name in fields:
        field = model_field(model, name)
        plain = isinstance(field, AS_IS)
        out.append((field.attname, None if plain else field))
    return out


def db_row(obj: models.Model, fields: Sequence[str]) -> list[Any]:
    """`obj`'s values of `fields` in database form, as `save` would write them (for rows built
    as model instances: `insert_rows`, `update_rows`); dates, datetimes and JSON go through
    their field, the rest as they are (~5 times quicker than every field's `get_db_prep_save`)."""
    db = connections[DEFAULT_DB_ALIAS]
    return [
        getattr(obj, attname)
        if field is None
        else field.get_db_prep_save(getattr(obj, attname), db)
        for attname, field in _preparers(type(obj), tuple(fields))
    ]


def new_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` ids for rows of `model` that `insert_rows` is about to write (it gives none
    back): on PostgreSQL from the table's sequence; on SQLite, which lets one writer in at a
    time, the ones after the highest id ever given (`sqlite_sequence`). Call it on SQLite in a
    transaction that has already written, so that the write lock is held until the rows are in."""
    if count <= 0:
        return []
    table = model._meta.db_table
    column = _column(model, model._meta.pk.name)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("new_ids on SQLite needs the transaction that inserts the rows")
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(coalesce((SELECT max({quote(column)}) FROM {quote(table)}), 0), "
            "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        top = int(cursor.fetchone()[0])
    return list(range(top + 1, top + 1 + count))


def update_rows(
    model: type[models.Model],
    fields: Sequence[str],
    keys: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> int:
    """UPDATE each row of `rows` (values of `fields`, then of `keys`, in database form) where
    its `keys` match, with one executemany; returns how many rows changed. With a version among
    the keys, a row changed since it was read is not written (the count says so)."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(_column(model, name))} = %s" for name in fields)
    where = " AND ".join(f"{quote(_column(model, name))} = %s" for name in keys)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {where}", rows)
        return cursor.rowcount
