"""Unit cells as plans write them: separators, names holding commas and dashes, prefixes that
distribute, groups, names of another era, and what is kept as written."""

from datetime import date

import pytest

from theodoi.imports.unitcells import read_cell
from theodoi.organisation.resolver import build_resolver


@pytest.mark.parametrize(
    ("text", "as_of", "tokens"),
    [
        (
            "TST, CSXH, CSYT, TCKT, PC, CNTT, TTTT",
            date(2024, 1, 1),
            ["TST", "CSXH", "CSYT", "TCKT", "PC", "CNTT", "TTTT"],
        ),
        ("BHXH các tỉnh, thành phố", date(2024, 1, 1), ["@PROVINCES"]),
        ("BHXH các tỉnh,\nthành phố", date(2024, 1, 1), ["@PROVINCES"]),
        (
            "CNTT, VP, PC;\nBHXH các tỉnh, thành phố",
            date(2024, 1, 1),
            ["CNTT", "VP", "PC", "@PROVINCES"],
        ),
        (
            "- Các đơn vị liên quan;\n- BHXH các tỉnh, thành phố",
            date(2024, 1, 1),
            ["@RELATED", "@PROVINCES"],
        ),
        ("Văn phòng và các đơn vị liên quan", date(2024, 1, 1), ["VP", "@RELATED"]),
        (
            "Các đơn vị: CSXH, CSYT, Thu, Sổ - Thẻ",
            date(2020, 5, 1),
            ["CSXH", "CSYT", "THU", "SOTHE"],
        ),
        ("Các đơn vị: CSXH, CSYT, Thu, Sổ - Thẻ", date(2024, 5, 1), ["CSXH", "CSYT", "TST"]),
        (
            "Trung tâm: Công nghệ thông tin, Lưu trữ, Truyền thông",
            date(2024, 1, 1),
            ["CNTT", "TTLT", "TTTT"],
        ),
        ("Ban Tuyên truyền và hỗ trợ người tham gia; Văn phòng", date(2025, 8, 1), ["TTHT", "VP"]),
        ("BHXH tỉnh Ninh Thuận", date(2024, 1, 1), ["NINHTHUAN"]),
        ("BHXH tỉnh Ninh Thuận", date(2025, 8, 1), ["KHANHHOA"]),
        ("Theo phân công Lãnh đạo Ngành khi phát sinh", date(2024, 1, 1), ["@LEADERSHIP_TBD"]),
        ("Các đơn vị trực thuộc", date(2024, 1, 1), ["@CENTRAL"]),
        (
            "Tạp chí BHXH, VP, BHXH tỉnh, Các đơn vị cung cấp DVC được BHXH ủy quyền",
            date(2024, 1, 1),
            ["TCBHXH", "VP", "@PROVINCES", "?Các đơn vị cung cấp DVC được BHXH ủy quyền"],
        ),
        ("Bưu điện Việt Nam - VNPost", date(2024, 1, 1), ["?Bưu điện Việt Nam - VNPost"]),
        ("VP, VP, Văn phòng", date(2024, 1, 1), ["VP"]),
        ("", date(2024, 1, 1), []),
    ],
)
def test_a_unit_cell_reads_as_units_and_groups(sample_units, text, as_of, tokens) -> None:
    assert [n.token for n in read_cell(text, as_of, build_resolver())] == tokens
