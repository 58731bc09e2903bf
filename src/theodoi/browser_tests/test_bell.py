"""A person comes back to a tab left open: the bell shows what arrived meanwhile, without a
reload, and still opens the notifications."""

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD, give_app
from theodoi.browser_tests.signing import sign_in
from theodoi.notifications.services import Draft, notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_shows_news_when_the_person_comes_back(live_server, page, make_user) -> None:
    person = make_user(Role.TRACKER, username="vanphong1")
    give_app(person)  # the Office signs in with a second factor
    page.goto(f"{live_server.url}/")
    sign_in(page, "vanphong1", TEST_PASSWORD)
    bell = page.locator("#bell")
    expect(bell).to_have_attribute("aria-label", "Thông báo")
    # a drawn icon: an emoji showed as an empty box where no emoji font is installed
    box = bell.locator("svg").bounding_box()
    assert box is not None and box["width"] >= 18 and box["height"] >= 18
    notify(
        [
            Draft(person.pk, "urge:1", "Văn bản đôn đốc 3 nhiệm vụ quá hạn"),
            Draft(person.pk, "urge:2", "Văn bản đôn đốc 1 nhiệm vụ sắp đến hạn"),
        ]
    )
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # back to the tab
    expect(bell.locator(".badge")).to_have_text("2")
    expect(bell).to_have_attribute("aria-label", "Thông báo: 2 chưa đọc")
    bell.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Văn bản đôn đốc 3 nhiệm vụ quá hạn")).to_be_visible()
