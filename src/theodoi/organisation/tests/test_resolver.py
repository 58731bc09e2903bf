"""The resolver against every unit and group spelling in the plan sample and the seed tables."""

from datetime import date

import pytest

from theodoi.organisation.models import Unit
from theodoi.organisation.resolver import build_resolver

PLAN_2024 = date(2024, 2, 1)  # shared/samples plan and seeds/001 (Kế hoạch KSTTHC 2024)
PLAN_2020 = date(2020, 6, 1)  # seeds/003 (Nghị định 45/2020 appendix, older unit names)

# Every spelling, as split from the unit cells of the two appendices and the sample .docx.
SPELLINGS_2024 = {
    "Văn phòng": "VP",
    "VP": "VP",
    "VP.": "VP",
    "TST": "TST",
    "CSXH": "CSXH",
    "CSYT": "CSYT",
    "TCKT": "TCKT",
    "PC": "PC",
    "CNTT": "CNTT",
    "TTTT": "TTTT",
    "TTLT": "TTLT",
    "Tạp chí BHXH": "TCBHXH",
    "Trung tâm truyền thông": "TTTT",
    "Trung tâm CSKH": "CSKH",
    "CSKH": "CSKH",
    "BHXH các tỉnh, thành phố": "@PROVINCES",
    "BHXH các tỉnh, \nthành phố": "@PROVINCES",
    "BHXH tỉnh": "@PROVINCES",
    "- BHXH các tỉnh, thành phố": "@PROVINCES",
    "Các đơn vị liên quan": "@RELATED",
    "- Các đơn vị liên \nquan;": "@RELATED",
    "các đơn vị liên quan": "@RELATED",
    "Theo phân công Lãnh đạo Ngành khi phát sinh": "@LEADERSHIP_TBD",
    "Theo phân công \nLãnh đạo Ngành \nkhi phát sinh": "@LEADERSHIP_TBD",
}
SPELLINGS_2020 = {
    "Vụ Pháp chế": "PC",
    "- Vụ Pháp chế;": "PC",
    "Pháp chế": "PC",
    "CSXH": "CSXH",
    "CSYT": "CSYT",
    "TCKT": "TCKT",
    "Thu": "THU",
    "Sổ - Thẻ": "SOTHE",
    "Sổ - \nThẻ": "SOTHE",
    "Trung tâm Công nghệ thông tin": "CNTT",
    "Trung tâm Công \nnghệ thông tin.": "CNTT",
    "Công nghệ thông tin": "CNTT",
    "Lưu trữ": "TTLT",
    "Trung tâm lưu trữ": "TTLT",
    "Truyền thông": "TTTT",
    "Trung tâm Truyền thông": "TTTT",
    "- Trung tâm Truyền \nthông.;": "TTTT",
    "BHXH các tỉnh, thành phố": "@PROVINCES",
    "- BHXH các tỉnh, thành \nphố.": "@PROVINCES",
}
# Other wordings a plan of another year could use (DOMAIN §3, units.csv aliases).
OTHER_SPELLINGS = {
    "Ban Thu - Sổ, thẻ": "TST",
    "ban quan ly thu so the": "TST",
    "Ban Thực hiện chính sách BHXH": "CSXH",
    "Ban Thực hiện chính sách bảo hiểm y tế": "CSYT",
    "Vụ Tài chính - Kế toán": "TCKT",
    "Trung tâm CNTT": "CNTT",
    "Trung tâm Công nghệ thông tin và Chuyển đổi số": "CNTT",
    "TRUNG TÂM CÔNG NGHỆ THÔNG TIN": "CNTT",
    "trung tam cong nghe thong tin": "CNTT",
    "Văn phòng BHXH Việt Nam": "VP",
    "Ban Tổ chức cán bộ": "TCCB",
    "Tuyên truyền và hỗ trợ người tham gia": "TTHT",
    "Tổng Liên đoàn Lao động Việt Nam": "TLD",
    "Bảo hiểm xã hội Hà Nội": "HANOI",
    "BHXH thành phố Hồ Chí Minh": "HOCHIMINH",
    "BHXH TP. Hồ Chí Minh": "HOCHIMINH",
    "Bảo hiểm xã hội tỉnh Lào Cai": "LAOCAI",
    "BHXH các tỉnh, thành phố trực thuộc Trung ương": "@PROVINCES",
    "Các đơn vị trực thuộc BHXH Việt Nam": "@CENTRAL",
    "Các đơn vị có liên quan": "@RELATED",
}


@pytest.fixture
def resolver(sample_units: dict[str, Unit]):
    return build_resolver()


@pytest.mark.parametrize(("written", "token"), SPELLINGS_2024.items())
def test_spellings_of_the_2024_plan(resolver, written: str, token: str) -> None:
    result = resolver.resolve(written, PLAN_2024)
    assert result.token == token, result.note


@pytest.mark.parametrize(("written", "token"), SPELLINGS_2020.items())
def test_spellings_of_the_2020_appendix(resolver, written: str, token: str) -> None:
    result = resolver.resolve(written, PLAN_2020)
    assert result.token == token, result.note


@pytest.mark.parametrize(("written", "token"), OTHER_SPELLINGS.items())
def test_other_wordings(resolver, written: str, token: str) -> None:
    assert resolver.resolve(written, date(2025, 8, 1)).token == token


def test_old_names_resolve_to_the_unit_carrying_on_the_work(resolver) -> None:
    thu = resolver.resolve("Thu", date(2024, 1, 1))
    assert thu.token == "TST"
    assert "đảm nhận" in thu.note
    # Provinces merged on 1 July 2025: an old name means the merged province afterwards.
    assert resolver.resolve("BHXH Hải Dương", date(2025, 6, 30)).token == "HAIDUONG"
    assert resolver.resolve("BHXH Hải Dương", date(2025, 7, 1)).token == "HAIPHONG"
    assert resolver.resolve("BHXH tỉnh Bình Dương", date(2026, 1, 1)).token == "HOCHIMINH"


def test_unresolved_names_are_kept_as_written_with_a_reason(resolver) -> None:
    result = resolver.resolve("Các đơn vị cung cấp DVC được BHXH ủy quyền.", PLAN_2024)
    assert not result.resolved
    assert result.token == "?Các đơn vị cung cấp DVC được BHXH ủy quyền"
    assert "Không tìm thấy" in result.note
    assert not resolver.resolve("   ", PLAN_2024).resolved


def test_a_unit_before_it_existed_is_flagged_uncertain(resolver) -> None:
    result = resolver.resolve("TST", date(2019, 1, 1))
    assert result.token == "TST"
    assert not result.certain
    assert "chưa có hiệu lực" in result.note


def test_resolver_index_is_built_in_four_queries(sample_units, django_assert_num_queries) -> None:
    with django_assert_num_queries(4):
        resolver = build_resolver()
    for written in SPELLINGS_2024:
        resolver.resolve(written, PLAN_2024)
