"""/api/v1/: the API's addresses, outside the pages' sign-in.

The pages' `LoginRequiredMiddleware` would send a client without a session to the sign-in
page; the API answers for itself (401 without a usable token), so its views are marked
`login_not_required`. The docs page and the OpenAPI document need no token. A path whose
part holds a NUL character names nothing: 404, before the database is asked (`parsing.py`).
A method an address does not take (DELETE, or GET on a step) is answered 405 in the API's
JSON, not with ninja's plain "Method not allowed".
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseBase, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver, re_path

from theodoi.api.errors import NOT_FOUND
from theodoi.api.main import api
from theodoi.api.parsing import NUL


def not_allowed(request: HttpRequest, allow: str) -> JsonResponse:
    methods = ", ".join(sorted(m.strip() for m in allow.split(",") if m.strip()))
    message = f"Địa chỉ này không nhận phương thức {request.method}: chỉ nhận {methods}."
    response = JsonResponse({"code": "method_not_allowed", "message": message, "errors": {}})
    response.status_code = 405
    response["Allow"] = allow
    return response


def _checked(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if any(NUL in str(value) for value in kwargs.values()):
            return unknown(request, request.path)
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return not_allowed(request, response["Allow"])
        return response

    return checked


def _open(patterns: list[Any]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(_checked(pattern.callback))
        elif isinstance(pattern, URLResolver):
            _open(pattern.url_patterns)
    return patterns


def unknown(request: HttpRequest, rest: str) -> JsonResponse:
    """An address under /api/v1/ that no endpoint serves: the API's 404, not the site's page."""
    return JsonResponse({"code": "not_found", "message": NOT_FOUND, "errors": {}}, status=404)


patterns, _app, namespace = api.urls
app_name = namespace  # "api": the name ninja reverses its own pages by
urlpatterns = _open([*patterns, re_path(r"^(?P<rest>.*)$", unknown, name="unknown")])
