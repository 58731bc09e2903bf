"""`theodoi report tasks`: the agency's report of an ended period as JSON whose totals are
exactly `theodoi stats` on the period's last day, and as a Word file whose tables show the
same numbers and that LibreOffice opens; a period not yet ended, a bad period or an unwritable
file is refused with nothing written."""

import json
import os
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from theodoi.core.tests import rendered
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.reports.tests import agency_world
from theodoi.tasks.stats import KEYS

heads, quarter, late_task = agency_world.heads, agency_world.quarter, agency_world.late_task
pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_totals_are_exactly_those_of_theodoi_stats(late_task) -> None:
    report = json.loads(run("report", "tasks", "--period", "2026-Q2", "--json"))
    stats = json.loads(run("stats", "--as-of", "2026-06-30", "--json"))
    assert report["period"] == "2026-Q2" and report["as_of"] == "2026-06-30"
    assert report["totals"] == {key: stats[key] for key in KEYS}
    assert report["by_unit"] == stats["by_unit"]
    assert set(report["by_unit"]) == {"TST", "CNTT", "CSXH", "PC"}
    assert report["totals"]["open_overdue"] >= 1 and report["totals"]["total"] >= 10
    half = json.loads(run("report", "tasks", "--period", "2026-H1", "--json"))
    assert half["as_of"] == "2026-06-30" and half["totals"] == report["totals"]


def table_numbers(path: Path) -> dict[str, list[int]]:
    """The first table of section I: each line's name → its six counts."""
    tables = Document(str(path)).tables
    by_unit = next(t for t in tables if t.rows[0].cells[1].text == "Đơn vị chủ trì")
    return {
        row.cells[1].text: [int(cell.text) for cell in row.cells[2:]] for row in by_unit.rows[1:]
    }


def test_the_word_tables_show_the_numbers_of_the_json(late_task, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    said = run("report", "tasks", "--period", "2026-Q2", "--out", str(out), "--json")
    report = json.loads(said)
    lines = table_numbers(out)
    assert lines.pop("Tổng cộng") == [report["totals"][key] for key in KEYS]
    names = {unit_label(u): u.code for u in Unit.objects.filter(code__in=report["by_unit"])}
    assert {names[name]: counts for name, counts in lines.items()} == {
        code: [counts[key] for key in KEYS] for code, counts in report["by_unit"].items()
    }
    text = " ".join(w.text for w in rendered.words(rendered.to_pdf(out.read_bytes(), tmp_path)))
    for words in ("BÁO CÁO", "Số: …/BC-BHXH", "quý II năm 2026", "I. KẾT QUẢ THỰC HIỆN"):
        assert words in text, words


def test_the_overdue_task_shows_its_reason_and_extension_and_the_difficulty(
    late_task, tmp_path: Path
) -> None:
    out = tmp_path / "bao-cao.docx"
    run("report", "tasks", "--period", "2026-Q2", "--out", str(out))
    pdf = rendered.to_pdf(out.read_bytes(), tmp_path)
    pages = subprocess_text(pdf)
    assert "Thiếu số liệu của các tỉnh để tổng hợp" in pages  # its latest reason, and IV
    assert "Ngày 10/05/2026 đề nghị gia hạn đến 30/05/2026: đồng ý gia hạn đến 30/05/2026." in (
        pages
    )
    assert "Đề nghị Văn phòng đôn đốc các tỉnh gửi số liệu" in pages
    assert "- Lưu: VT, VP." in pages


def subprocess_text(pdf: Path) -> str:
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2099-Q1", "chưa kết thúc"),
        ("2026-13", "Số thứ tự của tháng phải từ 1 đến 12"),
        ("26-Q1", "không đúng dạng"),
    ],
)
def test_a_period_not_ended_or_badly_written_is_refused(period, message, tmp_path) -> None:
    out = tmp_path / "bao-cao.docx"
    with pytest.raises(CommandError, match=message):
        run("report", "tasks", "--period", period, "--out", str(out))
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="không có thư mục"):
        run("report", "tasks", "--period", "2025", "--out", str(tmp_path / "none" / "a.docx"))
    with pytest.raises(CommandError, match=r"đuôi \.docx"):
        run("report", "tasks", "--period", "2025", "--out", str(tmp_path / "a.pdf"))
    assert list(tmp_path.iterdir()) == []


def test_the_written_file_may_be_read_as_any_new_file(late_task, tmp_path: Path) -> None:
    """The file is first written under a private temporary name; once in place it has the
    permissions of any file made in the folder (the process's umask), so that the people who
    share the folder can open it, not only the account that ran the command."""
    mask = os.umask(0o022)
    try:
        out = tmp_path / "bao-cao.docx"
        run("report", "tasks", "--period", "2026-Q2", "--out", str(out))
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    finally:
        os.umask(mask)
