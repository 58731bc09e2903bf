"""`python -m theodoi.bench --compare`: each departure from plain Django (docs/adr/0005-0009)
timed side by side with the plain Django it replaces, on the bench volume.

Each comparison runs one case two ways: as the code is ("ours") and with the departure taken
away ("plain"): a patch, or database objects dropped in a transaction that is rolled back.
The two alternate round by round, in turns (ours first on even rounds, plain first on odd
ones), so that a neighbour's load on the machine falls on both alike. Pages go through
Django's test client as in `measure.py`; writes run in a transaction rolled back after each
round (on PostgreSQL with the foreign keys checked at once, as a commit would check them).
"""

import importlib
import io
import random
import statistics as pystats
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, redirect_stderr
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.db.models.lookups import In
from django.forms.renderers import DjangoTemplates
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.bench.measure import Bench, _taken_back
from theodoi.bench.smtp_sink import smtp_sink
from theodoi.core.bulk import insert_rows
from theodoi.core.lookups import Among
from theodoi.core.rendering import FormRenderer
from theodoi.monitoring.models import Reminder
from theodoi.notifications.models import Notification
from theodoi.organisation.models import Unit, UnitKind
from theodoi.tasks import scope, search, selectors
from theodoi.tasks.models import State, Task, TaskEvent

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


# --- taking each departure away ---------------------------------------------------------------


def _migration(name: str) -> Any:
    return importlib.import_module(f"theodoi.tasks.migrations.{name}")


@contextmanager
def rolled_back(statements: Sequence[str] = ()) -> Iterator[None]:
    """A transaction rolled back at the end, after running `statements` (DDL) in it untimed;
    on PostgreSQL foreign keys are checked at once, so their cost is inside the block."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in statements:
                cursor.execute(sql)
        yield
        transaction.set_rollback(True)


def without_copy_triggers() -> AbstractContextManager[None]:
    """The coordination copies' triggers of tasks/0007 dropped (rolled back afterwards)."""
    drop = _migration("0007_coordination_task_copies")
    return rolled_back(drop.SQLITE_DROP if connection.vendor == "sqlite" else drop.POSTGRES_DROP)


def without_text_index() -> AbstractContextManager[None]:
    """The full-text index's upkeep dropped: SQLite's FTS triggers (tasks/0003), PostgreSQL's
    GIN index and its generated lexeme column (tasks/0006)."""
    if connection.vendor == "sqlite":
        return rolled_back(_migration("0003_task_text_index").SQLITE_DROP[:3])
    return rolled_back(
        ["DROP INDEX task_search_idx", "ALTER TABLE tasks_task DROP COLUMN search_vector"]
    )


_narrow = scope.Narrowing.condition


def _copies_unused(self: scope.Narrowing, state: str = "state", deadline: str = "deadline") -> Q:
    return Q() if state == "task_state" else _narrow(self, state, deadline)


def without_narrowing() -> AbstractContextManager[object]:
    """Coordinated tasks read from the coordination rows without the copies' conditions."""
    return mock.patch.object(scope.Narrowing, "condition", _copies_unused)


