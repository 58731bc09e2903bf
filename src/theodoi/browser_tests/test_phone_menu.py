"""On a phone the top bar is one line: the name, the bell and a "Menu" button that unfolds the
menu, by touch or keyboard. On a wide screen the menu is always shown."""

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import Role
from theodoi.accounts.tests.factories import TEST_PASSWORD
from theodoi.browser_tests.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_the_phone_menu_folds_and_opens_by_keyboard(live_server, page, make_user) -> None:
    make_user(Role.UNIT_STAFF, username="chuyenvien1")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    sign_in(page, "chuyenvien1", TEST_PASSWORD)
    bar = page.locator("header.topbar")
    button = page.get_by_role("button", name="Menu")
    expect(button).to_be_visible()
    menu = page.get_by_role("navigation", name="Chính")
    expect(menu).to_be_hidden()
    assert bar.bounding_box()["height"] <= 0.08 * PHONE["height"]  # one line, not three
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Việc của tôi")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()


def test_on_a_wide_screen_the_menu_is_always_shown(live_server, page, make_user) -> None:
    make_user(Role.UNIT_STAFF, username="chuyenvien2")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    sign_in(page, "chuyenvien2", TEST_PASSWORD)
    expect(page.get_by_role("navigation", name="Chính")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
