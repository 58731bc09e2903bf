"""The task list's XLSX holds people's text as text: a content that looks like a formula is
shown as typed (never computed, never a link), in openpyxl and in LibreOffice; a row saved
with control characters before they were cleaned still exports."""

import csv
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from theodoi.core.tests import corpus
from theodoi.core.tests.rendered import convert as libreoffice
from theodoi.tasks import services
from theodoi.tasks.export import HEADER_ROW
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
CONTENT = 3  # the column "Nội dung nhiệm vụ"


def exported(world: World) -> bytes:
    response = client_for(world.office).get(reverse("tasks:export"))
    assert response.status_code == 200
    return response.content


def test_formula_text_is_exported_as_the_text_typed(world: World, tmp_path: Path) -> None:
    document = world.document()
    for number, text in enumerate(corpus.FORMULA_TEXTS, start=1):
        services.task_create(actor=world.office, document=document, content=text, code=str(number))
    stored = dict(Task.objects.values_list("code", "content"))  # as the service kept it
    assert stored["1"].startswith("=HYPERLINK(") and stored["3"] == "=1+1"
    content = exported(world)
    sheet = load_workbook(BytesIO(content)).active
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        cell = row[CONTENT]
        assert (cell.value, cell.data_type) == (stored[row[2].value], "s")
        assert cell.quotePrefix  # it stays text when someone edits the cell
    source = tmp_path / "nhiem-vu.xlsx"
    source.write_bytes(content)
    shown = libreoffice(source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    rows = list(csv.reader(shown.read_text("utf-8").splitlines()))
    assert sorted(r[CONTENT] for r in rows[HEADER_ROW:]) == sorted(stored.values())


def test_a_row_saved_with_control_characters_still_exports(world: World) -> None:
    task = services.task_create(
        actor=world.office, document=world.document(), content="Việc", code="1"
    )
    Task.objects.filter(pk=task.pk).update(content=corpus.CONTROL_TEXT, code=corpus.CRLF_CODE)
    sheet = load_workbook(BytesIO(exported(world))).active
    [row] = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert row[CONTENT] == corpus.CONTROL_CLEANED
    assert re.sub(r"\s+", " ", row[2]) == "1.1 Bcc: ai@vidu.test"
