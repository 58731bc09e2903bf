"""Inserting many plain rows at once, for jobs that write tens of thousands (the reminder job's
first day). `bulk_create` prepares every field of every model instance in Python, which there
costs more than the database's work. PostgreSQL takes the rows with COPY; SQLite, in process,
with executemany. Why, what it saves and what guards it: docs/adr/0008-bulk-rows.md."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models

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
