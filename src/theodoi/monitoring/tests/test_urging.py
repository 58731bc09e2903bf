"""The urging letter: the unit's overdue and soon-due tasks in a Word file that LibreOffice
opens, logged on each task and announced to the unit's head."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from theodoi.conftest import with_token
from theodoi.core.errors import Code, ValidationFailed
from theodoi.core.tests.rendered import convert as libreoffice
from theodoi.monitoring.letters import dated_line, number_line
from theodoi.monitoring.services import urging_create
from theodoi.monitoring.tests.conftest import task_for
from theodoi.notifications.models import Notification
from theodoi.tasks.models import EventKind
from theodoi.tasks.tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 8)


def letter_for(world: World, **kw):
    return urging_create(
        actor=world.office,
        unit=world.units["TST"],
        issued_on=TODAY,
        soon_days=5,
        signer_authority="TL. Tổng Giám đốc",
        signer_title="Chánh Văn phòng",
        signer_name="Nguyễn Văn A",
        **kw,
    )


@pytest.fixture
def tasks(world: World):
    late = task_for(world, date(2026, 12, 3), content="Báo cáo nợ đọng quý IV")  # 02/12 at VP
    soon = task_for(world, date(2026, 12, 11), content="Rà soát quy trình thu")  # 10/12 at VP
    far = task_for(world, date(2027, 3, 31), content="Tổng kết năm")
    other = task_for(
        world, date(2026, 12, 3), unit="CNTT", content="Nâng cấp phần mềm", accept=False
    )
    return late, soon, far, other


def test_the_letter_opens_in_libreoffice_in_the_decree_30_format(world, tasks, tmp_path) -> None:
    letter = letter_for(world, number="7")
    source = tmp_path / "don-doc.docx"
    source.write_bytes(letter.file.read())
    pdf = libreoffice(source, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    text = libreoffice(source, "txt:Text (encoded):UTF8", tmp_path).read_text("utf-8-sig")
    for expected in (
        "BỘ TÀI CHÍNH",
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 07/BHXH-VP",
        "Hà Nội, ngày 08 tháng 12 năm 2026",
        "Kính gửi: Ban Quản lý Thu - Sổ, Thẻ",
        "1.1. Báo cáo nợ đọng quý IV",
        "Quá hạn 4 ngày làm việc",
        "1.1. Rà soát quy trình thu",
        "Còn 2 ngày làm việc",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
        "TL. TỔNG GIÁM ĐỐC",
        "CHÁNH VĂN PHÒNG",
        "Nguyễn Văn A",
    ):
        assert expected in text, expected
    assert "Tổng kết năm" not in text and "Nâng cấp phần mềm" not in text


def test_the_urging_is_logged_on_each_task_and_told_to_the_head(world, tasks) -> None:
    late, soon, far, _other = tasks
    letter = letter_for(world)
    assert set(letter.tasks.all()) == {late, soon}
    note = late.events.get(action=EventKind.URGE).note
    assert (
        note == "Văn phòng đôn đốc bằng văn bản (Số:        /BHXH-VP ngày 08/12/2026): "
        "quá hạn 4 ngày làm việc."
    )
    assert not far.events.filter(action=EventKind.URGE).exists()
    told = Notification.objects.exclude(key__startswith="step:").get(user=world.head)
    assert told.title == "Văn bản đôn đốc 1 nhiệm vụ quá hạn, 1 sắp đến hạn"


def test_nothing_to_urge_is_refused(world, tasks) -> None:
    with pytest.raises(ValidationFailed) as refused:
        urging_create(
            actor=world.office,
            unit=world.units["CSXH"],
            issued_on=TODAY,
            soon_days=5,
            signer_authority="TL. TỔNG GIÁM ĐỐC",
            signer_title="CHÁNH VĂN PHÒNG",
        )
    assert refused.value.code == Code.NOT_FOUND


def test_the_office_makes_the_letter_on_the_page_and_only_the_unit_may_open_it(
    world, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    task_for(world, timezone.localdate() - timedelta(days=10), content="Việc quá hạn")
    office = client_for(world.office)
    url = f"/don-vi/{world.units['TST'].pk}/don-doc/"
    page = office.get(url)
    assert "có <strong>1</strong> nhiệm vụ quá hạn" in page.content.decode()
    response = office.post(
        url,
        with_token(
            world.office,
            {
                "issued_on": "40/12/2026",
                "soon_days": "5",
                "signer_authority": "TL. TỔNG GIÁM ĐỐC",
                "signer_title": "CHÁNH VĂN PHÒNG",
            },
        ),
    )
    assert "Ngày không hợp lệ" in response.content.decode()
    response = office.post(
        url,
        with_token(
            world.office,
            {
                "issued_on": "08/12/2026",
                "soon_days": "5",
                "signer_authority": "TL. TỔNG GIÁM ĐỐC",
                "signer_title": "CHÁNH VĂN PHÒNG",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    from theodoi.monitoring.models import UrgingLetter

    letter = UrgingLetter.objects.get()
    download = client_for(world.head).get(f"/don-doc/{letter.pk}/tai-ve/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="Don-doc-TST-')
    assert client_for(world.other_head).get(f"/don-doc/{letter.pk}/tai-ve/").status_code == 404


def test_number_and_date_lines() -> None:
    assert number_line("5") == "Số: 05/BHXH-VP"
    assert number_line("125/BHXH-VP") == "Số: 125/BHXH-VP"
    assert dated_line(date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert dated_line(date(2026, 11, 23)) == "Hà Nội, ngày 23 tháng 11 năm 2026"
