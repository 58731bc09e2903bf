"""`python -m theodoi.bench.plan_import`: how long committing a large plan takes, and a
corrected version of it (issue 18, item 11).

Into an empty database (the settings' one: DATABASE_URL, else SQLite in THEODOI_DATA_DIR), it
loads the sample unit registry and an Office user, then, `--runs` times, uploads a generated
plan of `--rows` task rows (`imports.examples.large_plan`, a new plan number each run) and
commits it, then uploads the same plan with every row's content and every third row's timeline
changed and commits that (the re-import). Prints each commit's time and query count, the
longest transaction it held, and the medians. `--profile FILE` writes cProfile statistics of
the first run's commit and re-import.
"""

import argparse
import cProfile
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")

UNITS = Path(__file__).resolve().parent.parent / "demo" / "data" / "units.csv"


class Transactions:
    """Times each outermost transaction (from its BEGIN-equivalent to COMMIT) on the connection."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.count = 0
        self.queries = 0
        self._opened: float | None = None

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        from django.db import connection

        self.queries += 1
        if self._opened is None and not connection.get_autocommit():
            self._opened = time.perf_counter()
        return execute(sql, params, many, context)

    def committed(self) -> None:
        if self._opened is not None:
            self.longest = max(self.longest, time.perf_counter() - self._opened)
            self.count += 1
            self._opened = None


@contextmanager
def watched() -> Iterator[Transactions]:
    from django.db import connection

    watch = Transactions()
    original = connection.commit

    def commit() -> None:
        original()
        watch.committed()

    connection.commit = commit  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(watch):
            yield watch
    finally:
        connection.commit = original  # type: ignore[method-assign]
        watch.committed()


def corrected(rows: list[list[str]]) -> list[list[str]]:
    """The same plan as a person corrects it: every task row's content, a third of timelines."""
    out = [rows[0]]
    for n, row in enumerate(rows[1:]):
        if "." not in row[0]:  # a section row
            out.append(row)
            continue
        timeline = row[4] if n % 3 else row[4].replace("Quý I/", "Quý II/")
        out.append([row[0], row[1] + " (sửa đổi)", row[2], row[3], timeline, *row[5:]])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m theodoi.bench.plan_import")
    parser.add_argument("--rows", type=int, default=1000, help="số dòng nhiệm vụ (1.000)")
    parser.add_argument("--runs", type=int, default=3, help="số lần đo")
    parser.add_argument("--year", type=int, default=2025, help="năm của kế hoạch")
    parser.add_argument("--profile", default="", help="ghi thống kê cProfile vào tệp này")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from theodoi.accounts.models import Role, User, UserRole
    from theodoi.imports import services
    from theodoi.imports.examples import excel, large_plan
    from theodoi.organisation.loading import load_units
    from theodoi.organisation.models import Unit
    from theodoi.tasks.models import Task

    call_command("migrate", verbosity=0)
    if Task.objects.exists():
        print("Cần một cơ sở dữ liệu trống.", file=sys.stderr)
        return 2
    if not Unit.objects.exists():
        load_units(UNITS.read_bytes(), actor_label="đo")
    office = User.objects.filter(username="bench.nhap").first()
    if office is None:
        office = User.objects.create_user(
            username="bench.nhap", password="bench-mat-khau-0001", unit=Unit.objects.get(code="VP")
        )
        UserRole.objects.create(user=office, role=Role.TRACKER)
    plan = large_plan(args.rows, args.year)
    files = {"commit": excel(plan), "re-import": excel(corrected(plan))}
    times: dict[str, list[float]] = {"commit": [], "re-import": []}
    print(f"== Nhập kế hoạch {args.rows} dòng trên {connection.vendor} ==", flush=True)
    for run in range(args.runs):
        number = f"{run + 1}/KH-DO"
        for label, data in files.items():
            upload = services.plan_upload(
                actor=office,
                file=SimpleUploadedFile("kh.xlsx", data),
                number=number,
                plan_date=date(args.year, 1, 1),
                signer_name="Nguyễn Văn Ký",
                reimport=True,
            )
            profiler = cProfile.Profile() if args.profile and run == 0 else None
            before = Task.objects.count()
            with watched() as watch:
                start = time.perf_counter()
                if profiler:
                    profiler.enable()
                done = services.plan_commit(
                    actor=office, plan_import=upload, expected_version=upload.version
                )
                if profiler:
                    profiler.disable()
                spent = time.perf_counter() - start
            if profiler:
                profiler.dump_stats(f"{args.profile}.{label}")
            times[label].append(spent)
            counts = {k: len(v) for k, v in done.summary.items()}
            print(
                f"{label:10} lần {run + 1}: {spent:6.1f} s, {watch.queries} truy vấn, "
                f"{watch.count} giao dịch, dài nhất {watch.longest:.1f} s, "
                f"{Task.objects.count() - before} nhiệm vụ mới, {counts}",
                flush=True,
            )
    for label, values in times.items():
        print(f"Trung vị {label}: {statistics.median(values):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
