"""`python -m theodoi.bench --compare`: each departure from plain Django (docs/adr/0005-0009)
timed side by side with the plain Django it replaces, on the bench volume.

Each comparison runs one case two ways: as the code is ("ours") and with the departure taken
away ("plain"): a patch, or database objects dropped in a transaction that is rolled back.
The two alternate round by round, in turns (ours first on even rounds, plain first on odd
ones), so that a neighbour's load on the machine falls on both alike. Pages go through
Django's test client as in `measure.py`; writes run in a transaction rolled back after each
round (on PostgreSQL with the foreign keys checked at once, as a commit would check them).
"""

import io
import random
import statistics as pystats
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext, redirect_stderr
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models import Count
from django.test.utils import override_settings
from django.urls import reverse

from theodoi.bench.measure import Bench, _taken_back
from theodoi.bench.plain import (
    rolled_back,
    with_django_selects,
    with_like_search,
    with_plain_in,
    without_copy_triggers,
    without_narrowing,
    without_text_index,
)
from theodoi.bench.rows import job_rows, with_bulk_create, write_rows
from theodoi.bench.smtp_sink import smtp_sink
from theodoi.monitoring.models import Reminder
from theodoi.notifications.models import Notification
from theodoi.organisation.models import UnitKind
from theodoi.tasks import links
from theodoi.tasks.models import State, Task

Variant = Callable[[], AbstractContextManager[object]]


@dataclass(frozen=True)
class Comparison:
    adr: str
    name: str
    case: Callable[[int], object]
    plain: Variant
    ours: Variant = nullcontext
    rounds: int | None = None  # fewer for slow cases


@dataclass
class Outcome:
    comparison: Comparison
    ours: list[float]
    plain: list[float]

    @staticmethod
    def p95(samples: Sequence[float]) -> float:
        ordered = sorted(samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def line(self) -> str:
        ours, plain = pystats.median(self.ours), pystats.median(self.plain)
        saved = plain - ours
        return (
            f"{self.comparison.adr:5} {self.comparison.name:52} "
            f"{ours:9.1f} / {self.p95(self.ours):9.1f} {plain:9.1f} / {self.p95(self.plain):9.1f}"
            f" {saved:+9.1f} ms ({100 * saved / plain:+4.0f} %)  n={len(self.ours)}"
        )


def compare(comparison: Comparison, rounds: int) -> Outcome:
    rounds = comparison.rounds or rounds
    ours: list[float] = []
    plain: list[float] = []
    ways = [(comparison.ours, ours), (comparison.plain, plain)]
    for i in range(2):  # warm-up, each way
        for variant, _samples in ways:
            with variant():
                comparison.case(i)
    for i in range(rounds):
        for variant, samples in ways if i % 2 == 0 else ways[::-1]:
            with variant():
                start = time.perf_counter()
                comparison.case(i)
                samples.append((time.perf_counter() - start) * 1000)
    return Outcome(comparison, ours, plain)


# --- the cases ----------------------------------------------------------------------------------


class Cases:
    def __init__(self, bench: Bench, today: date) -> None:
        self.bench, self.today = bench, today
        rng = random.Random(11)
        coordinated = Task.objects.filter(deadline__isnull=False).annotate(
            links=Count("coordinations")
        )
        ids = list(coordinated.filter(links__gt=0).values_list("id", flat=True)[:5000])
        self.coordinated = [rng.choice(ids) for _ in range(200)]
        provinces = [u for u in bench.heads if u.unit and u.unit.kind == UnitKind.PROVINCE]
        self.heads = provinces or bench.heads  # a province coordinates the most

    def list_unit_all(self, i: int) -> None:
        """A unit head's list with no filter: every task the unit leads or coordinates."""
        self.bench.get(self.heads[i % len(self.heads)], links.task_list_url())

    def list_unit(self, i: int) -> None:
        """A province head's list, in progress or assigned, a deadline window."""
        start, end = self.bench.window(i)
        states = [State.IN_PROGRESS, State.ASSIGNED]
        url = links.task_list_url(states=states, due_from=start, due_to=end)
        self.bench.get(self.heads[i % len(self.heads)], url)

    def my_work_head(self, i: int) -> None:
        self.bench.get(self.heads[i % len(self.heads)], reverse("tasks:mine"))

    def move_deadline(self, i: int) -> None:
        """What a step does to a task with coordinations: its deadline changes."""
        day = self.today + timedelta(days=400 + i)
        Task.objects.filter(pk=self.coordinated[i % len(self.coordinated)]).update(deadline=day)

    def edit_text(self, i: int) -> None:
        """A task's words change (an edit)."""
        Task.objects.filter(pk=self.coordinated[i % len(self.coordinated)]).update(
            search_text=f"ra soat lan {i} bao cao tong hop quy {i % 4 + 1}"
        )


@dataclass(frozen=True)
class Job:
    """`theodoi remind`'s first day, run once as cron runs it (committed, then taken back)."""

    ms: float
    reminders: int
    notifications: int


def first_day(today: date) -> Job:
    with (
        smtp_sink() as port,
        override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port),
        _taken_back(),
    ):
        start = time.perf_counter()
        with redirect_stderr(io.StringIO()):
            call_command("remind", as_of=f"{today:%d/%m/%Y}", json=True, stdout=io.StringIO())
        ms = (time.perf_counter() - start) * 1000
        return Job(ms, Reminder.objects.count(), Notification.objects.count())


