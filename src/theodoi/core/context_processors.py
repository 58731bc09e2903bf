from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from theodoi.core.navigation import menu_for, section_of
from theodoi.notifications.selectors import unread_badge


def navigation(request: HttpRequest) -> dict:
    """The menu and the bell's count, worked out only if the template draws them: an htmx
    fragment (a list's filter or pager) draws neither. The count usually comes with the
    signed-in person (docs/adr/0013, "The bell"), else it is read here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    section = section_of(getattr(request, "resolver_match", None))
    return {
        "menu": SimpleLazyObject(lambda: menu_for(user, section)),
        "current_section": section,
        "unread": SimpleLazyObject(lambda: unread_badge(user)),
    }
