"""A leader opens the dashboard on the demo data and clicks the overdue number: the task list
opens with exactly that many tasks."""

import re

import pytest

from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"


def test_a_number_on_the_dashboard_opens_its_list(live_server, page) -> None:
    copy_demo(PASSWORD)
    page.goto(f"{live_server.url}/tong-quan/")
    sign_in(page, "lanhdao", PASSWORD)
    page.get_by_role("heading", name="Tình hình chung").wait_for()
    tile = page.locator(".tiles li.k-open_overdue a").first
    expected = int(tile.locator("strong").inner_text())
    assert expected > 0  # the demo has overdue tasks
    tile.focus()
    page.keyboard.press("Enter")  # by keyboard, as a leader on a phone would tap
    page.wait_for_url(re.compile(r"/nhiem-vu/\?.*loai=open_overdue"))
    count = page.locator("#results strong").first.inner_text()
    assert int(count) == expected
    rows = page.locator("#results tbody tr")
    assert rows.count() == min(expected, 50)
