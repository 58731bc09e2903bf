"""Headers every page carries: the Content-Security-Policy, and no caching of what a view made."""

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


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_signed_in_pages_and_downloads_are_not_stored(make_user) -> None:
    client = Client()
    client.force_login(make_user(Role.TRACKER))
    page = client.get(reverse("tasks:list"))
    fragment = client.get(reverse("tasks:list"), {"q": "x"}, headers={"HX-Request": "true"})
    download = client.get(reverse("tasks:export"))
    assert download["Content-Disposition"].startswith("attachment")
    for response in [page, fragment, download, Client().get(reverse("login"))]:
        assert response.status_code == 200
        assert _no_store(response)


def test_static_files_keep_their_caching(settings) -> None:
    settings.WHITENOISE_USE_FINDERS = True  # serve from the apps' folders, as after collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/theodoi/app.css")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    assert not _no_store(response)
