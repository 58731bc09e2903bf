"""`python -m theodoi.bench.peer` (`make bench-peer`): issue 26's side-by-side with the peer,
stock Taiga (scripts/peer), made again by one command.

On the PostgreSQL server the settings name: our volume is generated once (`volume.py`), Taiga
is set up beside it once (`scripts/peer/setup.sh`, database `taiga`), then runs alternate, ours
first: our cases interleaved in this process (`timing.interleaved`), Taiga's REST API in its
own (`scripts/peer/timing.py`), the same rounds each. The table gives each run's median, the
ratio of each of our runs to the peer's run just after it (their median judges the goal) and
the ratio of the medians' medians: the issue asks the list, as a page and as JSON, to be three
times faster (a ratio of at most 1/3). A ratio holds better than a time from one machine to the
next: both sides slow down alike (docs/bench.md, the nineteenth session); a ratio of two runs
minutes apart holds better than one of medians taken from runs at either end of the command,
where this machine's pace moved by half (the twentieth session).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")

SCRIPTS = Path(__file__).resolve().parents[3] / "scripts" / "peer"
MARK = "RESULT "  # the line of scripts/peer/timing.py's output this reads
GOAL = 1 / 3  # issue 26: the list three times faster than the peer's


@dataclass(frozen=True)
class Pair:
    label: str  # what the table calls the row
    ours: str  # our case (`Bench` or `ApiList` method)
    theirs: str  # Taiga's case, as timing.py names it
    goal: float | None = None  # the highest ratio the issue accepts


PAIRS = (
    Pair("Danh sách lọc, trang 50 dòng", "list_filtered", "filtered page of 50", GOAL),
    Pair("Cùng danh sách qua API (JSON)", "api", "filtered page of 50", GOAL),
    Pair("Tìm theo nội dung", "search", "text search"),
    Pair("Trang nhiệm vụ", "task_page", "task page"),
    Pair("Tạo nhiệm vụ", "create", "create a task"),
    Pair("Đếm theo trạng thái, một đơn vị", "unit_states", "counts by state for one assignee"),
)


class PeerFailed(Exception):
    """Taiga's side did not give its numbers; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Timed:
    median: float  # ms
    statements: int


def parse_peer(output: str) -> dict[str, Timed]:
    """Taiga's cases from timing.py's output; PeerFailed naming what is missing."""
    lines = [line for line in output.splitlines() if line.startswith(MARK)]
    if not lines:
        raise PeerFailed(f"Không thấy dòng «{MARK.strip()}» trong kết quả của timing.py.")
    cases = json.loads(lines[-1][len(MARK) :])
    missing = sorted({p.theirs for p in PAIRS} - cases.keys())
    if missing:
        raise PeerFailed(f"Kết quả của timing.py thiếu: {', '.join(missing)}.")
    return {name: Timed(c["median"], c["statements"]) for name, c in cases.items()}


@dataclass(frozen=True)
class Row:
    pair: Pair
    ours: list[float]  # each run's median, ms
    theirs: list[float]
    ours_statements: int
    theirs_statements: int

    @property
    def ratio(self) -> float:
        """Of the medians' medians (how the tables before the twenty-first session read)."""
        return statistics.median(self.ours) / statistics.median(self.theirs)

    @property
    def paired(self) -> float:
        """The median of each of our runs over the peer's run that followed it."""
        return statistics.median(o / t for o, t in zip(self.ours, self.theirs, strict=True))

    @property
    def met(self) -> bool | None:
        return None if self.pair.goal is None else self.paired <= self.pair.goal


def rows(ours: list[dict[str, Timed]], theirs: list[dict[str, Timed]]) -> list[Row]:
    """One row a pair, from each run's results of both sides."""
    return [
        Row(
            pair,
            [run[pair.ours].median for run in ours],
            [run[pair.theirs].median for run in theirs],
            ours[-1][pair.ours].statements,
            theirs[-1][pair.theirs].statements,
        )
        for pair in PAIRS
    ]


