"""The decision as a Word file: LibreOffice opens it, and it says what Art. 15.2 asks (the
basis, the units by their names on the decision's day, the content, the duration, the team)."""

from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

import docx

from theodoi.accounts.models import User
from theodoi.core.tests import rendered
from theodoi.inspections.decision_word import build_decision, decision_text
from theodoi.inspections.models import Inspection, MemberRole, TeamMember
from theodoi.organisation.models import Unit, UnitName
from theodoi.partners.models import Side

ISSUED = date(2026, 10, 28)


def _text(content: bytes) -> str:
    document = docx.Document(BytesIO(content))
    cells = [
        paragraph.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    ]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _file(inspection: Inspection) -> bytes:
    text = decision_text(inspection, number="15/QĐ-BHXH", issued_on=ISSUED,
                         signer_name="Nguyễn Lãnh Đạo", signer_title="Phó Giám đốc")  # fmt: skip
    return build_decision(text)


def test_the_decision_reads_back_with_what_article_15_asks(
    make_inspection: Callable[..., Inspection], head: User, sample_units: dict[str, Unit]
) -> None:
    UnitName.objects.create(
        unit=sample_units["NGHEAN"], name="BHXH tỉnh Nghệ An (tên cũ)", valid_to=date(2026, 12, 31)
    )
    inspection = make_inspection(
        decided=False, head=head, partner_unit=sample_units["TLD"],
        legal_basis="Quyết định số 1142/QĐ-BHXH ban hành Quy chế\n\nKế hoạch kiểm tra năm 2026",
    )  # fmt: skip
    TeamMember.objects.create(inspection=inspection, side=Side.PARTNER, full_name="Ngô Công Đoàn",
                              position="Phó Trưởng ban", unit=sample_units["TLD"],
                              role=MemberRole.MEMBER)  # fmt: skip
    text = _text(_file(inspection))
    for line in [
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "Số: 15/QĐ-BHXH",
        "Hà Nội, ngày 28 tháng 10 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc kiểm tra việc thực hiện nhiệm vụ Chính phủ giao năm 2026",
        "GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM",
        "Căn cứ Quyết định số 1142/QĐ-BHXH ban hành Quy chế;",
        "Căn cứ Kế hoạch kiểm tra năm 2026;",
        "QUYẾT ĐỊNH:",
        "BHXH tỉnh Nghệ An (tên cũ)",
        "Nội dung kiểm tra: Việc triển khai, kết quả thực hiện và chế độ báo cáo.",
        "từ ngày 02/11/2026 đến ngày 06/11/2026",
        "Lê Trưởng Đoàn",
        "Trưởng đoàn",
        "Ngô Công Đoàn",
        "Tổng Liên đoàn Lao động Việt Nam",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Lãnh Đạo",
    ]:
        assert line in text, line


def test_libreoffice_opens_the_decision(inspection: Inspection, tmp_path: Path) -> None:
    pdf = rendered.to_pdf(_file(inspection), tmp_path)
    words = " ".join(w.text for w in rendered.words(pdf))
    assert "QUYẾT ĐỊNH" in words and "15/QĐ-BHXH" in words and "Lê Trưởng Đoàn" in words
