"""Through what a change was made, when not through the pages: an API token.

The API's authentication names the token for the rest of the request (`acting_through`);
`audit.services.actor_fields` writes it beside the person into every change record and task
event of that request, so the history says "Nguyễn Văn A, qua API (khóa «văn thư điện tử»)".
`OriginMiddleware` clears it around every request, so nothing carries over to the next one
served by the same thread.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_via: ContextVar[str] = ContextVar("theodoi_via", default="")
API = "api:"  # what the API's authentication writes before the token's name


def current_via() -> str:
    """What the current change goes through: "" for the pages and commands, else "api:<name>"."""
    return _via.get()


def via_words(via: str) -> str:
    """What a change went through, as the history says it beside the person: "qua API (khóa
    «Văn thư điện tử»)"; "" for the pages and commands; any other label as written."""
    if not via:
        return ""
    if via.startswith(API):
        return f"qua API (khóa «{via.removeprefix(API)}»)"
    return f"qua {via}"


def set_via(label: str) -> None:
    _via.set(label)


@contextmanager
def acting_through(label: str) -> Iterator[None]:
    token = _via.set(label)
    try:
        yield
    finally:
        _via.reset(token)


class OriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _via.set("")
        try:
            return self.get_response(request)
        finally:
            _via.reset(token)
