"""Times stock Taiga's REST API (taiga-back 3bea711) in one process with Django's test
client, as `python -m theodoi.bench` times ours (docs/bench.md, "The peer").

    scripts/peer/run.sh timing.py [ROUNDS=60]

Five warm-up calls a case, then ROUNDS rounds, each running every case once with another
input. Prints the median and p95 (nearest rank) in ms and the statements of one request
(the last warm-up call), then the medians and statements again as one `RESULT {json}` line
for `python -m theodoi.bench.peer`. The tasks it creates are deleted at the end, untimed.
"""

import json
import math
import os
import random
import statistics
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.getcwd())  # run.sh starts it in taiga-back
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.bench")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from taiga.projects.models import Project  # noqa: E402
from taiga.projects.tasks.models import Task  # noqa: E402

CLEANUP_ONLY = len(sys.argv) > 1 and sys.argv[1] == "--cleanup"  # --cleanup ID...: remove leftovers
N = int(sys.argv[1]) if len(sys.argv) > 1 and not CLEANUP_ONLY else 60
WARMUP = 5
rnd = random.Random(1234)

# Words of the generated Vietnamese-like vocabulary; none is a prefix of another vocabulary
# word (Taiga's q= uses prefix matching 'w':*); each occurs in ~3,800-4,100 of the 200k subjects.
SEARCH_WORDS = ["nhật", "chong", "then", "phím", "cảnh", "lựng", "chẳm", "chỗi", "đựng", "giứng"]


# ---- cleanup (untimed): delete created tasks and the rows their creation produced ----
def cleanup(created_ids):
    if not created_ids:
        return
    keys = [f"tasks.task:{t}" for t in created_ids]
    with connection.cursor() as c:
        c.execute("SELECT id FROM django_content_type WHERE app_label='tasks' AND model='task'")
        ct = c.fetchone()[0]
        c.execute("DELETE FROM history_historyentry WHERE key = ANY(%s)", [keys])
        c.execute(
            "DELETE FROM timeline_timeline WHERE data_content_type_id = %s "
            "AND (data->'task'->>'id')::int = ANY(%s)",
            [ct, created_ids],
        )
        c.execute(
            "DELETE FROM references_reference WHERE content_type_id = %s AND object_id = ANY(%s)",
            [ct, created_ids],
        )
        c.execute(
            "DELETE FROM notifications_watched WHERE content_type_id = %s AND object_id = ANY(%s)",
            [ct, created_ids],
        )
        c.execute(
            "DELETE FROM notifications_webnotification WHERE data->'obj'->>'content_type' = 'task' "
            "AND (data->'obj'->>'id')::int = ANY(%s)",
            [created_ids],
        )
    deleted = Task.objects.filter(id__in=created_ids).delete()
    print(f"cleanup: deleted {len(created_ids)} created tasks ({deleted[0]} rows incl. cascades)")


if CLEANUP_ONLY:
    cleanup([int(x) for x in sys.argv[2:]])
    sys.exit(0)

project = Project.objects.get(name="Bench")
P = project.id
statuses = list(project.task_statuses.order_by("order").values_list("id", flat=True))
members = list(
    project.memberships.exclude(user=None).order_by("user_id").values_list("user_id", flat=True)
)
task_ids = list(Task.objects.filter(project_id=P).values_list("id", flat=True))
lo = (
    Task.objects.filter(project_id=P)
    .order_by("created_date")
    .values_list("created_date", flat=True)[0]
)
hi = (
    Task.objects.filter(project_id=P)
    .order_by("-created_date")
    .values_list("created_date", flat=True)[0]
)
WINDOW = timedelta(days=91)  # a 3-month created_date window
span_s = (hi - WINDOW - lo).total_seconds()

client = Client()
r = client.post(
    "/api/v1/auth",
    data=json.dumps({"type": "normal", "username": "admin", "password": "123123"}),
    content_type="application/json",
)
assert r.status_code == 200, (r.status_code, r.content[:300])
AUTH = {"HTTP_AUTHORIZATION": "Bearer " + r.json()["auth_token"]}
created_ids = []
match_counts = {"filtered page of 50": [], "text search": []}


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def get(url, name):
    resp = client.get(url, **AUTH)
    assert resp.status_code == 200, (url, resp.status_code, resp.content[:300])
    if name in match_counts:
        match_counts[name].append(int(resp["x-pagination-count"]))
    return resp


