"""Run a line of Python under the site's settings in a process of its own, with only the
environment given: what a server started with those variables would read."""

import os
import subprocess
import sys


def run_with_settings(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("THEODOI_", "DJANGO_")) and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env=keep | {"DJANGO_SETTINGS_MODULE": "theodoi.settings", "DEBUG": "0"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