def table(made: list[Row]) -> str:
    def ms(values: list[float]) -> str:
        return ", ".join(f"{v:.1f}" for v in values)

    lines = [
        "| trường hợp | Theo Dõi, trung vị mỗi lần (ms) | Taiga | tỉ số từng cặp lần đo "
        "(trung vị) | tỉ số các trung vị | mục tiêu |",
        "|---|---|---|---|---|---|",
    ]
    for row in made:
        goal = "" if row.met is None else f"≤ {row.pair.goal:.3f}: "
        mark = "" if row.met is None else ("đạt" if row.met else "CHƯA ĐẠT")
        lines.append(
            f"| {row.pair.label} | {ms(row.ours)} ({row.ours_statements} truy vấn) "
            f"| {ms(row.theirs)} ({row.theirs_statements}) | {row.paired:.3f} "
            f"| {row.ratio:.3f} | {goal}{mark} |"
        )
    return "\n".join(lines)


def _peer_ready(host: str, user: str) -> bool:
    """Taiga beside our database, set up once (the script reuses a finished database)."""
    env = {**os.environ, "PEER_PGHOST": host, "PEER_PGUSER": user}
    done = subprocess.run([str(SCRIPTS / "setup.sh")], env=env, check=False)
    if done.returncode != 0:
        print(
            f"Không dựng được Taiga (scripts/peer/setup.sh dừng với mã {done.returncode}): "
            "xem thông báo ở trên.",
            file=sys.stderr,
        )
    return done.returncode == 0


def _peer_run(rounds: int) -> dict[str, Timed]:
    done = subprocess.run(
        [str(SCRIPTS / "run.sh"), "timing.py", str(rounds)],
        capture_output=True,
        text=True,
        check=False,
    )
    print(done.stdout, end="", flush=True)
    if done.returncode != 0:
        raise PeerFailed(f"timing.py của Taiga dừng với mã {done.returncode}:\n{done.stderr}")
    return parse_peer(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m theodoi.bench.peer")
    parser.add_argument("--tasks", type=int, default=200_000, help="số nhiệm vụ (200.000)")
    parser.add_argument("--rounds", type=int, default=60, help="số vòng mỗi lần đo (60)")
    parser.add_argument("--runs", type=int, default=3, help="số lần đo mỗi bên, xen kẽ (3)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import timezone

    from theodoi.bench import reference, volume
    from theodoi.bench.api import ApiList
    from theodoi.bench.measure import LIST, Bench
    from theodoi.bench.timing import interleaved

    if connection.vendor != "postgresql":
        print("So với Taiga cần PostgreSQL: đặt DATABASE_URL (make bench-peer).", file=sys.stderr)
        return 2
    today = timezone.localdate()
    if not volume.ready(args.tasks, today):
        return 2
    server = connection.get_connection_params()  # the socket directory may be in OPTIONS
    if not _peer_ready(str(server.get("host") or "localhost"), str(server["user"])):
        return 2
    bench = Bench(today=today, plan_rows=10)
    api = ApiList(bench)
    cases = [(p.ours, getattr(api if p.ours == "api" else bench, p.ours), LIST) for p in PAIRS]
    ours: list[dict[str, Timed]] = []
    theirs: list[dict[str, Timed]] = []
    for run in range(1, args.runs + 1):
        print(f"== Lần {run}/{args.runs}: Theo Dõi, {args.rounds} vòng ==", flush=True)
        with override_settings(THEODOI_API_PER_MINUTE=1_000_000):
            results, paces = interleaved(cases, args.rounds, reference.python_ms)
        ours.append({r.name: Timed(r.median, r.queries) for r in results})
        print(reference.during_line(paces), flush=True)
        print(
            f"== Lần {run}/{args.runs}: Taiga, {args.rounds} vòng (Python, một triệu phép cộng "
            f"{reference.python_ms():.1f} ms trước khi chạy) ==",
            flush=True,
        )
        try:
            theirs.append(_peer_run(args.rounds))
        except PeerFailed as failed:
            print(failed, file=sys.stderr)
            return 2
    made = rows(ours, theirs)
    print("\n== Theo Dõi / Taiga (mục tiêu xét theo tỉ số từng cặp lần đo) ==")
    print(table(made))
    return 0  # a miss is printed, as `make bench` prints its own


if __name__ == "__main__":
    sys.exit(main())
