"""Plans written by other people: other header words and column orders, Roman sections, older
unit names, two-row headers, sub-items in the STT column, footnotes, page breaks, Excel merges."""

from datetime import date

from theodoi.imports.examples import LEFT, UP, excel, word
from theodoi.imports.reading import ERROR, WARNING, as_json, read_plan

HEADER_2020 = [
    "TT",
    "Nội dung nhiệm vụ",
    "Thời hạn hoàn thành",
    "Cơ quan, đơn vị chủ trì",
    "Cơ quan, đơn vị phối hợp",
    "Kết quả/Sản phẩm",
]


def plan_2020() -> list[list[str]]:
    return [
        HEADER_2020,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["I", "XÂY DỰNG VĂN BẢN CHỈ ĐẠO^1", LEFT, LEFT, LEFT, LEFT],
        [
            "1.",
            "Xây dựng Kế hoạch triển khai\nthực hiện Nghị định số\n45/2020/NĐ-CP.",
            "Quý II/2020",
            "Vụ Pháp chế",
            "- Các đơn vị: CSXH,\nCSYT, TCKT, Thu,\nSổ - Thẻ.\n"
            "- Trung tâm: Công\nnghệ thông tin, Lưu\ntrữ, Truyền thông.",
            "Kế hoạch triển khai",
        ],
        [
            "2.",
            "Số hóa kết quả giải quyết TTHC còn hiệu lực.",
            "Thực hiện theo lộ trình hàng năm và hoàn thành trước 31/12/2025",
            "Trung tâm Lưu trữ; BHXH các tỉnh, thành phố",
            "",
            "",
        ],
        HEADER_2020,  # the header typed again at the top of the next page
        ["II", "KIỂM SOÁT VIỆC CUNG CẤP TTHC", LEFT, LEFT, LEFT, LEFT],
        [
            "1.",
            "Lựa chọn TTHC để ưu tiên thực hiện trên môi trường điện tử",
            "Hàng năm",
            "Các đơn vị: Thu, Sổ - Thẻ, CSXH, CSYT, TCKT.",
            "- Trung tâm Công nghệ thông tin;\n- Vụ Pháp chế;\n- BHXH các tỉnh, thành\nphố.",
            "Văn bản thông báo danh mục",
        ],
        ["", "đáp ứng tiêu chí tại Điều 21 Nghị định số 45/2020/NĐ-CP.", "", "", "", ""],
        [
            "2.",
            "Công khai danh mục TTHC trên Cổng thông tin điện tử",
            "Sau khi Quyết định công bố danh mục TTHC được ban hành",
            "- Trung tâm Truyền\nthông;\n- BHXH các tỉnh,\nthành phố.",
            "Vụ Pháp chế",
            "",
        ],
        [
            "3.",
            "Báo cáo tình hình thực hiện TTHC trên môi trường điện tử",
            "Lồng ghép nội dung trong Báo cáo Kiểm soát TTHC hàng quý và cả năm.",
            "Ban Quản lý dự án đầu tư",
            "Văn phòng và các đơn vị liên quan",
            "Báo cáo",
        ],
    ]


def test_a_word_plan_of_2020_with_roman_sections_and_old_unit_names(sample_units) -> None:
    data = word(
        plan_2020(),
        tables_before=1,
        before=["Phụ lục", "(Kèm theo Kế hoạch số 1234/KH-BHXH ngày 15/5/2020 của BHXH Việt Nam)"],
        after=["^1 Nhiệm vụ giao tại Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ."],
    )
    reading = read_plan(data, "ke-hoach-2020.docx")
    assert reading.plan_date == date(2020, 5, 15)
    rows = as_json(reading)["rows"]
    assert [(r["code"], r["section"]) for r in rows] == [
        ("1", "I"),
        ("2", "I"),
        ("1", "II"),
        ("2", "II"),
        ("3", "II"),
    ]
    first, second, third, fourth, fifth = rows
    assert first["lead"] == ["PC"]
    assert first["coordinating"] == ["CSXH", "CSYT", "TCKT", "THU", "SOTHE", "CNTT", "TTLT", "TTTT"]
    assert (first["schedule"], first["deadline"]) == ("deadline", "2020-06-30")
    assert second["lead"] == ["TTLT", "@PROVINCES"]
    assert (second["schedule"], second["deadline"]) == ("recurring", "2025-12-30")
    # "theo lộ trình hàng năm và hoàn thành trước 31/12/2025": one due date a year to the end
    assert second["occurrences"] == [f"{y}-12-31" for y in range(2020, 2025)] + ["2025-12-30"]
    assert third["lead"] == ["THU", "SOTHE", "CSXH", "CSYT", "TCKT"]
    assert third["coordinating"] == ["CNTT", "PC", "@PROVINCES"]
    assert (third["schedule"], third["occurrences"]) == ("recurring", ["2020-12-31"])
    assert fourth["lead"] == ["TTTT", "@PROVINCES"]
    assert (fourth["schedule"], fourth["deadline"]) == ("event", None)
    assert fifth["lead"] == ["?Ban Quản lý dự án đầu tư"]
    assert fifth["coordinating"] == ["VP", "@RELATED"]
    assert fifth["occurrences"] == ["2020-03-31", "2020-06-30", "2020-09-30", "2020-12-31"]
    # What a person sees beside the reading.
    read = reading.rows
    assert read[0].content == ("Xây dựng Kế hoạch triển khai thực hiện Nghị định số 45/2020/NĐ-CP.")
    assert read[0].footnotes == [
        "Nhiệm vụ giao tại Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ."
    ]
    assert read[2].content.endswith("đáp ứng tiêu chí tại Điều 21 Nghị định số 45/2020/NĐ-CP.")
    assert any(f.level == WARNING and "ngắt trang" in f.message for f in read[2].flags)
    assert [f.field for f in read[4].flags if f.level == ERROR] == ["lead"]
    assert any("Trước 31/12/2025" in f.message for f in read[1].flags)


