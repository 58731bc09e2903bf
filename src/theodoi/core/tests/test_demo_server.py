"""The demo as `make run` serves it: one traceback per logged error, not two."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _demo_env(tmp_path: Path, debug: str) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("THEODOI_", "DJANGO_")) and k not in {"DATABASE_URL", "DEBUG"}
    }
    return keep | {"THEODOI_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "DEBUG": debug}


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
