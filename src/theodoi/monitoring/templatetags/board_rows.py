"""`{% board_rows rows %}`: the rows of a dashboard table, written by `monitoring.board_html`."""

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from theodoi.monitoring.board_html import rows_html
from theodoi.monitoring.dashboard import Row

register = template.Library()


@register.simple_tag
def board_rows(rows: Iterable[Row]) -> SafeString:
    return rows_html(rows)