def comparisons(bench: Bench, today: date, job: Job) -> list[Comparison]:
    cases = Cases(bench, today)
    rows = job_rows(job.reminders, job.notifications)
    found: list[Comparison] = [
        Comparison("0005", "search, 8 phrases (Office)", bench.search, with_like_search),
        Comparison(
            "0005",
            "cost: a task's words change (1 UPDATE)",
            cases.edit_text,
            without_text_index,
            rolled_back,
        ),
        Comparison(
            "0006", "list, province head, state + deadline", cases.list_unit, without_narrowing
        ),
        Comparison(
            "0006", "list, Office, unit + state + deadline", bench.list_filtered, without_narrowing
        ),
        Comparison("0006", "Việc của tôi, province head", cases.my_work_head, without_narrowing),
        Comparison(
            "0006",
            "cost: a task's deadline moves (1 UPDATE)",
            cases.move_deadline,
            without_copy_triggers,
            rolled_back,
        ),
    ]
    if connection.vendor == "postgresql":  # on SQLite `__among` is `IN`: the same SQL
        found += [
            Comparison(
                "0007", "list, province head, no filter", cases.list_unit_all, with_plain_in
            ),
            Comparison(
                "0007", "list, province head, state + deadline", cases.list_unit, with_plain_in
            ),
            Comparison(
                "0007", "list, Office, unit + state + deadline", bench.list_filtered, with_plain_in
            ),
            Comparison("0007", "Việc của tôi, province head", cases.my_work_head, with_plain_in),
        ]
    found += [
        Comparison(
            "0008",
            f"write {job.reminders:,} reminders, events; {job.notifications:,} notes",
            lambda i: write_rows(rows),
            with_bulk_create,
            rolled_back,
            rounds=12,
        ),
        Comparison("0009", "list, Office, no filter", bench.list_all, with_django_selects),
        Comparison(
            "0009",
            "list, Office, unit + state + deadline",
            bench.list_filtered,
            with_django_selects,
        ),
    ]
    return found


_SIZES = {  # what the departures store, in bytes, beside the tasks table for scale
    "sqlite": {
        "tasks table": "SELECT sum(pgsize) FROM dbstat WHERE name = 'tasks_task'",
        "FTS5 index (0003)": "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'tasks_task_fts%'",
        "coordination index (0007)": "SELECT sum(pgsize) FROM dbstat "
        "WHERE name = 'coordination_unit_idx'",
    },
    "postgresql": {
        "tasks table": "SELECT pg_table_size('tasks_task')",
        "lexeme column (0006)": "SELECT sum(pg_column_size(search_vector)) FROM tasks_task",
        "GIN index (0006)": "SELECT pg_relation_size('task_search_idx')",
        "coordination index (0007)": "SELECT pg_relation_size('coordination_unit_idx')",
    },
}


def sizes() -> dict[str, float]:
    """Megabytes of each, where the database can tell (SQLite needs its dbstat table)."""
    found = {}
    with connection.cursor() as cursor:
        for name, sql in _SIZES[connection.vendor].items():
            try:
                cursor.execute(sql)
            except DatabaseError:  # an SQLite built without its dbstat table
                continue
            found[name] = (cursor.fetchone()[0] or 0) / 1e6
    return found


def run(today: date, rounds: int) -> list[Outcome]:
    print("; ".join(f"{name} {mb:.1f} MB" for name, mb in sizes().items()), flush=True)
    job = first_day(today)
    print(
        f"theodoi remind, first day, once: {job.ms:,.0f} ms "
        f"({job.reminders:,} reminders, {job.notifications:,} notifications)",
        flush=True,
    )
    print(f"{'ADR':5} {'case':52} {'ours: median / p95':>21} {'plain: median / p95':>21} saved")
    outcomes = []
    for comparison in comparisons(Bench(today=today), today, job):
        outcomes.append(compare(comparison, rounds))
        print(outcomes[-1].line(), flush=True)
    return outcomes
