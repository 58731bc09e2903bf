"""The pages work under the Content-Security-Policy: the task list filters through htmx, the
bell refreshes itself, the dashboard opens, and the browser blocks nothing on the way."""

import re

import pytest
from playwright.sync_api import expect

from theodoi.accounts.models import User
from theodoi.browser_tests.signing import sign_in
from theodoi.demo.tests.copies import copy_demo
from theodoi.notifications.services import Draft, notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Demo-trinh-duyet-2026"
# Every violation the page reports, from its first script on (Playwright's init script is not
# subject to the page's policy).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
INLINE_STYLE = "document.head.appendChild(document.createElement('style')).textContent = 'p{}'"


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_htmx_pages_run_under_the_policy_without_a_violation(live_server, page) -> None:
    copy_demo(PASSWORD)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.add_init_script(LISTEN)

    opened = page.goto(f"{live_server.url}/nhiem-vu/")
    sign_in(page, "vanphong", PASSWORD)
    page.wait_for_url(re.compile(r"/nhiem-vu/$"))
    assert opened is not None and "script-src 'self'" in opened.headers["content-security-policy"]

    # the filter: htmx swaps the results in place (the page is not reloaded)
    total = page.locator("#results strong").first.inner_text()
    page.evaluate("window.__same_page = true")
    search = page.get_by_label("Tìm")
    search.fill("VssID")
    search.press("Enter")
    page.wait_for_url(re.compile(r"q=VssID"))
    expect(page.locator("#results strong").first).not_to_have_text(total)
    assert page.evaluate("window.__same_page") is True

    # the bell asks again when the window regains focus
    person = User.objects.get(username="vanphong")
    notify([Draft(person.pk, "csp:1", "Văn bản đôn đốc 2 nhiệm vụ quá hạn")])
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(page.locator("#bell .badge")).to_be_visible()

    page.goto(f"{live_server.url}/tong-quan/")
    page.get_by_role("heading", name="Tình hình chung").wait_for()
    assert violations(page) == [] and refused == []

    # and the listener does hear a blocked style, so the empty list above means something
    page.evaluate(INLINE_STYLE)
    page.wait_for_function("window.__violations.length > 0")
    assert violations(page)[0].startswith("style-src")
