"""Every file input on the pages tells the browser the server's size limit, so that a file too
large is refused as soon as it is chosen (core/static/theodoi/upload-size.js), not after a
long upload; the server still checks."""

import re

import pytest
from django.urls import reverse

from theodoi.accounts.models import Role
from theodoi.tasks.attachments import MAX_BYTES
from theodoi.tasks.tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["imports:upload", "signing:check"])
def test_the_upload_pages_give_the_browser_the_limit(make_user, page: str) -> None:
    office = make_user(Role.TRACKER)
    html = client_for(office).get(reverse(page)).content.decode()
    inputs = re.findall(r"<input[^>]*type=\"file\"[^>]*>", html)
    assert inputs, "no file input on the page"
    for tag in inputs:
        assert f'data-max-bytes="{MAX_BYTES}"' in tag, tag
