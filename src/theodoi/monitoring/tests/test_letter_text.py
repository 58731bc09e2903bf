"""A task saved with Word's line break and other control characters (before text was cleaned)
does not break the urging letter: the letter is written, opens, and shows the line break."""

from datetime import date
from pathlib import Path

import pytest

from theodoi.core.tests import corpus
from theodoi.core.tests.rendered import convert as libreoffice
from theodoi.monitoring.tests.conftest import task_for
from theodoi.monitoring.tests.test_urging import letter_for
from theodoi.tasks.models import Task
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_task_with_control_characters_still_gets_its_letter(world: World, tmp_path: Path) -> None:
    late = task_for(world, date(2026, 12, 3))
    Task.objects.filter(pk=late.pk).update(content=corpus.CONTROL_TEXT)
    letter = letter_for(world, number="8")
    source = tmp_path / "don-doc.docx"
    source.write_bytes(letter.file.read())
    text = libreoffice(source, "txt:Text (encoded):UTF8", tmp_path).read_text("utf-8-sig")
    lines = [line.strip() for line in text.splitlines()]
    assert "1.1. Dòng một" in lines and "Dòng hai hết." in lines
