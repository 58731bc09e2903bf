from datetime import date

from django import template

from theodoi.core.dates import format_date

register = template.Library()


@register.filter
def vndate(value: date | None) -> str:
    if value is None or value == date.max:
        return ""
    return format_date(value)
