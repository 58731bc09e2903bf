"""Every phrase kind of DOMAIN §5.3, and the ways other plans write the same things."""

from datetime import date

import pytest

from theodoi.imports.examples import word
from theodoi.imports.reading import read_plan
from theodoi.imports.timelines import parse

D = date


@pytest.mark.parametrize(
    ("text", "kind", "deadline", "occurrences"),
    [
        ("Quý I/2024", "deadline", D(2024, 3, 31), None),
        ("Quý II, III/2024", "deadline", D(2024, 9, 30), None),
        ("Quý 3 năm 2024", "deadline", D(2024, 9, 30), None),
        ("Quý IV", "deadline", D(2024, 12, 31), None),
        ("Tháng 7/2024", "deadline", D(2024, 7, 31), None),
        ("Trong tháng 10/2025", "deadline", D(2025, 10, 31), None),
        ("Tháng 02 năm 2024", "deadline", D(2024, 2, 29), None),
        ("Năm 2024", "deadline", D(2024, 12, 31), None),
        ("Đến hết năm 2025", "deadline", D(2025, 12, 31), None),
        ("Giai đoạn 2024 - 2025", "deadline", D(2025, 12, 31), None),
        ("6 tháng cuối năm 2025", "deadline", D(2025, 12, 31), None),
        ("6 tháng đầu năm 2025", "deadline", D(2025, 6, 30), None),
        ("trước 31/12/2025", "deadline", D(2025, 12, 30), None),
        ("hoàn thành trước 31/12/2025", "deadline", D(2025, 12, 30), None),
        ("trước ngày 20/10/2025", "deadline", D(2025, 10, 19), None),
        ("Chậm nhất ngày 15/3/2024", "deadline", D(2024, 3, 15), None),
        ("ngày 15 tháng 3 năm 2024", "deadline", D(2024, 3, 15), None),
        ("Từ 01/3/2025 đến 30/6/2025", "deadline", D(2025, 6, 30), None),
        ("Thường xuyên", "continuous", None, None),
        (
            "Thường xuyên; Sau khi Quyết định công bố TTHC được ký, ban hành",
            "continuous",
            None,
            None,
        ),
        ("Khi có đề nghị", "event", None, None),
        ("Khi phát sinh", "event", None, None),
        ("Khi phương án đơn giản hóa TTHC được phê duyệt", "event", None, None),
        ("Theo yêu cầu của Bộ Tài chính", "event", None, None),
        ("Định kỳ 6 tháng", "recurring", D(2024, 12, 31), [D(2024, 6, 30), D(2024, 12, 31)]),
        (
            "Hằng quý",
            "recurring",
            D(2024, 12, 31),
            [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)],
        ),
        ("Hàng năm", "recurring", D(2024, 12, 31), [D(2024, 12, 31)]),
        ("Hằng năm; theo lộ trình hàng năm", "recurring", D(2024, 12, 31), [D(2024, 12, 31)]),
        ("Tháng 12 hằng năm", "recurring", D(2024, 12, 31), [D(2024, 12, 31)]),
        ("Tháng 11 hàng năm", "recurring", D(2024, 11, 30), [D(2024, 11, 30)]),
        ("Hằng tuần", "recurring", None, None),
        (
            "Trước ngày 25 hằng tháng",
            "recurring",
            D(2024, 12, 24),
            [D(2024, m, 24) for m in range(1, 13)],
        ),
        (
            "- Báo cáo quý: trước ngày 19 của tháng cuối quý I, II, III;\n"
            "- Báo cáo năm: trước ngày 19/12/2024.",
            "recurring",
            D(2024, 12, 18),
            [D(2024, 3, 18), D(2024, 6, 18), D(2024, 9, 18), D(2024, 12, 18)],
        ),
        (
            "Lồng ghép nội dung trong Báo cáo Kiểm soát TTHC hàng quý và cả năm",
            "recurring",
            D(2024, 12, 31),
            [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)],
        ),
    ],
)
def test_a_timeline_phrase_reads_as_its_schedule(text, kind, deadline, occurrences) -> None:
    schedule = parse(text, 2024)
    assert (schedule.kind, schedule.deadline, schedule.occurrences) == (
        kind,
        deadline,
        occurrences,
    )


@pytest.mark.parametrize(
    "text", ["trước 31/12/2025", "Quý I, Quý III/2024; Tháng 12/2024", "Đầu tháng 7/2024"]
)
def test_a_reading_a_person_should_confirm_says_why(text) -> None:
    schedule = parse(text, 2024)
    assert schedule.doubts and not schedule.certain


