"""Where the processor's time went during a level of the load over HTTP: gunicorn's workers,
the load client, and the whole machine (Linux's /proc; no Django here: the client reads it).

Under an overload, requests a second and the times measure the queue, not the work: a
server saturated at 100 requests/s says nothing of how far it is from 120. The workers' CPU
per answered request does: two workers on two cores answer at most 2,000 / (ms per request)
requests a second, less what the client and the database take of the same cores.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TICKS = os.sysconf("SC_CLK_TCK")  # /proc's unit of processor time, per second


@dataclass(frozen=True)
class Snapshot:
    at: float  # time.monotonic()
    workers: float  # CPU seconds of the server's workers so far, those already replaced too
    client: float  # CPU seconds of this process
    busy: int  # ticks every core of the machine spent working, since boot
    stolen: int  # ticks the hypervisor gave the machine's cores to other machines
    total: int  # ticks every core of the machine has counted, since boot


def _times(pid: int) -> list[int]:
    """utime, stime, cutime, cstime of a process (fields 14-17 of /proc/PID/stat; its name,
    in parentheses, may hold spaces, so the fields are counted after the last ")")."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    return [int(value) for value in fields[11:15]]


def workers_seconds(master: int) -> float:
    """The CPU seconds of `master`'s children: the live ones' own, and those of the children
    it has reaped (a worker replaced after `max_requests`), which Linux adds to the master's
    cutime and cstime. The master's own time is not counted."""
    ticks = sum(_times(master)[2:])
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for child in children:
        try:
            ticks += sum(_times(int(child))[:2])
        except FileNotFoundError:  # it ended between the two reads: counted when reaped
            continue
    return ticks / TICKS


def machine_ticks() -> tuple[int, int, int]:
    """(busy, stolen, total) ticks of all cores since boot: /proc/stat's first line (user,
    nice, system, idle, iowait, irq, softirq, steal), waiting for input or output counted as
    idle, and the time stolen by the hypervisor as neither busy nor idle: a virtual machine's
    cores are not all its own when its neighbours are busy."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle, stolen = values[3] + values[4], values[7]
    return sum(values) - idle - stolen, stolen, sum(values)


def snapshot(master: int) -> Snapshot:
    busy, stolen, total = machine_ticks()
    return Snapshot(
        time.monotonic(), workers_seconds(master), time.process_time(), busy, stolen, total
    )


def usage(first: Snapshot, last: Snapshot, requests: int) -> dict[str, Any]:
    """Between two snapshots: the workers' CPU per request answered (ms), the cores the
    workers and the client kept busy, the machine's busy and stolen shares of all its
    cores."""
    elapsed = last.at - first.at
    ticks = last.total - first.total
    return {
        "workers_ms_per_request": (last.workers - first.workers) * 1000 / max(requests, 1),
        "workers_cores": (last.workers - first.workers) / elapsed,
        "client_cores": (last.client - first.client) / elapsed,
        "machine_busy": (last.busy - first.busy) / ticks if ticks else 0.0,
        "stolen": (last.stolen - first.stolen) / ticks if ticks else 0.0,
        "cores": os.cpu_count() or 1,
    }
