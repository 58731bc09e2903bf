"""Idle sessions end after `SESSION_COOKIE_AGE`; activity keeps them alive.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) costs a write per page. A
session is renewed instead when its last renewal is older than `RENEW_AFTER`, so a person
working is never signed out and one who left is signed out between AGE - RENEW_AFTER and AGE
after their last page. A request the page makes by itself (the bell asking every minute) is
not activity (`not_activity`), so a tab left open still signs out.

When a session has ended, an htmx request (a filter, the bell) is answered with `HX-Redirect`
to the sign-in page, coming back to the page the person was on: without it the browser would
follow the redirect quietly and put the sign-in form inside the page.
"""

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect

RENEW_AFTER = 60  # seconds
KEY = "_renewed_at"
NOT_ACTIVITY = "theodoi_not_activity"


def not_activity(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose requests do not keep the session alive."""

    @wraps(view)
    def marked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        setattr(request, NOT_ACTIVITY, True)
        return view(request, *args, **kwargs)

    return marked


class IdleSessionMiddleware:
    """Placed right after SessionMiddleware, so the session is marked before it is saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, NOT_ACTIVITY, False):
            return response
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(KEY, 0)) >= RENEW_AFTER:
                session[KEY] = now  # marks the session modified: saved with a fresh expiry
        return response


class HtmxSignInMiddleware:
    """Placed right before LoginRequiredMiddleware (and after HtmxMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        htmx = getattr(request, "htmx", None)
        if not htmx or not isinstance(response, HttpResponseRedirect):
            return response
        if urlsplit(response.url).path != resolve_url("login"):
            return response
        page = urlsplit(htmx.current_url or "/")  # the page the request came from
        back = page.path + (f"?{page.query}" if page.query else "")
        return HttpResponseClientRedirect(redirect_to_login(back).url)