@pytest.mark.parametrize("text", ["", "Theo tình hình thực tế", "Sớm nhất có thể"])
def test_a_timeline_nobody_can_read_is_not_guessed(text) -> None:
    schedule = parse(text, 2024)
    assert not schedule.understood
    assert schedule.deadline is None


@pytest.mark.parametrize(
    "text", ["trước 01/01/0001", "Tháng 12/9999", "trước tháng 1/0001", "hạn 31/12/9999"]
)
def test_a_date_outside_1900_2100_is_not_taken_and_says_so(text) -> None:
    schedule = parse(text, 2024)
    assert not schedule.understood and schedule.deadline is None
    assert schedule.doubts == ["Có ngày ngoài khoảng 01/01/1900 – 31/12/2100: không lấy."]


def test_a_plan_dated_in_year_1_is_read_with_its_far_rows_flagged(sample_units) -> None:
    rows = [
        ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian thực hiện"],
        ["1", "Việc hạn xa", "Văn phòng", "trước 01/01/0001"],
        ["2", "Việc năm 2024", "Văn phòng", "Quý I/2024"],
    ]
    before = ["KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM 2024", "Hà Nội, ngày 01 tháng 01 năm 0001"]
    reading = read_plan(word(rows, before=before), "kh.docx")
    assert reading.plan_date == date(2024, 1, 1)  # the heading's year, not year 1
    far, near = reading.rows
    assert far.schedule.deadline is None and not far.schedule.understood
    assert near.schedule.deadline == date(2024, 3, 31)


@pytest.mark.parametrize(
    ("text", "days", "working_days"),
    [
        ("Khi có đề nghị", None, False),
        ("Sau khi Quyết  định\ncông bố TTHC được\nký, ban hành", None, False),  # 001, 3.4
        ("Sau khi lãnh đạo hai bên thống nhất chủ đề", None, False),  # 004, Art. 12
        ("Chậm nhất 05 ngày làm việc sau khi kết thúc kiểm tra", 5, True),  # 000, Art. 17.1
        ("Trong vòng 10 ngày kể từ ngày Quyết định được ký", 10, False),
        ("Trong thời hạn 15 ngày làm việc kể từ ngày nhận được đề nghị", 15, True),
        ("30 ngày sau khi Nghị định có hiệu lực", 30, False),
        ("Khi có đề nghị, trong 07 ngày làm việc", 7, True),
        ("Khi có đề nghị; chậm nhất 10 ngày kể từ ngày nhận được đề nghị", 10, False),
    ],
)
def test_an_event_phrase_keeps_how_long_after_the_event_the_work_is_due(
    text, days, working_days
) -> None:
    schedule = parse(text, 2024)
    assert (schedule.kind, schedule.deadline, schedule.occurrences) == ("event", None, None)
    assert (schedule.days, schedule.working_days) == (days, working_days)


@pytest.mark.parametrize(
    ("text", "plan_year", "occurrences"),
    [
        (  # 003, 3.7, as the cell reads
            "Thực hiện theo lộ trình hàng năm và hoàn thành trước 31/12/2025",
            2024,
            [D(2024, 12, 31), D(2025, 12, 30)],
        ),
        (  # the same cell with its lines broken inside the sentence
            "Thực hiện theo\nlộ trình hàng\nnăm và hoàn\nthành trước\n31/12/2025",
            2020,
            [D(y, 12, 31) for y in range(2020, 2025)] + [D(2025, 12, 30)],
        ),
        ("Hằng năm; hoàn thành trước 31/12/2025", 2024, [D(2024, 12, 31), D(2025, 12, 30)]),
        (
            "Hằng năm đến hết năm 2026",
            2024,
            [D(2024, 12, 31), D(2025, 12, 31), D(2026, 12, 31)],
        ),
        (  # each year's due date as the text says it, the final date last
            "Tháng 11 hằng năm, hoàn thành trước 31/12/2025",
            2024,
            [D(2024, 11, 30), D(2025, 12, 30)],
        ),
    ],
)
def test_a_yearly_roadmap_to_a_final_date_has_one_due_date_a_year(
    text, plan_year, occurrences
) -> None:
    schedule = parse(text, plan_year)
    assert (schedule.kind, schedule.period, schedule.roadmap) == ("recurring", "roadmap", True)
    assert schedule.occurrences == occurrences
    assert schedule.deadline == occurrences[-1]


@pytest.mark.parametrize(
    "text", ["Thực hiện theo lộ trình hàng năm và hoàn thành trước 31/12/2024", "Hằng năm"]
)
def test_a_roadmap_ending_in_the_plans_year_is_one_yearly_due_date(text) -> None:
    schedule = parse(text, 2024)
    assert not schedule.roadmap and len(schedule.occurrences or []) == 1
