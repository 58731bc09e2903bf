"""An administrator adds a report type and changes its sections, in the browser, from the
keyboard: the sections are lines of a text box, the form is sent with Enter."""

import pytest

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, UserFactory, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.organisation.models import Unit
from theodoi.reports.models import ReportType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_a_report_type_and_edits_its_sections(
    live_server, page, sample_units: dict[str, Unit]
) -> None:
    admin = UserFactory.create(username="quantri", roles=[Role.ADMIN], unit=sample_units["VP"])
    give_app(admin)
    page.goto(f"{live_server.url}/bao-cao/loai/")
    sign_in(page, "quantri", TEST_PASSWORD)
    page.get_by_role("link", name="Thêm loại báo cáo").click()
    page.get_by_label("Tên báo cáo").fill("Báo cáo công tác kiểm soát TTHC quý")
    page.get_by_label("Tần suất").select_option(label="Hằng quý")
    page.get_by_label("Các kỳ trong năm").fill("1, 2, 3")
    page.get_by_label("Đơn vị tổng hợp").select_option(label="Văn phòng")
    page.get_by_label("Đơn vị phải báo cáo").fill("@PROVINCES; @CENTRAL; XYZ")
    page.get_by_label("Cách tính hạn nộp").select_option(label="Trước ngày N của tháng cuối kỳ")
    page.get_by_label("N (ngày)").fill("19")
    page.get_by_label("Khoảng số liệu").select_option(value="cutoff")
    page.get_by_label("Ngày chốt số liệu").fill("14")
    page.get_by_label("Các phần của báo cáo").fill(
        "Tiếp nhận, xử lý PAKN | bắt buộc\nKiến nghị, đề xuất | không bắt buộc"
    )
    page.get_by_label("Căn cứ").fill("Kế hoạch kiểm soát TTHC, Điều 2")
    page.get_by_label("Căn cứ").press("Enter")
    page.get_by_text("không có đơn vị hay nhóm «XYZ»").wait_for()
    assert not ReportType.objects.exists()
    page.get_by_label("Đơn vị phải báo cáo").fill("@PROVINCES; @CENTRAL")
    page.get_by_label("Căn cứ").press("Enter")
    page.get_by_text("Đã thêm loại báo cáo").wait_for()
    row = page.get_by_role("row", name="Báo cáo công tác kiểm soát TTHC quý")
    assert "BHXH các tỉnh, thành phố; Các đơn vị trực thuộc BHXH Việt Nam" in row.inner_text()
    assert "Đến ngày 14 của tháng cuối kỳ" in row.inner_text()

    row.get_by_role("link", name="Báo cáo công tác kiểm soát TTHC quý").click()
    sections = page.get_by_label("Các phần của báo cáo")
    assert sections.input_value().splitlines()[0] == "Tiếp nhận, xử lý PAKN | bắt buộc"
    sections.press("Control+End")
    sections.press("Enter")
    sections.type("Tiếp nhận, xử lý PAKN | bắt buộc")
    page.get_by_label("Căn cứ").press("Enter")
    page.get_by_text("trùng với phần").wait_for()
    sections.fill("Tiếp nhận, xử lý PAKN | bắt buộc\nRà soát TTHC | không bắt buộc | Quý III")
    page.get_by_label("Căn cứ").press("Enter")
    page.get_by_text("Đã lưu loại báo cáo").wait_for()
    saved = ReportType.objects.get()
    assert [s["title"] for s in saved.sections] == ["Tiếp nhận, xử lý PAKN", "Rà soát TTHC"]
    assert saved.sections[1]["hint"] == "Quý III" and saved.version == 2


def test_the_list_of_report_types_fits_a_phone(
    live_server, page, sample_units: dict[str, Unit]
) -> None:
    """The list's seven columns scroll inside their frame: the page itself does not scroll
    sideways on a 390-pixel phone."""
    admin = UserFactory.create(username="quantri", roles=[Role.ADMIN], unit=sample_units["VP"])
    give_app(admin)
    ReportType.objects.create(
        code="thu-nghiem",
        name="Báo cáo công tác kiểm soát thủ tục hành chính quý",
        frequency="quarter",
        collector=sample_units["VP"],
        reporters="@PROVINCES; @CENTRAL",
        due_rule="before_day_last_month",
        due_day=19,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/bao-cao/loai/")
    sign_in(page, "quantri", TEST_PASSWORD)
    page.get_by_role("link", name="Báo cáo công tác kiểm soát thủ tục hành chính quý").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
