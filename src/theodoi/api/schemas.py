"""Pieces every router's schemas share: a unit as `{code, name}`, the refusals each endpoint
may answer (declared, so the OpenAPI document lists every status a client can see), a page
of results."""

from typing import Any, Generic, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import Field

from theodoi.api.errors import ErrorOut

T = TypeVar("T")

# every endpoint behind a token: no token or a bad one, too many requests
ALWAYS = (401, 429)


def answers(ok: dict[int, Any], *refusals: int) -> dict[int, Any]:
    """An operation's `response=`: its successes and, as `ErrorOut`, the refusals it may give
    (400 input, 403 not permitted, 404 not found or not visible, 409 stale) and 401/429."""
    return {**ok, **{status: ErrorOut for status in sorted({*refusals, *ALWAYS})}}


def rendered(request: HttpRequest, response: HttpResponse, data: Any) -> HttpResponse:
    """`data`, plain values already in the shape of the operation's declared answer, written
    as ninja writes a validated answer (the API's renderer, `response`'s status and headers)
    but without building and validating pydantic objects first: for a list whose objects cost
    more than its SQL (docs/adr/0016-api-list-as-values.md). The operation's test holds `data`
    to the schema."""
    from theodoi.api.main import api  # here: main imports the routers, which import this

    return api.create_response(request, data, temporal_response=response)


class UnitRef(Schema):
    id: int
    code: str
    name: str


class Page(Schema, Generic[T]):
    count: int = Field(description="số kết quả (đếm đến hết)")
    page: int
    page_size: int
    results: list[T]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000, description="trang, từ 1")
    page_size: int = Field(50, ge=1, le=200, description="số kết quả một trang (1-200)")