def _in_sql(self: Among, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
    return In(self.lhs, self.rhs).as_sql(compiler, connection)


def with_plain_in() -> AbstractContextManager[object]:
    """`__among` written as Django's `__in` writes a subquery."""
    return mock.patch.object(Among, "as_sql", _in_sql)


def with_django_selects() -> AbstractContextManager[object]:
    """Every `<select>` through Django's own templates (same renderer instance and engine)."""
    return mock.patch.object(FormRenderer, "render", DjangoTemplates.render)


def plain_match(text: str) -> search.Match | None:
    """The same question, "does each term begin a word?", asked with LIKE, as plain Django
    would (`search_text` is folded words separated by single spaces); the count is what the
    list's paginator would make, up to the same cap."""
    terms = search.search_terms(text)
    if not terms:
        return None
    condition = Q()
    for term in terms:
        condition &= Q(search_text__startswith=term) | Q(search_text__contains=f" {term}")
    hits = Task.objects.filter(condition).order_by()[: search.COUNT_CAP + 1].count()
    return search.Match(condition, hits, walk=False)


def with_like_search() -> AbstractContextManager[object]:
    return mock.patch.object(selectors, "task_match", plain_match)


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
        provinces = [u for u in bench.heads if u.unit.kind == UnitKind.PROVINCE]
        self.heads = provinces or bench.heads  # a province coordinates the most

    def list_unit_all(self, i: int) -> None:
        """A unit head's list with no filter: every task the unit leads or coordinates."""
        self.bench.get(self.heads[i % len(self.heads)], reverse("tasks:list"))

    def list_unit(self, i: int) -> None:
        """A province head's list, in progress or assigned, a deadline window."""
        params = {"trang_thai": [State.IN_PROGRESS, State.ASSIGNED]} | self.bench.window(i)
        self.bench.get(self.heads[i % len(self.heads)], reverse("tasks:list"), params)

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


def job_rows(reminders: int, notifications: int) -> list[tuple[type[models.Model], list[dict]]]:
    """Rows like those `theodoi remind` writes on a first day: each reminder's row and its
    event on the task's timeline, and the people's notifications (JSON, dates, tabs, newlines
    and backslashes in the text)."""
    moment, today = timezone.now(), timezone.localdate()
    tasks = list(Task.objects.values_list("id", "lead_unit_id", "state")[:reminders])
    users = list(User.objects.values_list("id", flat=True)[:2000])
    unit = Unit.objects.values_list("id", flat=True).first()
    rows: dict[type[models.Model], list[dict]] = {Reminder: [], TaskEvent: [], Notification: []}
    for i in range(max(reminders, notifications)):
        task, lead, state = tasks[i % len(tasks)]
        people = [users[(i + k) % len(users)] for k in range(3)]
        title = f"Nhiệm vụ số {task} đã quá hạn 2 ngày làm việc"
        if i < reminders:
            rows[Reminder].append(
                {"task": task, "kind": "lead", "unit": lead or unit, "ref": f"bench-{i}",
                 "stage": "overdue:2", "day": today, "recipients": people, "created_at": moment}
            )  # fmt: skip
            rows[TaskEvent].append(
                {"task": task, "at": moment, "actor_label": "Hệ thống", "unit": lead,
                 "action": "remind", "from_state": "", "to_state": state,
                 "note": f"{title}\nGửi tới: Người dùng thử {i}.",
                 "data": {"kind": "lead", "stage": "overdue:2", "users": people}}
            )  # fmt: skip
        if i < notifications:
            rows[Notification].append(
                {"user": users[i % len(users)], "key": f"bench-{i}", "task": task,
                 "title": title, "body": "Hạn: 20/11/2026\tĐơn vị: C:\\tệp\nXem nhiệm vụ.",
                 "url": f"/nv/{task}/", "created_at": moment, "wants_mail": False, "mail": None}
            )  # fmt: skip
    return list(rows.items())


def write_rows(rows: list[tuple[type[models.Model], list[dict]]]) -> None:
    for model, dicts in rows:
        write_model(model, dicts)


def write_model(model: type[models.Model], dicts: list[dict]) -> None:
    """As the job does: values in database form, then `insert_rows`."""
    fields = [model._meta.get_field(name) for name in dicts[0]]
    insert_rows(
        model,
        [f.name for f in fields],
        [[f.get_db_prep_save(row[f.name], connection) for f in fields] for row in dicts],
    )


def bulk_create_model(model: type[models.Model], dicts: list[dict]) -> None:
    """Plain Django: model instances and `bulk_create`."""
    names = {name: model._meta.get_field(name).attname for name in dicts[0]}
    model.objects.bulk_create([model(**{names[k]: v for k, v in row.items()}) for row in dicts])


@contextmanager
def with_bulk_create() -> Iterator[None]:
    with rolled_back(), mock.patch(f"{__name__}.write_model", bulk_create_model):
        yield


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


def run(today: date, rounds: int) -> list[Outcome]:
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
