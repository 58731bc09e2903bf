"""The rows of a task table (`tasks/_rows.html`: the list, my work, a document's and a
task's tasks), written in Python rather than by the template engine.

Fifty rows of six cells each were the largest part of the list page's time: the template
engine resolves each `{{ row.… }}` and `{% if %}` with several lookups, about 30 µs a row's
variable. Written here, the same HTML, escaped the same way (Django's autoescape is
`html.escape` with quotes), costs a tenth of it. `tasks/tests/test_rows_html.py` compares it
with what Django's template writes. Measured gain: docs/adr/0013-list-page-reads.md.
"""

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from theodoi.tasks.selectors.lists import TaskRow

EMPTY = '<tr>\n<td colspan="6">Không có nhiệm vụ nào.</td>\n</tr>'


def _deadline(row: TaskRow) -> str:
    deadline = row.deadline
    if deadline:
        original = row.original_deadline
        moved = f' <small class="muted">(ban đầu {escape(original)})</small>' if original else ""
        return f"{escape(deadline)}{moved}"
    waiting = row.waiting
    if waiting:
        return f'<span class="muted">{escape(waiting)}</span>'
    return '<span class="muted">Không thời hạn</span>'


def _row(row: TaskRow) -> str:
    children = ""
    if row.children_total:
        children = f" <strong>{row.children_done}/{row.children_total}</strong>"
    klass = row.klass
    badge = (
        f'<span class="badge k-{escape(klass)}">{escape(row.klass_label)}</span>' if klass else ""
    )
    return (
        "<tr>\n"
        f'<td data-label="Mã">{escape(row.task.code)}</td>\n'
        f'<td data-label="Nội dung">\n<a href="{escape(row.url)}">{escape(row.summary)}</a>\n'
        f'<small class="muted">{escape(row.source)}</small>\n</td>\n'
        f'<td data-label="Chủ trì">{escape(row.lead)}</td>\n'
        f'<td data-label="Thời hạn">\n{_deadline(row)}\n</td>\n'
        f'<td data-label="Trạng thái">{escape(row.state_label)}{children}</td>\n'
        f'<td data-label="Tình hình">{badge}</td>\n'
        "</tr>"
    )


def rows_html(rows: Iterable[TaskRow]) -> SafeString:
    """The `<tr>` of each row (or the one saying there is none), every value escaped."""
    written = "\n".join(_row(row) for row in rows)
    return mark_safe(written or EMPTY)  # every value was escaped above