def case_filtered(i):
    s, u = statuses[i % len(statuses)], members[(i * 3) % len(members)]
    a = lo + timedelta(seconds=rnd.uniform(0, span_s))
    b = a + WINDOW
    get(
        f"/api/v1/tasks?project={P}&status={s}&assigned_to={u}"
        f"&created_date__gte={iso(a)}&created_date__lte={iso(b)}&page_size=50&page=1",
        "filtered page of 50",
    )


def case_search(i):
    get(
        f"/api/v1/tasks?project={P}&q={SEARCH_WORDS[i % len(SEARCH_WORDS)]}&page_size=50",
        "text search",
    )


def case_detail(i):
    get(f"/api/v1/tasks/{rnd.choice(task_ids)}", "task page")


def case_create(i):
    body = {
        "project": P,
        "subject": "bench tạo mới " + " ".join(rnd.sample(SEARCH_WORDS, 4)) + f" {i}",
        "status": statuses[i % len(statuses)],
        "assigned_to": members[(i * 7) % len(members)],
    }
    resp = client.post(
        "/api/v1/tasks", data=json.dumps(body), content_type="application/json", **AUTH
    )
    assert resp.status_code == 201, (resp.status_code, resp.content[:300])
    created_ids.append(resp.json()["id"])


COUNTS_SQL = """
SELECT t.status_id,
       count(*) FILTER (WHERE NOT s.is_closed)                           AS open,
       count(*) FILTER (WHERE NOT s.is_closed AND t.due_date < current_date) AS overdue
FROM tasks_task t
JOIN projects_taskstatus s ON s.id = t.status_id
WHERE t.project_id = %s AND t.assigned_to_id = %s
GROUP BY t.status_id
ORDER BY t.status_id
"""
last_counts = []


def case_counts(i):
    with connection.cursor() as c:
        c.execute(COUNTS_SQL, [P, members[(i * 3 + 1) % len(members)]])
        rows = c.fetchall()
    last_counts[:] = rows


CASES = [
    ("filtered page of 50", case_filtered),
    ("text search", case_search),
    ("task page", case_detail),
    ("create a task", case_create),
    ("counts by state for one assignee", case_counts),
]

try:
    # ---- warm-up: 5 calls per case; the last one is run under CaptureQueriesContext (untimed) ----
    n_sql = {}
    for name, fn in CASES:
        for w in range(WARMUP - 1):
            fn(1000 + w)
        with CaptureQueriesContext(connection) as ctx:
            fn(1000 + WARMUP)
        n_sql[name] = len(ctx.captured_queries)
    for v in match_counts.values():
        v.clear()

    def rss_mib():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    print(
        f"Taiga taiga-back 3bea711, project {P}: {len(task_ids)} tasks, {len(members)} members, "
        f"{len(statuses)} task statuses; {N} rounds after {WARMUP} warm-up calls per case"
    )
    print(f"RSS after warm-up: {rss_mib():.1f} MiB")

    # ---- timed rounds, cases interleaved ----
    times = {name: [] for name, _ in CASES}
    for i in range(N):
        for name, fn in CASES:
            t0 = time.perf_counter()
            fn(i)
            times[name].append((time.perf_counter() - t0) * 1000.0)

    print(f"RSS after rounds:  {rss_mib():.1f} MiB")
    print(f"{'case':36s} {'median ms':>10s} {'p95 ms':>9s} {'SQL/req':>8s}")
    for name, _ in CASES:
        ts = sorted(times[name])
        p95 = ts[max(0, math.ceil(0.95 * len(ts)) - 1)]
        print(f"{name:36s} {statistics.median(ts):10.2f} {p95:9.2f} {n_sql[name]:8d}")
    for name, v in match_counts.items():
        if v:
            middle = int(statistics.median(v))
            print(f"  {name}: x-pagination-count min/median/max = {min(v)}/{middle}/{max(v)}")
    print("  counts by state, last assignee (status_id, open, overdue):", last_counts)
    print(
        "Notes: stock Taiga has NO due_date filter on /api/v1/tasks, so case 1 filters a 3-month "
        "created_date window (created_date__gte/__lte) instead of a due_date range."
    )
    print("       case 5 is one SQL statement through connection.cursor(), not an endpoint.")
    print("       case 3 (GET /tasks/ID) also finds the previous and next task of the project.")
    # the line `python -m theodoi.bench.peer` (make bench-peer) reads
    result = {
        name: {"median": statistics.median(times[name]), "statements": n_sql[name]}
        for name, _ in CASES
    }
    print("RESULT " + json.dumps(result))
finally:
    cleanup(created_ids)  # also on failure
