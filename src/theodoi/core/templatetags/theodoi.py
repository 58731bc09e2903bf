from datetime import date
from decimal import Decimal

from django import template

from theodoi.core.dates import format_date
from theodoi.core.text import decimal_vi

register = template.Library()


@register.filter
def vndate(value: date | None) -> str:
    if value is None or value == date.max:
        return ""
    return format_date(value)


@register.filter
def vnnum(value: Decimal | int | None) -> str:
    """A number with a decimal comma (empty for None)."""
    if value is None:
        return ""
    return decimal_vi(Decimal(value))
