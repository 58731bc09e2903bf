"""`make bench`'s load test over HTTP on a small volume: gunicorn starts as production runs it,
a few simulated people of every role use it from another process, and every kind of request —
lists, searches, task pages, "Việc của tôi", the dashboard, a write's form and the write —
answers without an error (a write must land on the task's page: no CSRF refusal, no refused
once-per-form token, no version conflict)."""

from pathlib import Path

import pytest
from django.utils import timezone

from theodoi.bench.generate import Volume, generate
from theodoi.bench.load_client import MIX
from theodoi.bench.over_http import Load, run

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_tiny_load_over_http_asks_for_every_kind_and_gets_no_error(tmp_path: Path) -> None:
    today = timezone.localdate()
    generate(Volume(tasks=600, users=400, today=today), password="bench-mat-khau-0001")
    load = Load(levels=(6,), seconds=6, warmup=0, interval=0.2)
    [result] = run(today, load, tmp_path)
    assert result["errors"] == 0, result["error_samples"]
    kinds = set(MIX) - {"write"} | {"write form", "write"}
    assert set(result["kinds"]) == kinds
    assert all(k["count"] > 0 for k in result["kinds"].values())
    assert result["per_second"] > 0 and len(result["memory_mib"]) == 2
    assert all(0 < mib < 1024 for mib in result["memory_mib"])  # each worker's own share
    used = result["cpu"]  # the processor in the counted seconds: the workers did the work
    assert used["workers_ms_per_request"] > 0 and used["workers_cores"] > 0
    assert used["client_cores"] > 0 and 0 < used["machine_busy"] <= 1
