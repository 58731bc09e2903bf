"""Growth (`make bench-growth`): the same cases at 50,000, 200,000 and, on request, 1,000,000
tasks on PostgreSQL, in one table.

    python -m theodoi.bench.growth --tasks 50000 --out data/growth.json   # one size: one row
    python -m theodoi.bench.growth --table data/growth.json               # the table of all

Each size runs in a database of its own (`make bench-growth` starts a throwaway PostgreSQL
server per size): the volume is generated into it (`generate.py`), analysed, then each case is
timed in-process as `measure.Bench` times it, and the row is added to the JSON file. The cases:
the filtered list page, text search, the counts by state of one unit (one query: the tasks one
unit leads, by state, with the overdue ones), the Office's dashboard counted again (the kept
counts dropped before each round) and `theodoi stats` (tasks.stats.statistics for today, the
agency's view).
"""

import argparse
import json
import os
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")

CASES = ["list", "search", "unit counts", "dashboard recount", "stats"]
TITLES = {
    "list": "danh sách lọc",
    "search": "tìm nội dung",
    "unit counts": "đếm theo trạng thái 1 đơn vị",
    "dashboard recount": "tổng quan VP đếm lại",
    "stats": "theodoi stats",
}


def unit_counts(unit_id: int, today: date) -> list[dict[str, Any]]:
    """The tasks `unit_id` leads, by state, with how many of them are overdue: one query."""
    from django.db.models import Count, Q

    from theodoi.tasks.handover import UNFINISHED
    from theodoi.tasks.models import Task

    overdue = Q(deadline__lt=today, state__in=UNFINISHED)
    rows = (
        Task.objects.filter(lead_unit_id=unit_id)
        .order_by()
        .values("state")
        .annotate(tasks=Count("id"), overdue=Count("id", filter=overdue))
    )
    return [dict(row) for row in rows]


def measure(today: date, rounds: int) -> dict[str, Any]:
    from theodoi.bench.measure import DASHBOARD, PAGE, Bench
    from theodoi.bench.timing import Target, timed
    from theodoi.tasks.stats import View, statistics

    bench = Bench(today=today, plan_rows=10)
    units = [u.pk for u in bench.units]
    office = partial(bench.dashboard, bench.trackers)
    cases = {
        "list": timed("list", bench.list_filtered, rounds, PAGE),
        "search": timed("search", bench.search, rounds, PAGE),
        "unit counts": timed(
            "unit counts", lambda i: unit_counts(units[i % len(units)], today), rounds, Target(5)
        ),
        "dashboard recount": timed("recount", office, rounds, DASHBOARD, bench.recount),
        "stats": timed("stats", lambda i: statistics(today, View("agency")), rounds, Target(500)),
    }
    return {
        name: {"median": r.median, "p95": r.p95, "queries": r.queries} for name, r in cases.items()
    }


def one_size(tasks: int, rounds: int, out: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from theodoi.bench.generate import Volume, generate
    from theodoi.tasks.models import Task

    if connection.vendor != "postgresql":
        raise SystemExit("Đo theo quy mô chạy trên PostgreSQL (make bench-growth).")
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    start = time.perf_counter()
    if not Task.objects.exists():
        generate(Volume(tasks=tasks, today=today), password="bench-mat-khau-0001")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT pg_total_relation_size('tasks_task')")
        table_mib = cursor.fetchone()[0] / 2**20
    generated = time.perf_counter() - start
    row = {
        "tasks": Task.objects.count(),
        "table_mib": round(table_mib),
        "generated_s": round(generated),
        "load_average": Path("/proc/loadavg").read_text().split()[:3],
        "cases": measure(today, rounds),
    }
    rows = json.loads(out.read_text()) if out.exists() else []
    rows = [r for r in rows if r["tasks"] != row["tasks"]] + [row]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(sorted(rows, key=lambda r: r["tasks"]), indent=1))
    table(out)


def table(out: Path) -> None:
    rows = json.loads(out.read_text())
    head = " | ".join(f"{TITLES[c]} (ms, SQL)" for c in CASES)
    print(f"| nhiệm vụ | bảng tasks_task | {head} | tải máy |")
    print("|---" * (len(CASES) + 3) + "|")
    for r in rows:
        cases = [r["cases"][c] for c in CASES]
        cells = " | ".join(f"{c['median']:.1f} / {c['p95']:.1f} ({c['queries']})" for c in cases)
        print(
            f"| {r['tasks']:,} | {r['table_mib']} MiB | {cells} | {' '.join(r['load_average'])} |"
        )
    print("(trung vị / p95 ms, số câu SQL trong ngoặc)")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m theodoi.bench.growth")
    parser.add_argument("--tasks", type=int, help="số nhiệm vụ của một quy mô")
    parser.add_argument("--rounds", type=int, default=30, help="số lần đo mỗi trường hợp")
    parser.add_argument("--out", type=Path, default=Path("data/growth.json"))
    parser.add_argument("--table", type=Path, help="chỉ in bảng từ tệp kết quả")
    args = parser.parse_args()
    if args.table:
        table(args.table)
        return 0
    if not args.tasks:
        parser.error("cần --tasks hoặc --table")
    one_size(args.tasks, args.rounds, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
