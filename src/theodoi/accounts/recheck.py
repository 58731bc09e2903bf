"""Typing the password again inside a session (the person's own password change, turning the
second factor on or off, new recovery codes) is guessed no more freely than at sign-in.

A wrong current password is reported to django-axes as a failed sign-in of the person's
username, so `THEODOI_LOGIN_FAILURE_LIMIT` failures in a row, at sign-in or here, lock the
account; once it is locked such a form is refused with the lock-out page and the session is
signed out. A right password does not reset the count (only a finished sign-in does).

A page whose form asks for the current password is decorated with `counted` (outermost, so
that the report is written after, and outside, any transaction the page rolls back) and runs
its service through `submit`.
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse

from theodoi.core import forms as core_forms
from theodoi.core.errors import ValidationFailed
from theodoi.core.http import AuthedRequest

T = TypeVar("T")
FIELD = "current_password"
_WRONG = "theodoi_wrong_current_password"

View = Callable[..., HttpResponse]


def _credentials(request: AuthedRequest) -> dict[str, str]:
    return {"username": request.user.username}


def _lock_out(request: AuthedRequest, response: HttpResponse) -> HttpResponse:
    """Sign the session out; AxesMiddleware answers with the lock-out page instead."""
    request.axes_locked_out = True  # type: ignore[attr-defined]  # read by AxesMiddleware
    request.axes_credentials = _credentials(request)  # type: ignore[attr-defined]
    logout(request)
    return response


def counted(view: View) -> View:
    """Refuse the page's form while the account is locked; report a wrong current password
    (noted by `submit`) to the lock-out once the page has answered."""

    @wraps(view)
    def guarded(request: AuthedRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method == "POST" and AxesProxyHandler.is_locked(request, _credentials(request)):
            return _lock_out(request, HttpResponse(status=429))
        response = view(request, *args, **kwargs)
        if getattr(request, _WRONG, False):
            user_login_failed.send(
                sender=__name__, credentials=_credentials(request), request=request
            )
            if getattr(request, "axes_locked_out", False):
                return _lock_out(request, response)
        return response

    return guarded


def submit(request: AuthedRequest, form: forms.Form, action: Callable[[], T]) -> T | None:
    """`core.forms.submit`, noting on the request a refusal of the current password."""

    def run() -> T:
        try:
            return action()
        except ValidationFailed as exc:
            if FIELD in exc.errors:
                setattr(request, _WRONG, True)
            raise

    return core_forms.submit(form, run)
