"""The urging letter passes the Decree 30 checklist shared by every generated document."""

from datetime import date

from theodoi.core.tests.decree30_checklist import check_layout, check_pages
from theodoi.monitoring.letters import LetterTask, LetterText, build_letter


def test_the_letter_passes_the_checklist(tmp_path) -> None:
    tasks = [
        LetterTask(
            n,
            f"1.{n}. Rà soát quy trình thu nợ đọng " * 3,
            "Kế hoạch 12/KH-BHXH",
            "02/12/2026",
            "03/12/2026",
            "Quá hạn 4 ngày làm việc",
        )
        for n in range(1, 10)
    ]
    letter = LetterText(
        unit_name="Ban Quản lý Thu - Sổ, Thẻ",
        number="7",
        issued_on=date(2026, 1, 9),
        soon_days=5,
        overdue=tasks,
        soon=[],
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Thị Lan",
    )
    content = build_letter(letter)
    check_layout(content, number_line="Số: 07/BHXH-VP", dated="Hà Nội, ngày 09 tháng 01 năm 2026")
    check_pages(content, tmp_path)
