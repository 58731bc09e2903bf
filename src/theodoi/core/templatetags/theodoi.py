from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from theodoi.core import once
from theodoi.core.dates import format_date, format_duration
from theodoi.core.navigation import MenuItem, menu_html
from theodoi.core.text import decimal_vi

register = template.Library()


@register.filter
def vndate(value: date | None) -> str:
    if value is None or value == date.max:
        return ""
    return format_date(value)


@register.filter
def vnduration(value: timedelta | None) -> str:
    return format_duration(value) if value is not None else ""


@register.filter
def vnnum(value: Decimal | int | None) -> str:
    """A number with a decimal comma (empty for None)."""
    if value is None:
        return ""
    return decimal_vi(Decimal(value))


@register.simple_tag(takes_context=True)
def form_token(context: template.Context) -> str:
    """The one-time token of a form that creates something (`core/once.py`): a text input
    hidden from view, which a browser restores with the rest of the form after Back."""
    user = getattr(context.get("request"), "user", None)
    return format_html(
        '<input type="text" name="{}" value="{}" hidden aria-hidden="true" tabindex="-1">',
        once.FIELD,
        once.new_token(getattr(user, "pk", None)),
    )


@register.simple_tag
def menu_items(items: Iterable[MenuItem]) -> SafeString:
    return menu_html(items)
