"""How a test that commits is undone (`conftest.flush_without_migrate_rows`).

Django ends a `TransactionTestCase` (pytest-django's `transaction=True` and `live_server`) by
running `flush`: every table is emptied, the content types and permissions too, and the
`post_migrate` signal then writes those back, about 250 statements. Measured on 01/12/2026:
430 ms a test on PostgreSQL, of which 280 ms is writing back, and 120 ms on SQLite, of which
100 ms; some 80 tests end so on PostgreSQL and 120 on SQLite (the browser tests' live server).

The rows `migrate` writes are the same before and after a test, so `flush_tables` empties every
other table, as `flush` does, and sends no signal. A test that wrote a content type or a
permission would leave it for the next, so their counts are taken before each test and a test
that moved them fails at its end.
"""

from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections
from django.test import TransactionTestCase

MIGRATE_ROWS = (ContentType, Permission)  # what `migrate` and its post_migrate handlers write
# Django's own (private, so untyped in django-stubs); `_fixture_setup` is a class method
FIXTURE_SETUP: Any = vars(TransactionTestCase)["_fixture_setup"]
FIXTURE_TEARDOWN: Any = vars(TransactionTestCase)["_fixture_teardown"]


def _kept_counts(alias: str) -> tuple[int, ...]:
    return tuple(model._base_manager.using(alias).count() for model in MIGRATE_ROWS)


def flush_tables(alias: str) -> None:
    """Empty every table but `MIGRATE_ROWS`'s, as `flush` would (the sequences go on)."""
    connection = connections[alias]
    kept = {model._meta.db_table for model in MIGRATE_ROWS}
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    tables = [name for name in names if name not in kept]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=False)
    )


def _shortcut(case: Any) -> bool:
    """Not for Django's other ways of undoing a test, which the shortcut does not cover."""
    return case.available_apps is None and not case.serialized_rollback


def _fixture_setup(cls: Any) -> None:
    FIXTURE_SETUP.__func__(cls)
    if _shortcut(cls):  # pytest-django makes a class for each test
        cls.kept_counts = {a: _kept_counts(a) for a in cls._databases_names(False)}


def _fixture_teardown(self: Any) -> None:
    if not _shortcut(self):
        return FIXTURE_TEARDOWN(self)
    for alias, counts in type(self).kept_counts.items():
        if _kept_counts(alias) != counts:
            raise AssertionError(
                f"the test wrote content types or permissions in {alias!r}, which the "
                "shortcut of core/tests/flushing.py keeps: undo it with Django's `flush`"
            )
        flush_tables(alias)


def install() -> None:
    """Every transactional test is undone by `flush_tables`."""
    setattr(TransactionTestCase, "_fixture_setup", classmethod(_fixture_setup))  # noqa: B010
    setattr(TransactionTestCase, "_fixture_teardown", _fixture_teardown)  # noqa: B010


def uninstall() -> None:
    setattr(TransactionTestCase, "_fixture_setup", FIXTURE_SETUP)  # noqa: B010
    setattr(TransactionTestCase, "_fixture_teardown", FIXTURE_TEARDOWN)  # noqa: B010
