"""The load test's account of the processor: a server's workers counted while they run and
after they are replaced, and the rate their CPU per request allows."""

import os
import subprocess
import sys

from theodoi.bench.cpu import Snapshot, usage, workers_seconds
from theodoi.bench.over_http import cpu_line

# a child that works about 0.3 s of CPU, says so, and waits to be told to end
BURN = (
    "import sys, time\n"
    "end = time.process_time() + 0.3\n"
    "while time.process_time() < end: pass\n"
    "print('done', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_a_workers_time_counts_while_it_runs_and_after_it_is_replaced() -> None:
    me = os.getpid()
    before = workers_seconds(me)
    child = subprocess.Popen(
        [sys.executable, "-c", BURN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline().strip() == "done"
    running = workers_seconds(me)
    child.stdin.close()
    child.wait()  # reaped, as gunicorn's master reaps a worker it replaces
    reaped = workers_seconds(me)
    assert running - before >= 0.25
    assert reaped - before >= 0.25


def test_the_ceiling_follows_the_cpu_each_request_takes() -> None:
    # 10 s: the workers used 10 CPU seconds for 1,000 requests (1 core, 100 a second), the
    # client 2 s, the rest 2 s: 14 of the 20 core-seconds busy
    first = Snapshot(at=0.0, workers=0.0, client=0.0, busy=0, stolen=0, total=0)
    last = Snapshot(at=10.0, workers=10.0, client=2.0, busy=1400, stolen=0, total=2000)
    used = usage(first, last, 1000) | {"cores": 2}
    assert used["workers_ms_per_request"] == 10.0
    line = cpu_line(used)
    # 1.8 cores left by the client, 1.2 cores a hundred requests: 150 a second
    assert "worker 10.0 ms mỗi yêu cầu (1.00 lõi)" in line
    assert "phần còn lại (CSDL, hệ thống) 0.20 lõi" in line
    assert line.endswith("trần ước tính 150 yêu cầu/s")
    # the same work with a quarter of the machine taken by the hypervisor: 1.3 cores left
    stolen = usage(first, Snapshot(10.0, 10.0, 2.0, 1400, 500, 2000), 1000) | {"cores": 2}
    assert cpu_line(stolen).endswith("trần ước tính 108 yêu cầu/s")
