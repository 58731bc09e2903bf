"""gunicorn with theodoi/gunicorn_conf.py and the production settings serves the sign-in page
over HTTP behind a reverse proxy (the proxy says HTTPS in X-Forwarded-Proto), and WhiteNoise
serves the static files; the access log names the address the proxy saw."""

import http.client
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from theodoi.conftest import free_port

HOST = "theodoi.example.vn"
HTTPS = {"X-Forwarded-Proto": "https"}
REPLACED = "Thay worker: bộ nhớ riêng"  # gunicorn_conf.post_request's line in the log

pytestmark = pytest.mark.sqlite_process  # docs/testing.md


def _production_env(tmp_path: Path, port: int) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("THEODOI_", "DJANGO_")) and k not in {"DATABASE_URL", "SECRET_KEY"}
    }
    return keep | {
        "THEODOI_ENV": "production",
        "SECRET_KEY": "production-test-" + "k" * 50,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp_path}/theodoi.sqlite3",
        "THEODOI_STATIC_ROOT": str(tmp_path / "static"),
        "THEODOI_BIND": f"127.0.0.1:{port}",
        "THEODOI_WORKERS": "1",
    }


def _get(port: int, path: str, **headers: str) -> tuple[http.client.HTTPResponse, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response, response.read().decode(errors="replace")
    finally:
        connection.close()


def _wait_until_listening(server: subprocess.Popen, port: int, log: Path) -> None:
    """Try the port until gunicorn accepts (at most 300 tries, ~30 s), failing at once if the
    server stopped; the pause between tries is a wait on the server's process."""
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            pass
        try:
            server.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"gunicorn stopped:\n{log.read_text()}")
    pytest.fail(f"gunicorn did not listen on port {port}:\n{log.read_text()}")


@contextmanager
def _gunicorn(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn as production starts it, its static files collected, listening on the port
    `env` names (THEODOI_BIND); stopped by SIGTERM at the end of the block."""
    collect = [sys.executable, "-m", "theodoi.manage", "collectstatic", "--no-input", "-v0"]
    subprocess.run(collect, env=env, check=True)
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:theodoi.gunicorn_conf"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_listening(server, int(env["THEODOI_BIND"].rsplit(":", 1)[1]), log)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_gunicorn_serves_the_sign_in_page_behind_a_proxy(tmp_path: Path) -> None:
    port = free_port()
    env = _production_env(tmp_path, port)
    log = tmp_path / "gunicorn.log"
    with _gunicorn(env, log) as server:
        page, html = _get(port, "/dang-nhap/", **HTTPS)
        assert page.status == 200 and "Strict-Transport-Security" in page.headers
        assert 'name="username"' in html and 'name="password"' in html
        css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert css.startswith("/static/theodoi/app.") and css.endswith(".css")  # hashed name
        style, _ = _get(port, css, **HTTPS)
        assert style.status == 200 and "max-age=315360000" in style.headers["Cache-Control"]
        # without the proxy's word for HTTPS, the site sends the browser to HTTPS
        plain, _ = _get(port, "/dang-nhap/", **{"X-Forwarded-For": "203.0.113.7"})
        assert plain.status == 301 and plain.headers["Location"] == f"https://{HOST}/dang-nhap/"
    assert server.returncode == 0  # a clean stop on SIGTERM
    text = log.read_text()
    logged = [line for line in text.splitlines() if "/dang-nhap/ HTTP/1.1" in line]
    assert any(line.startswith("203.0.113.7 127.0.0.1 ") and '" 301 ' in line for line in logged)
    # one worker answered them all: its memory stayed under the limit
    assert text.count("Booting worker") == 1 and REPLACED not in text


@pytest.mark.slow
def test_a_worker_left_holding_more_memory_than_allowed_is_replaced(tmp_path: Path) -> None:
    """A request that leaves the worker's own memory above THEODOI_WORKER_MEMORY_MB (here
    10 MiB, below what any worker holds) ends that worker once answered; a fresh one answers
    the next request."""
    port = free_port()
    env = _production_env(tmp_path, port) | {"THEODOI_WORKER_MEMORY_MB": "10"}
    log = tmp_path / "gunicorn.log"
    with _gunicorn(env, log):
        for _ in range(3):
            page, _ = _get(port, "/dang-nhap/", **HTTPS)
            assert page.status == 200
    text = log.read_text()
    # the first two were replaced before the next request could be answered
    assert text.count(REPLACED) >= 2 and text.count("Booting worker") >= 3


@pytest.mark.parametrize(
    ("name", "value"),
    [("THEODOI_WORKERS", "0"), ("THEODOI_TIMEOUT", "2p"), ("THEODOI_WORKER_MEMORY_MB", "5")],
)
def test_a_server_setting_that_is_not_a_number_in_range_stops_it_naming_it(
    name: str, value: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import theodoi.gunicorn_conf"],
        env=os.environ | {name: value},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"{name} phải là số nguyên từ" in result.stderr and f"«{value}»" in result.stderr


def test_the_master_loads_every_view_before_forking_and_keeps_no_connection(
    tmp_path: Path,
) -> None:
    # a worker replaced after `max_requests` is a fork of the master: it must not import the
    # URLs and views again on its first request (1.5 s of CPU), nor compile the templates and
    # build the tables `reverse` reads (a first list page 67 ms instead of 13), nor inherit an
    # open connection; and what the master loaded is frozen, out of the workers' full
    # garbage collections (170-390 ms each, docs/adr/0035)
    probe = (
        "import gc, sys, django; django.setup(); from django.db import connection; "
        "from django.template import engines; from django.urls import reverse, resolvers; "
        "connection.ensure_connection(); import theodoi.gunicorn_conf as conf; "
        "before = 'theodoi.tasks.views' in sys.modules; conf.when_ready(None); "
        "cache = engines['django'].engine.template_loaders[0].get_template_cache; "
        "built = []; populate = resolvers.URLResolver._populate; "
        "resolvers.URLResolver._populate = lambda r: built.append(r) or populate(r); "
        "reverse('tasks:list'); reverse('reports_agency:preview', args=['2025']); "
        "print(conf.preload_app, before, 'theodoi.tasks.views' in sys.modules, "
        "'theodoi.reports.views' in sys.modules, connection.connection is None, "
        "'tasks/list.html' in cache, 'monitoring/dashboard.html' in cache, built == [], "
        "gc.get_freeze_count() > 100000, len(gc.get_objects()) < 1000)"
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("THEODOI_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=keep
        | {
            "DJANGO_SETTINGS_MODULE": "theodoi.settings",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{tmp_path}/theodoi.sqlite3",
            "THEODOI_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "True", "True", "True"] + ["True"] * 5
