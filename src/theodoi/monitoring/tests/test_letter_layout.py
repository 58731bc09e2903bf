"""The urging letter as LibreOffice lays it out (PDF, then poppler's word boxes and pixels):
the heading's two blocks, the rules under the issuer and the motto, the room before "Kính
gửi", and a task table whose "Nhiệm vụ" column is the widest."""

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from theodoi.core.decree30 import HEADING_MM, MARGINS_MM, MOTTO
from theodoi.core.tests import rendered
from theodoi.core.tests.rendered import MM, Line
from theodoi.monitoring.letters import SUBJECT, LetterTask, LetterText, build_letter

CONTENT = (
    "Xây dựng, ban hành Kế hoạch triển khai thực hiện nhiệm vụ chuyển đổi số ngành BHXH "
    "năm 2026 và các văn bản hướng dẫn thi hành"
)
BETWEEN = (MARGINS_MM["left"] + HEADING_MM[0]) * MM  # where the heading's columns meet


def task(number: int) -> LetterTask:
    return LetterTask(
        number=number,
        content=f"1.{number}. {CONTENT}",
        document="Kế hoạch số 1234/KH-BHXH ngày 05/01/2026",
        internal_deadline="02/12/2026",
        deadline="03/12/2026",
        standing="Quá hạn 4 ngày làm việc",
    )


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    """A letter of three tasks, long enough that its signature goes to page 2."""
    letter = LetterText(
        unit_name="Ban Quản lý Thu - Sổ, Thẻ",
        number="7",
        issued_on=date(2026, 12, 1),
        soon_days=5,
        overdue=[task(1), task(2)],
        soon=[task(3)],
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Thị Lan",
    )
    return rendered.to_pdf(build_letter(letter), tmp_path_factory.mktemp("letter"))


@pytest.fixture(scope="module")
def page(pdf: Path) -> tuple[list[rendered.Word], rendered.Picture]:
    """The first page's words and pixels."""
    return rendered.words(pdf), rendered.picture(pdf)


def heading(found: list[rendered.Word]) -> tuple[list[Line], list[Line]]:
    """The heading's left and right blocks: the lines above "Kính gửi" on each side."""
    greeting = next(w for w in found if w.text == "Kính")
    above = [w for w in found if w.bottom <= greeting.top]
    return rendered.lines(above, right=BETWEEN), rendered.lines(above, left=BETWEEN)


def rule_under(
    picture: rendered.Picture, line: Line, left: float, right: float
) -> tuple[float, float, float]:
    """The first line drawn (10 mm or longer) between `left` and `right` from the foot of
    `line` to 10 pt below it: its height and its two ends, in points."""
    for step in range(round(line.bottom * 4) - 8, round((line.bottom + 10) * 4)):
        start, end = picture.longest_run(step / 4, left, right)
        if end - start > 10 * MM:
            return step / 4, start, end
    raise AssertionError(f"no line drawn within 10 pt under «{line.text}»")


def test_the_heading_has_its_lines_and_the_national_title_is_one(page) -> None:
    left, right = heading(page[0])
    assert [line.text for line in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        MOTTO,
        "Hà Nội, ngày 01 tháng 12 năm 2026",
    ]
    assert [line.text for line in left[:3]] == [
        "BỘ TÀI CHÍNH",
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "Số: 07/BHXH-VP",
    ]
    assert " ".join(line.text for line in left[3:]) == SUBJECT and len(left) == 5


def test_the_rule_under_the_motto_is_as_long_as_the_motto_and_right_under_it(page) -> None:
    found, picture = page
    motto = heading(found)[1][1]
    y, start, end = rule_under(picture, motto, BETWEEN, 210 * MM)
    assert start <= motto.left + 1 and end >= motto.right - 1  # under the whole motto
    assert (end - start) - (motto.right - motto.left) < 3 * MM  # and not much longer
    assert y - motto.bottom < 3  # attached: within 3 pt of the motto's line
    centre = (start + end) / 2
    assert abs(centre - (motto.left + motto.right) / 2) < 1


def test_the_rule_under_the_issuer_is_a_third_to_a_half_of_it_and_centred(page) -> None:
    found, picture = page
    issuer = heading(found)[0][1]
    _y, start, end = rule_under(picture, issuer, 0, BETWEEN)
    width = issuer.right - issuer.left
    assert width / 3 <= end - start <= width / 2
    assert abs((start + end) / 2 - (issuer.left + issuer.right) / 2) < 1


def test_kinh_gui_stands_apart_from_the_heading(page) -> None:
    found = page[0]
    left, right = heading(found)
    greeting = next(w for w in found if w.text == "Kính")
    assert greeting.top - max(left[-1].bottom, right[-1].bottom) >= 12  # a blank line or more


def test_the_task_column_is_the_widest_and_dates_keep_to_one_line(page) -> None:
    found, picture = page
    head = next(w for w in found if w.text == "STT")  # the first table's heading row
    rules = picture.vertical_rules(head.top + 1, head.bottom - 1)
    widths = [b - a for a, b in pairwise(rules)]
    assert len(widths) == 6, rules
    assert max(widths) == widths[1] and widths[1] > 50 * MM  # "Nhiệm vụ"
    assert abs(sum(widths) - 165 * MM) < 2 * MM  # the text's width, as the grid says
    dates = [w.text for w in found if w.text.startswith("02/12/")]
    assert dates == ["02/12/2026"] * 3  # never broken as "02/12/202" + "6"


def test_the_signature_block_stays_whole_with_the_closing_paragraph(pdf: Path) -> None:
    pages = [" ".join(w.text for w in rendered.words(pdf, n)) for n in (1, 2)]
    assert "Nơi nhận:" not in pages[0] and "KT. GIÁM ĐỐC" not in pages[0]
    assert pages[1].startswith("2 Đề nghị Ban Quản lý Thu")  # the page number, then the text
    for words in ("Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Lan"):
        assert words in pages[1]


def said(tmp_path: Path, overdue: list[LetterTask], soon: list[LetterTask]) -> str:
    letter = LetterText(
        unit_name="Ban Thu",
        number="",
        issued_on=date(2026, 12, 1),
        soon_days=5,
        overdue=overdue,
        soon=soon,
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="",
    )
    pdf = rendered.to_pdf(build_letter(letter), tmp_path)
    return " ".join(w.text for w in rendered.words(pdf))


def test_the_letter_names_only_what_there_is_to_urge(tmp_path: Path) -> None:
    late_only = said(tmp_path / "late", [task(1)], [])
    assert (
        "tính đến ngày 01/12/2026, Ban Thu có 1 nhiệm vụ đã quá hạn gửi kết quả về Văn phòng, "
        "cụ thể như sau:" in late_only
    )
    assert "0 nhiệm vụ" not in late_only and "sắp đến hạn" not in late_only
    soon_only = said(tmp_path / "soon", [], [task(1)])
    assert (
        "Ban Thu có 1 nhiệm vụ sẽ đến hạn gửi kết quả về Văn phòng trong 5 ngày làm việc tới, "
        "cụ thể như sau:" in soon_only
    )
    assert "0 nhiệm vụ" not in soon_only and "đã quá hạn" not in soon_only
