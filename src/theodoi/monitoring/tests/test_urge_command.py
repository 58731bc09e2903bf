"""`theodoi urge UNIT --out FILE.docx --user NAME [--as-of DATE]`: the page's letter written to
a file and registered as the page registers it; refused whole, with a Vietnamese message and
nothing written, when anything is wrong."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from theodoi.core.tests import rendered
from theodoi.monitoring.models import UrgingLetter
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.models import Notification
from theodoi.tasks.models import EventKind
from theodoi.tasks.tests.conftest import World

pytestmark = pytest.mark.django_db
LATE = date(2026, 11, 20)  # at the Office on 19/11: overdue on 30/11 and on 01/12


def text_of(content: bytes, folder: Path) -> str:
    return " ".join(w.text for w in rendered.words(rendered.to_pdf(content, folder)))


def urge(world: World, out: Path, *extra: str) -> None:
    call_command("urge", "TST", "--out", str(out), "--user", world.office.username, *extra)


def test_the_command_writes_and_registers_the_pages_letter(world: World, tmp_path) -> None:
    late = task_for(world, LATE, content="Báo cáo nợ đọng quý IV")
    out = tmp_path / "don-doc.docx"
    urge(world, out, "--as-of", "01/12/2026", "--number", "12")
    letter = UrgingLetter.objects.get()
    assert out.read_bytes() == letter.file.read()  # the file is the letter the page lists
    assert (letter.issued_on, letter.as_of, letter.created_by) == (
        date(2026, 12, 1),
        date(2026, 12, 1),
        world.office,
    )
    assert late.events.filter(action=EventKind.URGE).count() == 1  # on the task's timeline
    assert Notification.objects.filter(user=world.head, key=f"urge:{letter.pk}").exists()
    text = text_of(out.read_bytes(), tmp_path / "pdf")
    assert "Số: 12/BHXH-VP" in text and "Hà Nội, ngày 01 tháng 12 năm 2026" in text
    assert "tính đến ngày 01/12/2026" in text and "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["KHONGCO", "--as-of", "01/12/2026"], "Không có đơn vị mã «KHONGCO»."),
        (["TST", "--as-of", "31/02/2026"], "«31/02/2026» không phải là ngày hợp lệ"),
        (["CSXH", "--as-of", "01/12/2026"], "không có gì để đôn đốc"),
        (["TST", "--as-of", "01/12/2026", "--soon-days", "31"], "phải từ 0 đến 30"),
        (["TST", "--user", "khongco"], "--user: cần tên đăng nhập của một người Văn phòng"),
    ],
)
def test_a_refused_command_says_why_and_writes_nothing(
    world: World, tmp_path, arguments, message
) -> None:
    task_for(world, LATE)
    out = tmp_path / "don-doc.docx"
    unit, *options = arguments
    user = [] if "--user" in options else ["--user", world.office.username]
    with pytest.raises(CommandError) as refused:
        call_command("urge", unit, "--out", str(out), *user, *options)
    assert message in str(refused.value)
    assert not out.exists() and not UrgingLetter.objects.exists()
    assert not Notification.objects.filter(key__startswith="urge:").exists()


def test_a_file_that_cannot_be_written_is_refused_before_anything(world: World, tmp_path) -> None:
    task_for(world, LATE)
    for out, message in (
        (tmp_path / "khong-co" / "don-doc.docx", "không có thư mục"),
        (tmp_path, "là một thư mục"),
        (tmp_path / "don-doc.pdf", "cần có đuôi .docx"),
    ):
        with pytest.raises(CommandError, match=message):
            urge(world, out, "--as-of", "01/12/2026")
    with pytest.raises(CommandError, match=r"không (có quyền )?ghi"):
        urge(world, Path("/proc/don-doc.docx"), "--as-of", "01/12/2026")  # no file goes there
    assert not UrgingLetter.objects.exists() and list(tmp_path.iterdir()) == []
