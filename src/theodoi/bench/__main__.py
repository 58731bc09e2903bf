"""`python -m theodoi.bench`: generate the bench volume (once) and print the timings.

The database is the one the settings name (DATABASE_URL, else SQLite in THEODOI_DATA_DIR), so
`make bench` runs it once on SQLite and once on a throwaway PostgreSQL server. A database that
already holds the volume is reused; the volume is generated only into an empty database.
With `--compare`, each departure from plain Django is timed against plain Django instead
(`compare.py`).
"""

import argparse
import gc
import os
import sys
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m theodoi.bench")
    parser.add_argument("--tasks", type=int, default=200_000, help="số nhiệm vụ (200.000)")
    parser.add_argument("--rounds", type=int, default=60, help="số lần đo mỗi trường hợp")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="so từng cách làm khác Django thông thường với cách thông thường (docs/adr 0005-0009)",
    )
    parser.add_argument(
        "--http",
        action="store_true",
        help="sau các trường hợp trong tiến trình, đo tải qua HTTP với gunicorn (over_http.py)",
    )
    parser.add_argument("--http-only", action="store_true", help="chỉ đo tải qua HTTP")
    parser.add_argument(
        "--levels", default="10,50,100", help="số người dùng đồng thời của từng mức (10,50,100)"
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="giây đo mỗi mức (20)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from theodoi.bench import reference, volume
    from theodoi.bench.api import ApiList
    from theodoi.bench.measure import Bench

    print(f"== Theo Dõi: đo thời gian trên {connection.vendor} ==", flush=True)
    today = timezone.localdate()
    if not volume.ready(args.tasks, today):
        return 2
    if args.compare:
        from theodoi.bench.compare import run

        run(today, args.rounds)
        return 0
    if args.http_only:
        return http(today, args)
    bench = Bench(today=today)
    api = ApiList(bench)
    # What was set up lives as long as the run: out of the garbage collector's reach, as in
    # the production server's workers (docs/adr/0035), so that no full collection of it
    # (130-170 ms here) falls inside one case's sample
    gc.collect()
    gc.freeze()
    print(reference.measure().line(connection.vendor), flush=True)
    results = bench.run(args.rounds) + api.run(args.rounds)
    print(f"{'Trường hợp':45} {'trung vị':>9} {'p95':>9} {'số truy vấn':>12}  mục tiêu")
    for r in results:
        target = f"< {r.target.median_ms:.0f} ms" + (
            f", p95 < {r.target.p95_ms:.0f} ms" if r.target.p95_ms else ""
        )
        mark = "đạt" if r.met else "CHƯA ĐẠT"
        print(f"{r.name:45} {r.median:7.1f}ms {r.p95:7.1f}ms {r.queries:12d}  {target}: {mark}")
    print(reference.during_line(bench.paces), flush=True)
    return http(today, args) if args.http else 0


def http(today: date, args: argparse.Namespace) -> int:
    from theodoi.bench import over_http

    levels = tuple(int(n) for n in args.levels.split(","))
    load = over_http.Load(levels=levels, seconds=args.seconds)
    print(
        f"== Tải qua HTTP: gunicorn {load.workers} worker, mỗi mức {load.warmup:.0f} s khởi động "
        f"rồi {load.seconds:.0f} s đo, mỗi người một thao tác mỗi {load.interval} s ==",
        flush=True,
    )
    results = over_http.run(today, load, over_http.data_folder())
    over_http.report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
