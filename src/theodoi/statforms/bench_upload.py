"""`make bench`'s case for the forms' Excel upload (issue 22: a template upload under 1 s):
a province's filled template read and checked as the upload page reads it (the archive's
guard, the hidden sheet, the layout, every input cell, the form's rules), nothing kept.

The templates are made inside a transaction rolled back at the end: the form's quarterly
report type (when the database has none yet), the first quarter's round and its requests,
and for a few provinces a template filled with every figure and a paragraph in every
narrative field. Each round of the case reads another province's file.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from io import BytesIO

from django.db import transaction
from openpyxl import load_workbook

from theodoi.core.periods import Kind, Period
from theodoi.core.spreadsheets import Value, put
from theodoi.organisation.models import Unit, UnitKind
from theodoi.reports.models import DueRule, Frequency, ReportRequest, ReportType, WindowRule
from theodoi.statforms.definition import NUMBER
from theodoi.statforms.selectors import audience_of, definition_of, round_or_open
from theodoi.statforms.services import period_of
from theodoi.statforms.template_layout import plan
from theodoi.statforms.upload import check_template
from theodoi.statforms.workbook import SHEET, template_for

FORM = "tthc"
PROVINCES = 5
PARAGRAPH = (
    "Đơn vị đã ban hành kế hoạch kiểm soát thủ tục hành chính, niêm yết công khai đầy đủ các "
    "thủ tục tại bộ phận một cửa và hướng dẫn người dân thực hiện giao dịch điện tử. "
) * 4


def _quarterly_type() -> None:
    """The form's quarterly report type, made when the database has none."""
    if ReportType.objects.filter(form_code=FORM, frequency=Frequency.QUARTER, active=True):
        return
    ReportType.objects.create(
        code="bench-tthc-quy",
        name="Báo cáo công tác kiểm soát TTHC (đo thời gian)",
        frequency=Frequency.QUARTER,
        period_numbers=[1, 2, 3],
        collector=Unit.objects.get(code="VP"),
        reporters="@PROVINCES",
        due_rule=DueRule.BEFORE_DAY_OF_LAST_MONTH,
        due_day=19,
        window_rule=WindowRule.CUTOFF,
        window_cutoff_day=14,
        form_code=FORM,
    )


def filled(request: ReportRequest, number: int) -> bytes:
    """`request`'s template with a figure in every number cell and a paragraph in every
    narrative cell, as a province sends it."""
    definition = definition_of(request.round)
    layout = plan(definition, audience_of(request.unit), period_of(request))
    book = load_workbook(BytesIO(template_for(request).content))
    sheet = book[SHEET]
    for code, place in layout.inputs.items():
        value: Value = PARAGRAPH
        if definition.fields[code].kind == NUMBER:
            value = 1000 + number * 37 + len(code)
        put(sheet, place.row, place.first, value)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@contextmanager
def upload_case(today: date) -> Iterator[Callable[[int], object]]:
    """The case to time (`case(i)`), inside a transaction rolled back afterwards."""
    with transaction.atomic():
        try:
            _quarterly_type()
            report_round = round_or_open(FORM, Period(Kind.QUARTER, today.year, 1))
            requests = list(
                ReportRequest.objects.filter(round=report_round, unit__kind=UnitKind.PROVINCE)
                .select_related("round", "unit")
                .order_by("unit__code")[:PROVINCES]
            )
            files = [(r, filled(r, n)) for n, r in enumerate(requests)]

            def case(i: int) -> object:
                request, data = files[i % len(files)]
                return check_template(request, data, f"mau-{request.unit.code}.xlsx")

            yield case
        finally:
            transaction.set_rollback(True)
