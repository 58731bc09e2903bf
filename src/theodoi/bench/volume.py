"""The bench's volume in the settings' database: generated once into an empty database,
reused after (`python -m theodoi.bench`, `python -m theodoi.bench.peer`)."""

import sys
import time
from datetime import date

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from theodoi.bench.generate import Volume, generate
from theodoi.tasks.models import Task


def ready(tasks: int, today: date) -> bool:
    """Migrate, then generate `tasks` tasks if the database has none; False (with the reason
    on stderr) if it holds fewer than the volume asks: an earlier, smaller or broken run."""
    call_command("migrate", verbosity=0)
    volume = Volume(tasks=tasks, today=today)
    have = Task.objects.count()
    if have == 0:
        start = time.perf_counter()
        counts = generate(volume, password="bench-mat-khau-0001")
        with connection.cursor() as cursor:  # what autovacuum would do after such a load
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"Đã sinh dữ liệu trong {time.perf_counter() - start:.0f} s: {counts}", flush=True)
    elif have < volume.tasks * 0.99:
        print(
            f"Cơ sở dữ liệu đã có {have} nhiệm vụ, ít hơn {volume.tasks}: {_start_over()}",
            file=sys.stderr,
        )
        return False
    else:
        print(f"Dùng lại {have} nhiệm vụ đã có trong cơ sở dữ liệu.", flush=True)
    return True


def _start_over() -> str:
    """What to remove to generate the volume again, on this database."""
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        return f"xóa cơ sở dữ liệu «{name}» (dropdb {name}) rồi chạy lại."
    return f"xóa thư mục dữ liệu đo ({settings.DATA_DIR}) rồi chạy lại."
