"""The Office corrects a target on a phone, from the keyboard, with JavaScript off: a missing
reason is named on its field and nothing changes; with it the target's page shows the new
name and deadline, and neither page scrolls sideways."""

from datetime import date

import pytest

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, UserFactory, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.organisation.models import Unit
from theodoi.targets.models import Target
from theodoi.targets.tests.conftest import make_target

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_corrects_a_target_without_javascript(
    live_server, browser, sample_units: dict[str, Unit]
) -> None:
    office = UserFactory.create(username="vanphong", roles=[Role.TRACKER], unit=sample_units["VP"])
    give_app(office)
    target = make_target(sample_units["VP"], name="Mức độ hài lòng đạt tôi thiểu 90%")
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", java_script_enabled=False,
        viewport={"width": 390, "height": 844},
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/chi-tieu/{target.code}/")
        sign_in(page, "vanphong", TEST_PASSWORD)
        link = page.get_by_role("link", name="Sửa chỉ tiêu")
        link.focus()
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Sửa chỉ tiêu").wait_for()
        assert page.get_by_label("Thời hạn").input_value() == "31/12/2026"
        assert page.get_by_label("Mã chỉ tiêu").is_disabled()
        page.get_by_label("Tên chỉ tiêu").fill("Mức độ hài lòng đạt tối thiểu 90%")
        page.get_by_label("Thời hạn").fill("30/06/2027")
        page.get_by_label("Thời hạn").press("Enter")
        page.get_by_text("Hãy ghi lý do sửa").wait_for()
        assert Target.objects.get(pk=target.pk).deadline == date(2026, 12, 31)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_label("Lý do sửa").fill("Sai chính tả, thời hạn theo kế hoạch mới")
        page.get_by_role("button", name="Lưu thay đổi").press("Enter")
        page.get_by_text("Đã sửa chỉ tiêu «hai-long»").wait_for()
        page.get_by_role("heading", name="Mức độ hài lòng đạt tối thiểu 90%").wait_for()
        assert "30/06/2027" in page.locator("dl.facts").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
