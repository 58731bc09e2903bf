"""An administrator registers a webhook on a phone, from the keyboard: a wrong address is
refused on its field, the secret is shown once, and the page does not scroll sideways."""

import pytest

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, UserFactory, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.organisation.models import Unit
from theodoi.webhooks.models import Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URL = "https://vpdt.bhxh.test/theodoi/webhook"


def test_an_administrator_registers_a_webhook_and_sees_its_secret_once(
    live_server, page, sample_units: dict[str, Unit]
) -> None:
    admin = UserFactory.create(username="quantri", roles=[Role.ADMIN], unit=sample_units["VP"])
    give_app(admin)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/quan-tri/webhook/")
    sign_in(page, "quantri", TEST_PASSWORD)
    page.get_by_role("link", name="Đăng ký webhook").click()
    page.get_by_label("Địa chỉ nhận").fill("ftp://vpdt.bhxh.test/webhook")
    page.get_by_label("Nhiệm vụ được giao").press("Space")  # a checkbox, from the keyboard
    page.get_by_label("Nhiệm vụ quá hạn").press("Space")
    page.get_by_label("Mô tả").fill("Văn phòng điện tử")
    page.get_by_label("Mô tả").press("Enter")
    page.get_by_text("Địa chỉ nhận phải là địa chỉ http:// hoặc https:// đầy đủ.").wait_for()
    assert not Subscription.objects.exists()
    assert page.get_by_label("Nhiệm vụ quá hạn").is_checked()  # the choices kept
    page.get_by_label("Địa chỉ nhận").fill(URL)
    page.get_by_label("Mô tả").press("Enter")
    page.get_by_text("Đã đăng ký webhook").wait_for()
    saved = Subscription.objects.get()
    assert saved.events == ["task.assigned", "task.overdue"]
    shown = page.locator("#secret-value")
    assert shown.inner_text().strip() == saved.secret
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.reload()
    page.get_by_role("heading", name="Các lần gửi").wait_for()
    assert page.locator("#secret-value").count() == 0
    assert saved.secret not in page.content()

    page.get_by_role("button", name="Tạo khóa bí mật mới").press("Enter")
    page.get_by_text("Đã tạo khóa bí mật mới").wait_for()
    saved.refresh_from_db()
    assert page.locator("#secret-value").inner_text().strip() == saved.secret
    page.get_by_role("link", name="Các webhook khác").click()
    row = page.get_by_role("row", name=URL)
    assert "Nhiệm vụ được giao; Nhiệm vụ quá hạn" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
