"""Idle sessions end after `SESSION_COOKIE_AGE`; activity keeps them alive.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) costs a write per page. A
session is renewed instead when its last renewal is older than `RENEW_AFTER`, so a person
working is never signed out and one who left is signed out between AGE - RENEW_AFTER and AGE
after their last page.
"""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

RENEW_AFTER = 60  # seconds
KEY = "_renewed_at"


class IdleSessionMiddleware:
    """Placed right after SessionMiddleware, so the session is marked before it is saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(KEY, 0)) >= RENEW_AFTER:
                session[KEY] = now  # marks the session modified: saved with a fresh expiry
        return response
