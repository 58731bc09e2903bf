"""The dashboard's table rows written in Python are the HTML the template engine wrote, with
labels and addresses escaped the same way."""

from django.template import Context, Template
from django.test.html import parse_html

from theodoi.monitoring.board_html import rows_html
from theodoi.monitoring.dashboard import Cell, Row
from theodoi.tasks.stats import CLASSES

# the template these rows were written by before (monitoring/_row.html, in a loop)
REFERENCE = Template(
    """{% for row in rows %}
    <tr>
      <th scope="row">{{ row.label }}</th>
      <td><a href="{{ row.total.url }}">{{ row.total.count }}</a></td>
      {% for key, label, cell in row.ordered %}
      <td class="k-{{ key }}"><a href="{{ cell.url }}">{{ cell.count }}</a></td>
      {% endfor %}
    </tr>
    {% empty %}
    <tr>
      <td colspan="6">Không có nhiệm vụ.</td>
    </tr>
    {% endfor %}"""
)


def _row(label: str, n: int) -> Row:
    cells = {
        k: Cell(n * i, f"/nhiem-vu/?loai={k}&q=a+%26+b&x=<{n}>") for i, k in enumerate(CLASSES)
    }
    return Row(label, Cell(n * 10, f"/nhiem-vu/?don_vi={n}&q=\"'"), cells)


def test_rows_written_in_python_are_what_the_template_wrote() -> None:
    rows = [_row("Vụ <Tài chính> & Kế toán", 1), _row("Ban \"Thu\" 'sổ'", 1234567), _row("", 0)]
    for shown in (rows, []):
        expected = REFERENCE.render(Context({"rows": shown}))
        assert parse_html(rows_html(shown)) == parse_html(expected)
