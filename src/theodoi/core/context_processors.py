from django.http import HttpRequest

from theodoi.core.navigation import menu_for, section_of
from theodoi.notifications.selectors import unread_badge


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    section = section_of(getattr(request, "resolver_match", None))
    return {
        "menu": menu_for(user, section),
        "current_section": section,
        "unread": unread_badge(user),
    }
