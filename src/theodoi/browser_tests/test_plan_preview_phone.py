"""Issue 20 points 7 and 12: on a phone (390 px) the import preview is a list of cards with no
sideways scrolling, and "Dòng cần xem tiếp" leads from one flagged row to the next, by
keyboard too."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.imports import services
from theodoi.imports.examples import excel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
HEADER = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]


def test_the_preview_fits_a_phone_and_walks_the_flagged_rows(
    live_server, page, sample_units, make_user
) -> None:
    office = make_user(Role.TRACKER, unit="VP", username="vp1")
    give_app(office)  # the Office signs in with a second factor
    long = "Rà soát, đánh giá việc thực hiện thủ tục hành chính " * 4
    rows = [HEADER]
    for n in range(1, 9):
        lead = "Ban Không Có Trong Danh Mục" if n in (2, 7) else "Văn phòng"
        rows.append([str(n), f"{n}. {long}", lead, "Ban Kiểm tra", "Quý II/2025"])
    plan = services.plan_upload(
        actor=office,
        file=SimpleUploadedFile("ke-hoach-kiem-soat-thu-tuc-hanh-chinh-2025.xlsx", excel(rows)),
        number="21/KH-BHXH",
        plan_date=date(2025, 1, 2),
        signer_name="Trần Văn Cũ",
    )
    page.set_viewport_size(PHONE)
    preview = f"{live_server.url}{reverse('imports:preview', args=[plan.pk])}"
    page.goto(preview)
    sign_in(page, "vp1", TEST_PASSWORD)
    page.get_by_text("8 dòng nhiệm vụ").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width

    first = page.get_by_role("link", name="Đến dòng cần xem đầu tiên")
    first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{preview}#row-2")
    expect(page.locator("#row-2")).to_be_in_viewport()
    following = page.locator("#row-2").get_by_role("link", name="Dòng cần xem tiếp")
    following.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{preview}#row-7")
    expect(page.locator("#row-7")).to_be_in_viewport()
    page.locator("#row-7").get_by_role("link", name="Dòng cần xem tiếp").click()
    expect(page).to_have_url(f"{preview}#row-2")  # round to the first

    page.locator("#row-7").get_by_role("link", name="Sửa dòng 7").click()
    page.get_by_label("Nội dung công việc").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
