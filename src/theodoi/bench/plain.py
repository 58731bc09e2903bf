"""Plain Django in place of each departure, for `compare.py`: patches, and the departures'
database objects dropped inside a transaction that is rolled back."""

import importlib
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from unittest import mock

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.lookups import In
from django.forms.renderers import DjangoTemplates

from theodoi.core.lookups import Among
from theodoi.core.rendering import FormRenderer
from theodoi.tasks import scope, search
from theodoi.tasks.models import Task
from theodoi.tasks.selectors import lists


def _migration(name: str) -> Any:
    return importlib.import_module(f"theodoi.tasks.migrations.{name}")


@contextmanager
def rolled_back(statements: Sequence[str] = ()) -> Iterator[None]:
    """A transaction rolled back at the end, after running `statements` (DDL) in it untimed;
    on PostgreSQL foreign keys are checked at once, so their cost is inside the block."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in statements:
                cursor.execute(sql)
        yield
        transaction.set_rollback(True)


def without_copy_triggers() -> AbstractContextManager[None]:
    """The coordination copies' triggers of tasks/0007 dropped (rolled back afterwards)."""
    drop = _migration("0007_coordination_task_copies")
    return rolled_back(drop.SQLITE_DROP if connection.vendor == "sqlite" else drop.POSTGRES_DROP)


def without_text_index() -> AbstractContextManager[None]:
    """The full-text index's upkeep dropped: SQLite's FTS triggers (tasks/0003), PostgreSQL's
    GIN index and its generated lexeme column (tasks/0006)."""
    if connection.vendor == "sqlite":
        return rolled_back(_migration("0003_task_text_index").SQLITE_DROP[:3])
    return rolled_back(
        ["DROP INDEX task_search_idx", "ALTER TABLE tasks_task DROP COLUMN search_vector"]
    )


_narrow = scope.Narrowing.condition


def _copies_unused(self: scope.Narrowing, state: str = "state", deadline: str = "deadline") -> Q:
    return Q() if state == "task_state" else _narrow(self, state, deadline)


def without_narrowing() -> AbstractContextManager[object]:
    """Coordinated tasks read from the coordination rows without the copies' conditions."""
    return mock.patch.object(scope.Narrowing, "condition", _copies_unused)


def _in_sql(self: Among, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
    return In(self.lhs, self.rhs).as_sql(compiler, connection)


def with_plain_in() -> AbstractContextManager[object]:
    """`__among` written as Django's `__in` writes a subquery."""
    return mock.patch.object(Among, "as_sql", _in_sql)


def with_django_selects() -> AbstractContextManager[object]:
    """Every `<select>` through Django's own templates (same renderer instance and engine)."""
    return mock.patch.object(FormRenderer, "render", DjangoTemplates.render)


def plain_match(text: str, probe: bool = True) -> search.Match | None:
    """The same question, "does each term begin a word?", asked with LIKE, as plain Django
    would (`search_text` is words separated by single spaces: `search.indexed_text`); the
    count is what the list's paginator would make, up to the same cap. No phrases, and the
    list's own order (no relevance); nothing to probe (`probe`, as `search.task_match`)."""
    terms = search.search_terms(text)
    if not terms:
        return None
    condition = Q()
    for term in terms:
        condition &= Q(search_text__startswith=term) | Q(search_text__contains=f" {term}")
    hits = Task.objects.filter(condition).order_by()[: search.COUNT_CAP + 1].count()
    return search.Match(condition, hits, walk=False)


def with_like_search() -> AbstractContextManager[object]:
    return mock.patch.object(lists, "task_match", plain_match)
