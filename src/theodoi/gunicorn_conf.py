"""gunicorn's settings for Theo Dõi in production, from the environment (docs/operations.md,
"Production server"):

    THEODOI_ENV=production SECRET_KEY=… ALLOWED_HOSTS=… DATABASE_URL=… \\
        gunicorn -c python:theodoi.gunicorn_conf

THEODOI_BIND       where to listen, comma-separated (default 127.0.0.1:8000; unix:/run/theodoi.sock)
THEODOI_WORKERS    worker processes (default 2 × cores + 1, at most 8)
THEODOI_TIMEOUT    seconds a request may take before its worker is restarted (default 120: the
                   longest pages, an import's preview or a large export, take tens of seconds)
THEODOI_ACCESS_LOG where the access log goes (default "-", standard output; "" for none)
THEODOI_WORKER_MEMORY_MB a worker whose own memory is above this after a request is replaced
                   (default 400)
FORWARDED_ALLOW_IPS the reverse proxy's addresses, trusted for X-Forwarded-* (gunicorn's own
                   variable; default 127.0.0.1,::1: a proxy on the same machine)
"""

import gc
import multiprocessing
import os
from typing import Any


def _whole(name: str, default: int, lowest: int, highest: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not lowest <= int(text) <= highest:
        raise ValueError(
            f"{name} phải là số nguyên từ {lowest} đến {highest}; giá trị đang đặt: «{text}»."
        )
    return int(text)


wsgi_app = "theodoi.wsgi:application"
bind = [a.strip() for a in os.environ.get("THEODOI_BIND", "127.0.0.1:8000").split(",") if a.strip()]
workers = _whole("THEODOI_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8), 1, 64)
worker_class = "sync"  # one request per process: Django's ORM and our code are synchronous
timeout = _whole("THEODOI_TIMEOUT", 120, 10, 3600)
graceful_timeout = 30
keepalive = 5  # the proxy keeps connections open to us
# A worker is replaced after a request that left its own memory above THEODOI_WORKER_MEMORY_MB
# (`post_request`), so that memory a large export took is given back, and in any case after
# about 20,000 requests; the jitter keeps the workers from restarting together. A replaced
# worker starts cold (a new database connection, its prepared statements and caches made
# again): after every 1,000 requests, as before, each of two workers was replaced every 15 s
# under the load test (docs/bench.md, twenty-seventh session).
max_requests = 20000
max_requests_jitter = 4000
worker_memory_mib = _whole("THEODOI_WORKER_MEMORY_MB", 400, 10, 65536)
# Only the proxy may say the request came over HTTPS (Django reads X-Forwarded-Proto:
# SECURE_PROXY_SSL_HEADER); it must overwrite the header, never pass the client's on.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
accesslog = os.environ.get("THEODOI_ACCESS_LOG", "-") or None
errorlog = "-"
# who (the address the proxy saw, then ours), when, what, the answer, its size, how long (ms)
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
)
# No control socket ($HOME/.gunicorn/gunicorn.ctl by default): systemd and signals manage the
# server, and two servers on one machine would fight over the same socket.
control_socket_disable = True

# The site is loaded once, in the master, and each worker is a fork of it: a worker replaced
# after `max_requests` starts at once instead of importing Django, the URLs and every view on
# its first request again (about 1.5 s of CPU each time: docs/adr/0020-preloaded-workers.md).
preload_app = True


def when_ready(server: object) -> None:
    """In the master, before the workers are forked: import every view (through the URLs),
    compile every template and build the URL tables (core/warm.py), close any database
    connection, so that no worker shares one, and set what was loaded apart from the garbage
    collector."""
    from django.conf import settings
    from django.conf.urls.i18n import is_language_prefix_patterns_used
    from django.db import connections
    from django.urls import get_resolver

    from theodoi.core import warm

    get_resolver().url_patterns  # noqa: B018 — imports the URLconf and every view
    is_language_prefix_patterns_used(settings.ROOT_URLCONF)
    warm.prepare()  # templates compiled, the tables `reverse` reads built
    connections.close_all()
    # What the master loaded lives as long as the workers: out of the garbage collector's
    # reach, a worker's full collection walks its own objects only (tens of ms, not 170-390)
    # and leaves the pages it shares with the master unwritten (docs/adr/0035).
    gc.collect()
    gc.freeze()


def own_memory_mib() -> int:
    """This process's resident memory that no file backs (MiB): its heap, which a large export
    grows. SQLite's pages mapped from the database file are not counted: they are the
    operating system's cache, shared with the other workers. 0 where /proc is not there."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            _, resident, file_backed, *_ = statm.read().split()
    except OSError:
        return 0
    return (int(resident) - int(file_backed)) * os.sysconf("SC_PAGE_SIZE") // 2**20


def post_request(worker: Any, req: object, environ: object, resp: object) -> None:
    """After each request: a worker that holds more memory than `worker_memory_mib` finishes
    and the master starts a fresh one, as after `max_requests`."""
    used = own_memory_mib()
    if worker.alive and used > worker_memory_mib:
        worker.log.info("Thay worker: bộ nhớ riêng %d MiB, quá %d MiB.", used, worker_memory_mib)
        worker.alive = False
