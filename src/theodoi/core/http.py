"""The request a page receives once signed in, typed for the code that reads it."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from theodoi.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request past `LoginRequiredMiddleware` (settings.MIDDLEWARE): every page but the
    sign-in page gets one, so `user` is a signed-in `User`; `htmx` is set by django-htmx."""

    user: User
    htmx: HtmxDetails
