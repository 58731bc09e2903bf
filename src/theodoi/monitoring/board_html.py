"""The rows of the dashboard's tables (by unit, document, leader), written in Python rather
than by the template engine: the agency's board has a row for each of a hundred units, each
with five numbers and their links, and the engine spent about a third of the page's time on
them, as it did on the task list's rows (`tasks.rows_html`, ADR 0013). The same HTML, escaped
as Django's autoescape does; `monitoring/tests/test_board_html.py` compares the two."""

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from theodoi.monitoring.dashboard import Row

EMPTY = '<tr>\n<td colspan="6">Không có nhiệm vụ.</td>\n</tr>'


def _row(row: Row) -> str:
    cells = "".join(
        f'<td class="k-{escape(key)}"><a href="{escape(cell.url)}">{cell.count}</a></td>\n'
        for key, _, cell in row.ordered
    )
    total = row.total
    return (
        f'<tr>\n<th scope="row">{escape(row.label)}</th>\n'
        f'<td><a href="{escape(total.url)}">{total.count}</a></td>\n{cells}</tr>'
    )


def rows_html(rows: Iterable[Row]) -> SafeString:
    written = "\n".join(_row(row) for row in rows)
    return mark_safe(written or EMPTY)  # every value was escaped above