def plan_2025() -> list[list[str]]:
    header = ["STT", "Nội dung công việc", "Đơn vị thực hiện", LEFT, "Tiến độ", "Sản phẩm"]
    below = [UP, UP, "Chủ trì", "Phối hợp", UP, UP]
    return [
        header,
        below,
        ["A", "NHIỆM VỤ CHUNG", LEFT, LEFT, LEFT, LEFT],
        [
            "1",
            "Tuyên truyền chính sách",
            "Ban Tuyên truyền và hỗ trợ người tham gia",
            "BHXH Ninh Thuận",
            "6 tháng cuối năm 2025",
            "Tin, bài",
        ],
        ["2", "Rà soát quy chế phối hợp", LEFT, LEFT, LEFT, LEFT],
        [
            "a",
            "Rà soát ở Trung ương",
            "Ban Pháp chế",
            "Tài chính - Kế toán",
            "trước ngày 20/10/2025",
            "Báo cáo",
        ],
        [
            UP,
            "Rà soát ở địa phương",
            "BHXH các tỉnh, thành phố",
            "",
            "Trong tháng 10/2025",
            "Báo cáo",
        ],
        ["3", "Giao ban trực tuyến", "Văn phòng", "", "Hằng tuần", ""],
        ["4", "Báo cáo sơ kết", "Văn phòng", "Các đơn vị", "Định kỳ 6 tháng", "Báo cáo"],
        ["5", "Trao đổi kế hoạch kiểm tra", "Ban Kiểm tra", "TLD", "Tháng 12 hằng năm", ""],
        ["6", "Cung cấp thông tin", "Văn phòng", "", "Khi có đề nghị", ""],
        [UP, UP, "Ban Kiểm tra", "", "từ 01/3/2025 đến 30/6/2025", ""],
        ["7", "Tổng kết", "Văn phòng", "", "Theo tình hình thực tế", ""],
        ["B", "NHIỆM VỤ RIÊNG", LEFT, LEFT, LEFT, LEFT],
        ["1", "Kiểm tra liên ngành", "Theo phân công của Lãnh đạo Ngành", "", "Quý IV/2025", ""],
    ]


def test_an_excel_plan_with_a_two_row_header_letters_and_2025_names(sample_units) -> None:
    data = excel(plan_2025(), before=["KẾ HOẠCH CÔNG TÁC NĂM 2025", "(ngày 01/8/2025)"])
    reading = read_plan(data, "ke-hoach.xlsx")
    assert reading.plan_date == date(2025, 8, 1)
    rows = {(r["section"], r["code"], tuple(r["lead"])): r for r in as_json(reading)["rows"]}
    codes = [(r["section"], r["code"]) for r in as_json(reading)["rows"]]
    assert codes == [
        ("A", "1"),
        ("A", "2.a"),
        ("A", "2.a"),
        ("A", "3"),
        ("A", "4"),
        ("A", "5"),
        ("A", "6"),
        ("A", "6"),
        ("A", "7"),
        ("B", "1"),
    ]
    one = rows[("A", "1", ("TTHT",))]
    assert one["coordinating"] == ["KHANHHOA"]  # Ninh Thuận merged into Khánh Hòa on 01/7/2025
    assert one["deadline"] == "2025-12-31"
    assert rows[("A", "2.a", ("PC",))]["deadline"] == "2025-10-19"
    assert rows[("A", "2.a", ("@PROVINCES",))]["deadline"] == "2025-10-31"
    assert rows[("A", "3", ("VP",))]["schedule"] == "recurring"
    assert rows[("A", "4", ("VP",))]["occurrences"] == ["2025-06-30", "2025-12-31"]
    assert rows[("A", "4", ("VP",))]["coordinating"] == ["@CENTRAL"]
    assert rows[("A", "5", ("KT",))]["occurrences"] == ["2025-12-31"]
    assert rows[("A", "5", ("KT",))]["coordinating"] == ["TLD"]
    assert rows[("A", "6", ("VP",))]["schedule"] == "event"
    assert rows[("A", "6", ("KT",))]["deadline"] == "2025-06-30"
    assert rows[("B", "1", ("@LEADERSHIP_TBD",))]["deadline"] == "2025-12-31"
    unreadable = next(r for r in reading.rows if r.code == "7")
    assert [f.field for f in unreadable.flags if f.level == ERROR] == ["schedule"]
    merged = next(r for r in reading.rows if r.code == "1" and r.section == "A")
    assert any("Khánh Hòa" in f.message or "KHANHHOA" in f.message for f in merged.flags)
