"""Rows read once and written again by plain INSERTs with their ids: how the tests' shared
starting points (the sample registry in `conftest.py`, the demo in `demo/tests/copies.py`)
are put into each test that asks for them, without `save()`, signals or `auto_now`: the rows
as their loader left them."""

from collections.abc import Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Q


def stored(model: type[models.Model]) -> list[models.Field]:
    """The columns a row is written with (a generated column is the database's own)."""
    return [f for f in model._meta.concrete_fields if not f.generated]


def prepared(fields: list[models.Field], row: Sequence[Any]) -> list[Any]:
    """A row of `fields`' values as the database takes them."""
    return [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]


def read(model: type[models.Model], where: Q | None = None) -> list[list[Any]]:
    """The rows of `model` (those matching `where`) in id order, as the database takes them."""
    fields = stored(model)
    rows = model._base_manager.filter(where or Q()).order_by("pk")
    return [prepared(fields, row) for row in rows.values_list(*(f.attname for f in fields))]


def insert(model: type[models.Model], rows: list[list[Any]]) -> None:
    """`rows` (as `read` gives them) written into `model`'s table, as many to a statement as
    the database takes (`executemany` sent PostgreSQL one statement a row: the registry's
    copy took 20.0 ms that way, 18.2 ms this way)."""
    quote = connection.ops.quote_name
    fields = stored(model)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, connection.ops.bulk_batch_size(fields, rows))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            values = ", ".join([marks] * len(batch))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}"
            cursor.execute(sql, [value for row in batch for value in row])


def continue_sequences(written: list[type[models.Model]]) -> None:
    """PostgreSQL: the ids given next come after the copied ones (SQLite needs nothing)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), written):
            cursor.execute(sql)
