"""`{% task_rows rows %}`: the rows of a task table, written by `tasks.rows_html`."""

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from theodoi.tasks.rows_html import rows_html
from theodoi.tasks.selectors.lists import TaskRow

register = template.Library()


@register.simple_tag
def task_rows(rows: Iterable[TaskRow]) -> SafeString:
    return rows_html(rows)
