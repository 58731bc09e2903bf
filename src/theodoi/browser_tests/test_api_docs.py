"""The API's interactive documentation opens from the site's own files: with every address
outside the site refused, Swagger UI still shows the operations, and a token typed into
«Authorize» gets its answer from the live API."""

import re

import pytest
from playwright.sync_api import expect

from theodoi.accounts.tests.factories import UserFactory
from theodoi.api.tokens import token_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_works_without_the_network(live_server, page) -> None:
    person = UserFactory.create(username="kichban", full_name="Người viết kịch bản")
    secret = token_create(actor=None, user=person, name="Trình duyệt").secret
    outside: list[str] = []

    def only_the_site(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_site)
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", name=re.compile("Theo Dõi API"))).to_be_visible()
    me = page.locator(".opblock").filter(has_text="/api/v1/me/")
    expect(me).to_be_visible()

    page.get_by_role("button", name=re.compile("Authorize")).click()
    dialog = page.locator(".dialog-ux")
    dialog.locator(".auth-container input").first.fill(secret)
    dialog.get_by_role("button", name="Apply credentials").click()
    dialog.get_by_role("button", name="Close").click()
    me.locator(".opblock-summary").click()  # tryItOutEnabled: the form is ready to send
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table")).to_contain_text("kichban")
    assert outside == []
