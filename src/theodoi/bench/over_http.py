"""The load test over HTTP (`python -m theodoi.bench --http`): gunicorn as production runs it,
the load from a process of its own (`load_client.py`), at several numbers of people.

The server is `gunicorn -c python:theodoi.gunicorn_conf` with THEODOI_ENV=production (DEBUG
off, HTTPS required: the client says it came through the proxy with X-Forwarded-Proto, which
gunicorn trusts from 127.0.0.1; secure cookies; static files from `collectstatic` with hashed
names), 2 sync workers on 127.0.0.1 at a free port, on the bench's own database. The access
log goes to a file in the bench folder, as it would to a file or the journal.
"""

import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.db import connection
from django.test.utils import override_settings

from theodoi.bench.load_plan import make_plan

LEVELS = (10, 50, 100)
# the goal at 50 people (issue 26): ≥ 120 requests/s, p95 < 100 ms, no error
GOAL_USERS, GOAL_RATE, GOAL_P95 = 50, 120.0, 100.0


@dataclass
class Load:
    levels: tuple[int, ...] = LEVELS
    seconds: float = 20.0
    warmup: float = 5.0
    interval: float = 0.4  # seconds between one person's actions: 50 people ≈ 125 actions/s
    workers: int = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(folder: Path) -> str:
    """The address of the database this process uses, for the server's DATABASE_URL. A test's
    SQLite database lives in memory: it is copied to a file in `folder` first."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():  # type: ignore[attr-defined]  # SQLite's wrapper
            path = folder / "load.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                connection.connection.backup(copy)
            copy.close()
        else:
            path = Path(db["NAME"])
        return f"sqlite:///{path.resolve()}"
    # PostgreSQL: the address this process was given, naming the database it uses (a test's
    # database is not the one the address names)
    given = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(given._replace(path=f"/{quote(db['NAME'])}"))


def _environment(folder: Path, url: str, port: int, workers: int, secret: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="theodoi.settings",
        THEODOI_ENV="production",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=url,
        THEODOI_DATA_DIR=str(folder),
        THEODOI_STATIC_ROOT=str(folder / "static-production"),
        THEODOI_WORKERS=str(workers),
        THEODOI_BIND=f"127.0.0.1:{port}",
        THEODOI_ACCESS_LOG=str(folder / "access.log"),
    )
    return env


def _wait_for(base: str, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    """Until the server answers (its sign-in page), or fail if it stopped or took too long."""
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(f"{base}/", headers={"X-Forwarded-Proto": "https"})
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn dừng khi khởi động (mã {server.returncode}).")
        try:
            with urllib.request.urlopen(request, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # an answer, even a redirect to sign in
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn không trả lời tại {base} sau {seconds:.0f} s.")


@contextmanager
def serve(folder: Path, url: str, secret: str, workers: int = 2) -> Iterator[tuple[str, int]]:
    """gunicorn on the database at `url`; yields its address and its master's process id."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = _environment(folder, url, port, workers, secret)
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--no-input", "-v", "0"],
        env=env,
        check=True,
    )
    log = (folder / "gunicorn.log").open("ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:theodoi.gunicorn_conf"],
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        yield base, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def worker_memory(master: int) -> list[int]:
    """The memory (MiB) of each of gunicorn's workers: its proportional set size, where a page
    shared with the master and the other worker counts a third. The workers are forks of a
    master that loaded the site (ADR 0020): their resident size would count the shared pages
    in full, in each of them."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                sizes.append(int(line.split()[1]) // 1024)
    return sizes


def run(today: date, load: Load, folder: Path) -> list[dict[str, Any]]:
    """Each level of `load` against one server; one summary (load_client.summary) per level,
    with the workers' memory after it. Nothing is opened beforehand: a person's first look at
    a dashboard counts its trend during the measured seconds, as on a new site (one statement
    for all its month ends, monitoring/trend.py)."""
    secret = secrets.token_urlsafe(48)  # the server's; the sessions are signed with it too
    with override_settings(SECRET_KEY=secret):
        plan = make_plan(today, max(load.levels))
    plan_file = folder / "load-plan.json"
    folder.mkdir(parents=True, exist_ok=True)
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    url = database_url(folder)
    connection.close()  # the server's workers, not this process, use the database now
    results = []
    with serve(folder, url, secret, load.workers) as (base, master):
        for users in load.levels:
            command = [
                sys.executable,
                "-m",
                "theodoi.bench.load_client",
                str(plan_file),
                f"--base={base}",
                f"--users={users}",
                f"--seconds={load.seconds}",
                f"--warmup={load.warmup}",
                f"--interval={load.interval}",
                f"--server-pid={master}",
            ]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            result = json.loads(done.stdout)
            result["memory_mib"] = worker_memory(master)
            result["load_average"] = Path("/proc/loadavg").read_text().split()[:3]
            results.append(result)
    return results


def report(results: list[dict[str, Any]]) -> None:
    print(
        f"{'người':>6} {'yêu cầu/s':>10} {'p50':>8} {'p95':>8} {'p99':>8} {'lỗi':>5}"
        f"  {'bộ nhớ worker (MiB, PSS)':24} tải máy"
    )
    for r in results:
        memory = ", ".join(str(m) for m in r["memory_mib"])
        print(
            f"{r['users']:6d} {r['per_second']:10.1f} {r['p50']:6.1f}ms {r['p95']:6.1f}ms "
            f"{r['p99']:6.1f}ms {r['errors']:5d}  {memory:24} {' '.join(r['load_average'])}"
        )
    for r in results:
        kinds = ", ".join(
            f"{k} {v['count']} (p50 {v['p50']:.0f}, p95 {v['p95']:.0f} ms"
            + (f", lỗi {v['errors']})" if v["errors"] else ")")
            for k, v in r["kinds"].items()
        )
        print(f"  {r['users']} người: {kinds}")
        for error in r["error_samples"]:
            print(f"    lỗi: {error}")
        if r.get("cpu"):
            print(f"    {cpu_line(r['cpu'])}")
    goal = [r for r in results if r["users"] == GOAL_USERS]
    if goal:
        g = goal[0]
        met = g["per_second"] >= GOAL_RATE and g["p95"] < GOAL_P95 and g["errors"] == 0
        print(
            f"Mục tiêu {GOAL_USERS} người: ≥ {GOAL_RATE:.0f} yêu cầu/s, p95 < {GOAL_P95:.0f} ms, "
            f"không lỗi: {'đạt' if met else 'CHƯA ĐẠT'}"
        )


def cpu_line(used: dict[str, Any]) -> str:
    """Where the processor's time went in the counted seconds (bench/cpu.py), and the rate
    the cores left by the client and the hypervisor would allow at this CPU per request: the
    workers' own and the rest of the machine's (PostgreSQL's server, the system), two workers
    using at most two cores."""
    per_request, cores = used["workers_ms_per_request"], used["cores"]
    workers, client = used["workers_cores"], used["client_cores"]
    rest = max(0.0, used["machine_busy"] * cores - workers - client)
    rate = workers * 1000 / per_request if per_request else 0.0  # answered a second
    left = cores * (1 - used["stolen"]) - client
    ceiling = min(left * rate / (workers + rest), 2 * rate / workers) if rate else 0.0
    return (
        f"CPU: worker {per_request:.1f} ms mỗi yêu cầu ({workers:.2f} lõi), "
        f"máy đo tải {client:.2f} lõi, phần còn lại (CSDL, hệ thống) "
        f"{rest:.2f} lõi, bị máy chủ ảo lấy {used['stolen']:.0%} của {cores} lõi; trần "
        f"ước tính {ceiling:.0f} yêu cầu/s"
    )


def data_folder() -> Path:
    return Path(settings.DATA_DIR) / "load"
