"""`Cache-Control: no-store` on every page and download the site makes.

Pages show a person's tasks, names and files; a shared computer's browser cache, or a proxy
between a provincial office and us, must not keep them after the person signs out. The
middleware sits after WhiteNoise, which answers static files itself (with its own caching),
so only what a view made passes here: signed-in pages, htmx fragments, downloads, and the
sign-in and password pages (a reset link's page included).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True)
        return response
