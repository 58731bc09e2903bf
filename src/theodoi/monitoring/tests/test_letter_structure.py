"""The urging letter names the agency as it stands on the letter's date: from 01/03/2025
under BỘ TÀI CHÍNH, reported to the "Giám đốc BHXH Việt Nam", signed "KT. GIÁM ĐỐC / PHÓ GIÁM
ĐỐC" by default; before that, the Tổng Giám đốc of an agency standing alone."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from theodoi.core.tests.rendered import convert as libreoffice
from theodoi.monitoring.letters import LetterText, build_letter
from theodoi.monitoring.services import urging_create
from theodoi.monitoring.tests.conftest import task_for
from theodoi.organisation.models import UnitName
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def shown(content: bytes, tmp_path: Path) -> list[str]:
    source = tmp_path / "don-doc.docx"
    source.write_bytes(content)
    text = libreoffice(source, "txt:Text (encoded):UTF8", tmp_path).read_text("utf-8-sig")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_letter_follows_the_structure_after_march_2025(world: World, tmp_path) -> None:
    today = timezone.localdate()
    task_for(world, date(2026, 12, 3), content="Báo cáo nợ đọng quý IV")
    page = client_for(world.office).get(f"/don-vi/{world.units['TST'].pk}/don-doc/")
    html = page.content.decode()
    assert 'value="KT. GIÁM ĐỐC"' in html and 'value="PHÓ GIÁM ĐỐC"' in html  # the defaults
    letter = urging_create(
        actor=world.office,
        unit=world.units["TST"],
        issued_on=date(2026, 12, 8),
        soon_days=5,
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Thị Lan",
    )
    lines = shown(letter.file.read(), tmp_path)
    assert lines[:2] == ["BỘ TÀI CHÍNH", "BẢO HIỂM XÃ HỘI VIỆT NAM"]
    assert "- Giám đốc BHXH Việt Nam (để b/c);" in lines
    signature = lines[lines.index("KT. GIÁM ĐỐC") :]
    assert signature[:3] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Lan"]
    assert not any("Tổng Giám đốc" in line or "TỔNG GIÁM ĐỐC" in line for line in lines)
    assert today >= date(2025, 3, 1)  # the defaults above are today's structure


def test_a_letter_dated_before_march_2025_names_the_tong_giam_doc(tmp_path) -> None:
    text = LetterText(
        unit_name="Ban Thu",
        number="3",
        issued_on=date(2025, 2, 20),
        soon_days=5,
        overdue=[],
        soon=[],
        signer_authority="KT. TỔNG GIÁM ĐỐC",
        signer_title="PHÓ TỔNG GIÁM ĐỐC",
        signer_name="",
    )
    lines = shown(build_letter(text), tmp_path)
    assert lines[0] == "BẢO HIỂM XÃ HỘI VIỆT NAM" and "BỘ TÀI CHÍNH" not in lines
    assert "- Tổng Giám đốc BHXH Việt Nam (để b/c);" in lines


def test_the_national_title_stands_on_one_line(tmp_path) -> None:
    text = LetterText(
        unit_name="Ban Quản lý Thu - Sổ, Thẻ",
        number="7",
        issued_on=date(2026, 12, 8),
        soon_days=5,
        overdue=[],
        soon=[],
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="",
    )
    source = tmp_path / "don-doc.docx"
    source.write_bytes(build_letter(text))
    pdf = libreoffice(source, "pdf", tmp_path)
    laid_out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    heading = next(line for line in laid_out if "CỘNG HÒA" in line)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading  # Decree 30: one line, never wrapped
    assert "BỘ TÀI CHÍNH" in heading


def test_the_letter_names_the_unit_as_it_was_called_on_its_date(world: World, tmp_path) -> None:
    unit = world.units["TST"]
    UnitName.objects.create(
        unit=unit, name="Ban Thu (tên trước khi đổi)", valid_to=date(2026, 12, 9)
    )
    task_for(world, date(2026, 12, 3), content="Báo cáo nợ đọng quý IV")
    letter = urging_create(
        actor=world.office,
        unit=unit,
        issued_on=date(2026, 12, 8),
        soon_days=5,
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
    )
    lines = shown(letter.file.read(), tmp_path)
    assert "Kính gửi: Ban Thu (tên trước khi đổi)" in lines
