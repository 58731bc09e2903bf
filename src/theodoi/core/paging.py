"""Pagination for long lists, sparing the database a count it does not need."""

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.http import urlencode


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
    ) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap
        self.known = known  # the number of results when the caller already knows it

    @cached_property
    def _found(self) -> int:
        if self.known is not None:
            return self.known
        if self.cap is None:
            return super().count
        return self.queryset.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return self._found if self.cap is None else min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self.cap is not None and self._found > self.cap

    def get_page(self, number: Any) -> Page:
        if str(number or "1") == "1":
            first = list(self.object_list[: self.per_page])
            if len(first) < self.per_page:
                self.__dict__["_found"] = self.__dict__["count"] = len(first)
            return Page(first, 1, self)
        return super().get_page(number)


def kept_query(**params: str) -> str:
    """The query string a list's pager keeps (`core/_pager.html`): the list's parameters that
    are set, URL-encoded; the pager adds the page number."""
    return urlencode({name: value for name, value in params.items() if value})
