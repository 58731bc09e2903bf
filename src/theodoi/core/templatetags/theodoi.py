from datetime import date

from django import template

from theodoi.core.dates import format_date

register = template.Library()


@register.filter
def vndate(value: date | None) -> str:
    if value is None or value == date.max:
        return ""
    return format_date(value)


@register.filter
def lookup(mapping: dict, key: object) -> object:
    """`mapping|lookup:key` — a dict value in a template (empty when missing)."""
    return mapping.get(key, "") if mapping else ""
