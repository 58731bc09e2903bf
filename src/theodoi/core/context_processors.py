from django.http import HttpRequest

from theodoi.core.navigation import menu_for
from theodoi.notifications.selectors import unread_badge


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": menu_for(user), "unread": unread_badge(user)}
