"""Pagination for long lists, sparing the database a count it does not need."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import IntegerField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.http import urlencode


@dataclass(frozen=True)
class Counted:
    """A window's slice whose statement also counted the results: the condition keeping the
    slice's rows, and how many results there are in all."""

    condition: Q
    found: int

    @classmethod
    def of_rows(cls, rows: "Sequence[tuple[Any, int]]") -> "Counted":
        """From a statement's rows of (id, how many results in all), as `COUNT(*) OVER ()`
        gives them: an empty slice has none."""
        return cls(Q(id__in=[pk for pk, _ in rows]), rows[0][1] if rows else 0)


Window = Callable[[int, int], "Q | Counted"]


class ListPaginator(Paginator):
    """Django's paginator, with two savings:

    - the first page is read first; when it is not full, it holds every result and the
      count is its length (no COUNT query: a unit's filtered list usually fits one page);
    - with a `cap`, results are counted exactly up to it; beyond, the list says "more than
      `cap`" and offers the pages up to it (a text search matching half the register should
      not count every match before showing the first fifty).
    """

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        cap: int | None = None,
        known: int | None = None,
        counted: QuerySet[Any] | None = None,
        window: Window | None = None,
    ) -> None:
        """`counted`: the same results without what only showing them needs (the joins of a
        `values()` reading related names), when there is such a query: counted instead.
        `window`: a function of (start, size) giving a condition that keeps just that slice
        of the results, found more cheaply than by skipping `start` sorted rows
        (`tasks.scope.visible_window`); the page is then read through it. A window that
        counted the results on the way (`Counted`) has already applied every condition of
        `counted`: its rows are read from `object_list` by that condition alone, which may
        then hold just what the access rules and the order ask (ADR 0024)."""
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.counted = object_list if counted is None else counted
        self.window = window
        self.cap = cap
        self.known = known  # the number of results when the caller already knows it

    @cached_property
    def _found(self) -> int:
        if self.known is not None:
            return self.known
        if self.cap is None:
            return super().count
        return self.counted.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return self._found if self.cap is None else min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self.cap is not None and self._found > self.cap

    def get_page(self, number: Any) -> Page:
        if self.cap is not None and self.known is None:
            page = self._page_counted_along(number)
            if page is not None:
                return page
        elif str(number or "1") == "1":
            first = list(self.object_list[: self.per_page])
            if len(first) < self.per_page:
                self.__dict__["_found"] = self.__dict__["count"] = len(first)
            return Page(first, 1, self)
        return super().get_page(number)

    def page(self, number: Any) -> Page:
        """Django's page (the last one, for a number past the end), read through the window
        when there is one: with a `Counted` window, `object_list` alone is not the results."""
        if self.window is None:
            return super().page(number)
        number = self.validate_number(number)
        sliced = self.window((number - 1) * self.per_page, self.per_page)
        condition = sliced.condition if isinstance(sliced, Counted) else sliced
        return Page(list(self.queryset.filter(condition)), number, self)

    def _page_counted_along(self, number: Any) -> Page | None:
        """The page's rows with the capped count in the same statement (one round trip, not
        two: docs/adr/0013-list-page-reads.md); None for a page past the end, left to
        Django's paginator (which counts, then shows the last page)."""
        try:
            wanted = max(1, int(number or 1))
        except (TypeError, ValueError):
            wanted = 1
        assert self.cap is not None
        start = (wanted - 1) * self.per_page
        if start > self.cap:  # past the cap's last page (an OFFSET SQLite could not even read)
            return None
        found: int | None = None
        sliced = self.window(start, self.per_page) if self.window is not None else None
        if isinstance(sliced, Counted):
            rows = list(self.queryset.filter(sliced.condition))
            found = sliced.found
        else:
            counted = with_count(self.queryset, self.cap, self.counted)
            rows = list(
                counted[start : start + self.per_page] if sliced is None else counted.filter(sliced)
            )
        if not rows and wanted > 1:
            return None
        if found is None:
            full = len(rows) == self.per_page
            found = _found_in(rows[0]) if full else start + len(rows)
        self.__dict__["_found"] = found
        self.__dict__.pop("count", None)
        self.__dict__.pop("num_pages", None)
        if wanted > self.num_pages:  # past the cap's last page
            return None
        return Page(rows, wanted, self)


FOUND = "list_found"  # the annotation holding the capped count


def _found_in(row: Any) -> int:
    """The count a row carries (a model instance, or a dict read with `values()`)."""
    return int(row[FOUND] if isinstance(row, dict) else getattr(row, FOUND))


def with_count(
    queryset: QuerySet[Any], cap: int | None = None, rows: QuerySet[Any] | None = None
) -> QuerySet[Any]:
    """`queryset` with each row carrying how many rows it has (counted up to `cap` + 1 when
    given): the count as an uncorrelated scalar subquery, which SQLite and PostgreSQL work out
    once per statement, not per row. `rows`: the same rows without the joins that only
    showing them needs, counted instead (PostgreSQL does not drop a join it could), or their
    ids as a union of `values_list` querysets (`tasks.scope.visible_ids`)."""
    counted = (queryset if rows is None else rows).order_by()
    if not counted.query.combinator:  # a union of ids is counted as it is
        counted = counted.values("pk")
    if cap is not None:
        counted = counted[: cap + 1]
    try:
        sql, params = counted.query.sql_with_params()
    except EmptyResultSet:  # nothing to count (`none()`, or `IN` an empty set)
        return queryset.annotate(**{FOUND: Value(0, IntegerField())})
    count = RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS capped", params, IntegerField())
    return queryset.annotate(**{FOUND: count})


def kept_query(**params: str) -> str:
    """The query string a list's pager keeps (`core/_pager.html`): the list's parameters that
    are set, URL-encoded; the pager adds the page number."""
    return urlencode({name: value for name, value in params.items() if value})
