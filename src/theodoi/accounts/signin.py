"""Signing in between the password and the second factor.

A right password does not sign a person in when a second factor follows: the session only
holds who passed the password (`hold`), for `HOLD_SECONDS`, and the code page or, for a
person who must have a second factor and has none, the set-up page takes it from there. Only
then does `finish` call Django's `login`. Until then the person is not signed in, so every
other page sends them back to the sign-in page: nothing else can be done half-way.

django-axes sees the two steps as one sign-in: a wrong code is reported to it as a failed
sign-in of the same username (`report_failure`), so guessing codes locks the account like
guessing passwords, and its count is reset only by `login` at the end.
"""

import time
from dataclasses import dataclass

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django_otp.models import Device

from theodoi.accounts.models import User

KEY = "theodoi_sign_in"
HOLD_SECONDS = 10 * 60


@dataclass(frozen=True)
class Held:
    user: User
    username: str  # as typed, which is what axes counts failures under
    backend: str
    next_url: str


def hold(request: HttpRequest, user: User, username: str, next_url: str) -> None:
    request.session.cycle_key()  # a session id planted before the password is not this one
    request.session[KEY] = {
        "user": user.pk,
        "username": username,
        "backend": getattr(user, "backend", ""),
        "next": next_url,
        "at": int(time.time()),
    }


def held(request: HttpRequest) -> Held | None:
    """Who passed the password in this session, if it was less than HOLD_SECONDS ago."""
    data = request.session.get(KEY)
    if not isinstance(data, dict) or time.time() - data.get("at", 0) > HOLD_SECONDS:
        drop(request)
        return None
    user = User.objects.filter(pk=data.get("user", 0), is_active=True).first()
    if user is None:
        drop(request)
        return None
    return Held(user, data["username"], data["backend"], data["next"])


def drop(request: HttpRequest) -> None:
    request.session.pop(KEY, None)


def is_locked(request: HttpRequest, held: Held) -> bool:
    """Whether axes locked the account meanwhile; AxesMiddleware then answers with the lock-out
    page, and the password has to be typed again once the lock ends."""
    credentials = {"username": held.username}
    if not AxesProxyHandler.is_locked(request, credentials):
        return False
    request.axes_locked_out = True  # type: ignore[attr-defined]  # read by AxesMiddleware
    request.axes_credentials = credentials  # type: ignore[attr-defined]
    drop(request)
    return True


def report_failure(request: HttpRequest, held: Held) -> None:
    """A wrong second-factor code counts as a failed sign-in for the lock-out."""
    user_login_failed.send(
        sender=__name__, credentials={"username": held.username}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        drop(request)


def finish(request: HttpRequest, held: Held, device: Device | None) -> None:
    """Sign the person in (a new session key; axes resets their failures), noting in the
    session which second-factor device they used."""
    drop(request)
    login(request, held.user, backend=held.backend or None)
    if device is not None:
        django_otp.login(request, device)
