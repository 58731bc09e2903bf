"""Headers every page carries: the Content-Security-Policy."""

from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import Role


def test_pages_allow_only_our_own_scripts_and_styles(make_user) -> None:
    signed_in = Client()
    signed_in.force_login(make_user(Role.TRACKER))
    for response in [Client().get(reverse("login")), signed_in.get(reverse("tasks:list"))]:
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy


def test_htmx_is_told_to_add_no_inline_style_and_to_evaluate_nothing(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.TRACKER))
    page = client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page
