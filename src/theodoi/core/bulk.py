"""Inserting many plain rows at once, for jobs that write tens of thousands (the reminder job's
first day: ~40,000 notifications at 200,000 tasks). `bulk_create` prepares every field of
every model instance in Python, which there costs more than the database's work."""

from collections.abc import Sequence
from datetime import datetime

from django.db import connection, models


def db_datetime(value: datetime) -> object:
    """A datetime as this database takes it in a raw statement."""
    return connection.ops.adapt_datetimefield_value(value)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[object]],
    batch: int = 2000,
) -> None:
    """INSERT `rows` (values in the order of `fields`, already in database form: numbers,
    text, None, booleans, `db_datetime(...)`) with one executemany per batch. Columns not
    named take NULL; the caller's transaction holds it all."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])
