"""The demo as `make run` serves it (development settings, DEBUG off): Vietnamese error pages
instead of Django's English technical ones, static files served without `collectstatic`, and
one traceback per logged error, not two."""

import http.client
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from theodoi.conftest import free_port
from theodoi.core.tests.test_production_server import _wait_until_listening

PAGE = "/trang-khong-co/"


def _demo_env(tmp_path: Path, debug: str) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("THEODOI_", "DJANGO_")) and k not in {"DATABASE_URL", "DEBUG"}
    }
    return keep | {"THEODOI_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "DEBUG": debug}


def _get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


@pytest.mark.slow
@pytest.mark.sqlite_process
def test_the_demo_answers_a_missing_page_in_vietnamese_with_its_styles(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    env = _demo_env(tmp_path, "0")  # what `make run` sets
    manage = [sys.executable, "-m", "theodoi.manage"]
    shutil.copyfile(migrated_sqlite, tmp_path / "theodoi.sqlite3")  # what its `migrate` makes
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_listening(server, port, log)
        status, html = _get(port, PAGE)
        assert status == 404
        assert "Không tìm thấy trang" in html and "Page not found" not in html
        css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert _get(port, css)[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.sqlite_process
@pytest.mark.parametrize("debug", ["1", "0"])
def test_a_logged_error_prints_its_traceback_once(tmp_path: Path, debug: str) -> None:
    script = (
        "import logging, django\n"
        "django.setup()\n"
        "try:\n"
        "    raise PermissionError('refused')\n"
        "except PermissionError:\n"
        "    logging.getLogger('django.request').warning('Forbidden: /x/', exc_info=True)\n"
    )
    env = _demo_env(tmp_path, debug) | {"DJANGO_SETTINGS_MODULE": "theodoi.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stderr.count("Traceback") == 1
    assert result.stderr.count("Forbidden: /x/") == 1


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in the code")


urlpatterns = [path("loi/", _broken)]


@pytest.mark.urls(__name__)
def test_a_fault_in_the_code_shows_a_vietnamese_page(client: Client) -> None:
    client.raise_request_exception = False
    response = client.get("/loi/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hệ thống gặp lỗi" in html and "không được lưu dở dang" in html


@pytest.mark.sqlite_process
def test_commands_run_before_the_database_is_made(tmp_path: Path) -> None:
    """`check` and `makemigrations --check` run on a fresh clone before `migrate`: importing
    the code (forms, urls) must not read the database."""
    env = _demo_env(tmp_path, "0")
    for command in (["check"], ["makemigrations", "--check", "--dry-run"]):
        result = subprocess.run(
            [sys.executable, "-m", "theodoi.manage", *command],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
