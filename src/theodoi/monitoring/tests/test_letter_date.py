"""The urging letter's figures stand at its own date ("tính đến ngày" is the letter's date),
also when it is made in the minutes around midnight in Asia/Ho_Chi_Minh."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from theodoi.conftest import with_token
from theodoi.core.tests import rendered
from theodoi.monitoring.models import UrgingLetter
from theodoi.monitoring.tests.conftest import task_for
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
LATE = date(2026, 11, 20)  # at the Office on 19/11: overdue on 30/11 and on 01/12


def text_of(content: bytes, folder: Path) -> str:
    return " ".join(w.text for w in rendered.words(rendered.to_pdf(content, folder)))


def at_hanoi(day: date, hour: int, minute: int) -> datetime:
    local = datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone()
    )
    return local.astimezone(UTC)


def test_a_letter_dated_tomorrow_late_at_night_counts_to_its_own_date(
    world: World, monkeypatch, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path
    moment = at_hanoi(date(2026, 11, 30), 23, 50)  # 16:50 UTC
    monkeypatch.setattr(timezone, "now", lambda: moment)
    task_for(world, LATE)
    office = client_for(world.office)
    url = f"/don-vi/{world.units['TST'].pk}/don-doc/"
    assert 'value="30/11/2026"' in office.get(url).content.decode()  # today in Hà Nội
    response = office.post(
        url,
        with_token(
            world.office,
            {
                "issued_on": "01/12/2026",  # prepared tonight for tomorrow
                "soon_days": "5",
                "signer_authority": "KT. GIÁM ĐỐC",
                "signer_title": "PHÓ GIÁM ĐỐC",
            },
        ),
    )
    assert response.status_code == 302
    letter = UrgingLetter.objects.get()
    assert letter.as_of == letter.issued_on == date(2026, 12, 1)
    text = text_of(letter.file.read(), tmp_path / "pdf")
    assert "ngày 01 tháng 12 năm 2026" in text and "tính đến ngày 01/12/2026" in text


def test_just_after_midnight_in_hanoi_the_command_dates_the_letter_today(
    world: World, monkeypatch, tmp_path
) -> None:
    moment = at_hanoi(date(2026, 12, 1), 0, 10)  # 17:10 UTC on 30/11
    monkeypatch.setattr(timezone, "now", lambda: moment)
    task_for(world, LATE)
    out = tmp_path / "don-doc.docx"
    call_command("urge", "TST", "--out", str(out), "--user", world.office.username)
    letter = UrgingLetter.objects.get()
    assert letter.as_of == letter.issued_on == date(2026, 12, 1)
    text = text_of(out.read_bytes(), tmp_path / "pdf")
    assert "ngày 01 tháng 12 năm 2026" in text and "tính đến ngày 01/12/2026" in text
