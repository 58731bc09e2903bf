"""A province fills the TTHC control form on a phone with one rule broken, sees the message by
the cell as it types, fixes it and submits; the Office returns it with a comment, the province
submits again (version 2) and the Office accepts it, in a real browser."""

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import TEST_PASSWORD, UserFactory, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.core.periods import parse_period
from theodoi.organisation.labels import unit_label
from theodoi.organisation.models import Unit
from theodoi.reports.models import Frequency, RequestState
from theodoi.statforms.selectors import request_in, round_or_open
from theodoi.statforms.tests.conftest import tthc_type
from theodoi.statforms.tests.filled import province_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
RULE = "Quy tắc «5.1 = 5.2+5.3+5.4+5.5+5.6»"


def open_as(browser, url: str, user: User, viewport: dict[str, int] | None = None):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(10_000)
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"{url}/dang-nhap/")
    sign_in(page, user.username, TEST_PASSWORD)
    page.wait_for_url(f"{url}/")
    return page


def test_a_province_fills_the_form_the_office_returns_then_accepts(
    live_server, browser, sample_units: dict[str, Unit]
) -> None:
    office_user = UserFactory.create(
        username="vanphong", roles=[Role.TRACKER], unit=sample_units["VP"]
    )
    give_app(office_user)
    hanoi = UserFactory.create(
        username="hanoi.giamdoc", roles=[Role.UNIT_HEAD], unit=sample_units["HANOI"]
    )
    tthc_type("tthc-quy", Frequency.QUARTER, sample_units["VP"], [1, 2, 3])
    report = request_in(round_or_open("tthc", parse_period("2026-Q1")), "HANOI")
    url = live_server.url

    province = open_as(browser, url, hanoi, PHONE)
    province.goto(f"{url}/bao-cao/yeu-cau/{report.pk}/")
    province.get_by_role("link", name="mở biểu mẫu để nhập, nộp và xem số liệu").click()
    expect(province.get_by_text("Số liệu từ 15/12/2025 đến 14/03/2026, hạn nộp 18/03/2026"))
    for code, value in province_values(**{"5_1": "1.199"}).items():
        province.locator(f'input[name="{code}"]').fill(str(value))
    grid_notes = province.locator(".notes", has=province.locator(".note-error"))
    expect(grid_notes.filter(has_text=RULE)).to_be_visible()
    expect(province.locator("#k-5-1")).to_contain_text("2+3+4+5+6 = 1.200")
    # the wide table scrolls inside its own box; the page itself does not
    assert province.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    grid_box = province.get_by_role("region", name="Kết quả giải quyết, trả kết quả trong kỳ")
    assert grid_box.evaluate("box => box.scrollWidth > box.clientWidth")
    cell = province.get_by_label("Cột 1 — Tổng số (5.1)")
    cell.fill("1.200")
    expect(province.get_by_text(RULE)).to_have_count(0)
    expect(province.locator("#form-summary")).to_contain_text("thỏa các quy tắc kiểm tra")
    # a warning asks for its explanation, which stays as typed while the figures are checked
    province.get_by_label("Tổng số hồ sơ tiếp nhận trong kỳ (6.2.total)").fill("1.250")
    because = province.get_by_label("Giải trình cảnh báo «6.2.total = 5.1»")
    because.fill("Tính cả 50 hồ sơ điện tử qua bưu điện.")
    with province.expect_response(lambda answer: "/kiem-tra/" in answer.url):
        province.get_by_label("Số hồ sơ thực hiện giao dịch điện tử (6.2.online)").fill("950")
    expect(because).to_have_value("Tính cả 50 hồ sơ điện tử qua bưu điện.")
    province.get_by_role("button", name="Nộp báo cáo").click()
    expect(province.get_by_text("Đã nộp biểu mẫu (lần 1).")).to_be_visible()

    office = open_as(browser, url, office_user)
    office.goto(f"{url}/bieu-mau/{report.pk}/")
    expect(office.locator(".form-section").first).to_be_visible()
    office.get_by_label("Ý kiến của đơn vị tổng hợp").fill("Kiểm tra lại cột 9.")
    office.get_by_role("button", name="Trả lại để hoàn thiện").click()
    expect(office.get_by_text("Đã trả lại biểu mẫu")).to_be_visible()

    province.reload()
    expect(province.locator(".notice.returned")).to_contain_text("Kiểm tra lại cột 9.")
    province.get_by_label("Cột 9 — Quá thời hạn (5.9)").fill("11")
    province.get_by_label("Cột 8 — Đúng thời hạn (5.8)").fill("1.139")
    province.get_by_role("button", name="Nộp báo cáo").click()
    expect(province.get_by_text("Đã nộp biểu mẫu (lần 2).")).to_be_visible()

    office.reload()
    office.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(office.get_by_text("Đã tiếp nhận biểu mẫu")).to_be_visible()
    expect(office.locator("ol.versions li")).to_have_count(2)
    report.refresh_from_db()
    assert report.state == RequestState.ACCEPTED and report.submissions.count() == 2
    sent = report.submissions.get(number=2).form_version
    assert sent.values["5.9"] == 11 and sent.values["6.2.total"] == 1250
    assert sent.explanations["6.2.total = 5.1"] == "Tính cả 50 hồ sơ điện tử qua bưu điện."

    # the Office sees the province's accepted figures in the national table
    office.get_by_role("link", name="Bảng tổng hợp toàn quốc của kỳ").click()
    row = office.get_by_role("row").filter(has_text=unit_label(report.unit))
    expect(row).to_contain_text("Đã tiếp nhận (lần 2)")
    expect(row).to_contain_text("1.200")
    total = office.get_by_role("row").filter(has_text="Tổng cộng")
    expect(total).to_contain_text("1/")
