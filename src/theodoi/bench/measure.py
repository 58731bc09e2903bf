"""Timing the pages and services at volume: server time, measured in-process.

Each page is requested through Django's test client as a signed-in person, so the time covers
what the server does (middleware, session, queries, template) and not the network. Each case
varies its input from one round to the next (another unit, term, task or person) so that no
single cached answer is timed over and over.
"""

import io
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from datetime import date, timedelta
from functools import partial

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat
from django.test import Client
from django.test.client import ClientHandler
from django.test.utils import override_settings
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.bench import forms, reference
from theodoi.bench.smtp_sink import smtp_sink
from theodoi.bench.timing import Case, Counter, Result, Target, interleaved, timed
from theodoi.core import once
from theodoi.core.periods import Kind, Period
from theodoi.imports.examples import excel, large_plan, word
from theodoi.imports.reading import read_plan
from theodoi.monitoring.models import DashboardCache, Reminder, ReminderRun
from theodoi.notifications.models import Mail, Notification
from theodoi.organisation.models import Unit, UnitKind
from theodoi.reports.agency.data import gather
from theodoi.reports.agency.services import narrative_for
from theodoi.reports.agency.word import build_report
from theodoi.statforms.bench_upload import upload_case
from theodoi.statforms.rollup import rollup
from theodoi.tasks import links
from theodoi.tasks.models import Document, Origin, State, Task, TaskEvent
from theodoi.tasks.stats import View, state_counts, statistics
from theodoi.workcalendar.services import get_calendar

PAGE = Target(40, 80)
LIST = Target(12, 25)  # issue 26: the task list, the page people open most
DASHBOARD = Target(150, 150)  # DOMAIN §9 / issue 5: p95 < 150 ms with the counts kept
RECOUNT = Target(1000, 1500)  # the same page when the 5-minute counts must be made again
OFFICE_RECOUNT = Target(300)  # issue 26: the whole agency's counts made again
REMIND = Target(10_000, 10_000)
AGENCY_REPORT = Target(5_000, 5_000)  # issue 21: the annual report at 200,000 tasks
UPLOAD = Target(1_000, 1_000)  # issue 22: a form's filled Excel template read and checked
ROLLUP = Target(100)  # issue 22: the national roll-up of 34 provinces


class Bench:
    def __init__(self, today: date, seed: int = 7, plan_rows: int = 300) -> None:
        """`plan_rows`: the task rows of the generated plan read from Word and Excel (300, as
        a large plan; the smoke test reads a smaller one)."""
        self.today = today
        self.plan_rows = plan_rows
        self.rng = random.Random(seed)
        self.clients: dict[int, Client] = {}
        self.paces: list[float] = []  # the machine's pace while the pages were timed (`run`)
        # one handler for every person, as a server process has: a test client's own handler
        # loads the middleware (and WhiteNoise's file list) on its first request
        self.handler = ClientHandler(enforce_csrf_checks=False)  # as `Client()` makes it
        heads = User.objects.filter(
            username__startswith="bench.truong.",
            unit__kind__in=[UnitKind.CENTRAL, UnitKind.PROVINCE],
        )
        self.heads = list(heads.order_by("id")[:40])
        self.staff = list(User.objects.filter(username__startswith="bench.cv.").order_by("id")[:40])
        self.leaders = list(User.objects.filter(username__startswith="bench.lanhdao."))
        self.trackers = list(User.objects.filter(username__startswith="bench.theodoi."))
        self.units = list(Unit.objects.filter(kind=UnitKind.CENTRAL, valid_to__isnull=True))
        internal = Document.objects.filter(origin=Origin.INTERNAL).order_by("-id")
        self.documents = list(internal[:50])
        ids = list(Task.objects.values_list("id", flat=True))
        self.task_ids = [self.rng.choice(ids) for _ in range(500)]
        for user in [*self.heads, *self.staff, *self.leaders, *self.trackers]:
            self.client(user)  # signed in before timing: a sample is one page, not a sign-in
        self.form_period = forms.ensure_rollup()  # written once per bench database
        plan = large_plan(plan_rows, today.year)  # a generated plan, as Word and as Excel
        self.plan_files = (word(plan), excel(plan))

    def client(self, user: User) -> Client:
        if user.pk not in self.clients:
            client = Client()
            client.handler = self.handler
            client.force_login(user)
            self.clients[user.pk] = client
        return self.clients[user.pk]

    def get(self, user: User, url: str, params: dict[str, str | int] | None = None) -> None:
        response = self.client(user).get(url, params or {})
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params} → {response.status_code}")
        response.content  # noqa: B018 — render completely

    def window(self, i: int) -> tuple[date, date]:
        start = self.today - timedelta(days=60 * (i % 12))
        return start, start + timedelta(days=90)

    def list_filtered(self, i: int) -> None:
        unit = self.units[i % len(self.units)].pk
        start, end = self.window(i)
        url = links.task_list_url(
            unit_id=unit, states=[State.IN_PROGRESS], due_from=start, due_to=end
        )
        self.get(self.trackers[i % len(self.trackers)], url)

    def in_window(self, people: list[User], i: int) -> None:
        """The tasks assigned or in progress due in a three-month window, as one of `people`
        (a unit head: their unit's; the Office: everyone's)."""
        start, end = self.window(i)
        states = [State.IN_PROGRESS, State.ASSIGNED]
        url = links.task_list_url(states=states, due_from=start, due_to=end)
        self.get(people[i % len(people)], url)

    def list_unit(self, i: int) -> None:
        self.in_window(self.heads, i)

    def list_all(self, i: int) -> None:
        url = links.task_list_url()
        self.get(self.trackers[i % len(self.trackers)], url, {links.PAGE: 1 + i % 5})

    # The shapes the load over HTTP showed slow and the three cases above do not ask for: a
    # unit's whole list, a window with no unit, a search by a unit's person (ADR 0018, 0019)
    def list_unit_all(self, i: int) -> None:
        people = self.staff if i % 2 else self.heads
        url = links.task_list_url()
        self.get(people[i // 2 % len(people)], url, {links.PAGE: 1 + i % 3})

    def list_window(self, i: int) -> None:
        self.in_window(self.trackers, i)

    def search_unit(self, i: int) -> None:
        url = links.task_list_url(q=self.TERMS[i % len(self.TERMS)])
        self.get(self.heads[i % len(self.heads)], url)

    TERMS = [
        "don doc",
        "VssID",
        "gian lận trục lợi",
        "đồng bằng sông cửu long",
        "so hoa ho so luu tru",
        "doi thoai doanh nghiep 2024",
        "1234/NQ-CP",
        "tờ trình",
    ]

    def search(self, i: int) -> None:
        url = links.task_list_url(q=self.TERMS[i % len(self.TERMS)])
        self.get(self.trackers[i % len(self.trackers)], url)

    def task_page(self, i: int) -> None:
        self.get(self.trackers[0], reverse("tasks:detail", args=[self.task_ids[i % 500]]))

    def my_work(self, i: int) -> None:
        people = [self.leaders, self.trackers, self.heads, self.staff][i % 4]
        self.get(people[i % len(people)], reverse("tasks:mine"))

    def stats_page(self, i: int) -> None:
        day = self.today - timedelta(days=37 * i)
        self.get(self.leaders[0], reverse("tasks:stats"), {"ngay": f"{day:%d/%m/%Y}"})

    def stats_service(self, i: int) -> None:
        statistics(self.today - timedelta(days=37 * i), View(["agency", "unit"][i % 2]))

    def unit_states(self, i: int) -> None:
        """The tasks one unit leads by state, and how many of them are overdue (the query of
        issue 26's comparison with the peer)."""
        state_counts(self.units[i % len(self.units)], self.today)

    def create(self, i: int) -> None:
        document = self.documents[i % len(self.documents)]
        url = reverse("tasks:task_create", args=[document.pk])
        data = {
            "code": f"B{i}",
            "content": f"Nhiệm vụ đo thời gian số {i}: tổng hợp báo cáo quý",
            "leads": "TST",
            "coordinating": "CSXH, CNTT",
            "deadline": f"{self.today + timedelta(days=30):%d/%m/%Y}",
            "product": "Báo cáo",
            once.FIELD: once.new_token(self.trackers[0].pk),  # as the page draws it
        }
        response = self.client(self.trackers[0]).post(url, data)
        if response.status_code != 302:
            raise RuntimeError(f"{url} → {response.status_code}")

    def read_word_plan(self, i: int) -> None:
        # with the unit registry each time
        read_plan(self.plan_files[0], f"ke-hoach-{self.plan_rows}.docx")

    def read_excel_plan(self, i: int) -> None:
        read_plan(self.plan_files[1], f"ke-hoach-{self.plan_rows}.xlsx")

    def dashboard(self, people: list[User], i: int) -> None:
        """The dashboard of one of `people`, on the agency's or the unit's view."""
        user, view = people[i % len(people)], ["agency", "unit"][i // len(people) % 2]
        self.get(user, reverse("monitoring:dashboard"), {"goc_nhin": view})

    def recount(self, i: int) -> None:
        """As when the five minutes have passed: the kept counts of today are dropped (the
        month ends of the trend stay, they are kept for good)."""
        DashboardCache.objects.filter(key__startswith="board:").delete()

    def ranking_page(self, i: int) -> None:
        kinds = [("nam", 1), ("quy", 1 + i % 4), ("6thang", 1 + i % 2), ("thang", 1 + i % 12)]
        kind, number = kinds[i % 4]
        params: dict[str, str | int] = {"loai": kind, "so": number}
        params["nam"] = self.today.year - (i // 4) % 2
        self.get(self.leaders[i % len(self.leaders)], reverse("evaluation:ranking"), params)

    def scorecard_page(self, i: int) -> None:
        head = self.heads[i % len(self.heads)]
        self.get(head, reverse("evaluation:scorecard", args=[head.unit_id]))

    def agency_word(self, i: int) -> None:
        """The agency's annual report of last year as its Word file, as `theodoi report tasks`
        makes it (the figures, then the document)."""
        period = Period(Kind.YEAR, self.today.year - 1, 1)
        build_report(gather(period), narrative_for(period, self.today))

    def agency_page(self, i: int) -> None:
        url = reverse("reports_agency:preview", args=[str(self.today.year - 1)])
        self.get(self.trackers[i % len(self.trackers)], url)

    def form_rollup(self, i: int) -> None:
        rollup(forms.FORM, self.form_period)

    def form_rollup_page(self, i: int) -> None:
        url = reverse("statforms:rollup", args=[forms.FORM, self.form_period.slug])
        self.get(self.trackers[i % len(self.trackers)], url)

    def remind(self, rounds: int) -> list[Result]:
        """`theodoi remind` for a day, as cron runs it: reminders, digests, and the mail sent
        to a real SMTP server on 127.0.0.1 (in a process of its own). Each round commits, as
        cron's does, so the commits and PostgreSQL's deferred foreign-key checks are timed
        too; then, untimed, it takes back what it wrote. First the first day the job ever
        runs (every overdue task's first reminder), then the next working day."""
        first: list[float] = []
        following: list[float] = []
        queries = Counter()
        next_day = get_calendar().add_working_days(self.today, 1)
        with smtp_sink() as port, override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
            for _ in range(rounds):
                with _taken_back():
                    for day, samples in ((self.today, first), (next_day, following)):
                        start = time.perf_counter()
                        with connection.execute_wrapper(queries), redirect_stderr(io.StringIO()):
                            call_command(
                                "remind", as_of=f"{day:%d/%m/%Y}", json=True, stdout=io.StringIO()
                            )
                        samples.append((time.perf_counter() - start) * 1000)
        per_run = queries.count // (2 * rounds)
        return [
            Result("theodoi remind: ngày đầu tiên", first, per_run, REMIND, page=False),
            Result("theodoi remind: ngày làm việc tiếp theo", following, per_run, REMIND, False),
        ]

    def run(self, rounds: int) -> list[Result]:
        rows = self.plan_rows
        cases: list[tuple[str, Case, Target]] = [
            ("Danh sách: đơn vị + trạng thái + thời hạn", self.list_filtered, LIST),
            ("Danh sách của một đơn vị (trưởng đơn vị)", self.list_unit, LIST),
            ("Danh sách, không lọc (Văn phòng)", self.list_all, LIST),
            ("Danh sách, không lọc (người của đơn vị)", self.list_unit_all, LIST),
            ("Danh sách: trạng thái + thời hạn (Văn phòng)", self.list_window, LIST),
            ("Tìm theo nội dung", self.search, PAGE),
            ("Tìm theo nội dung (trưởng đơn vị)", self.search_unit, PAGE),
            ("Trang nhiệm vụ", self.task_page, PAGE),
            ("Việc của tôi", self.my_work, PAGE),
            ("Tạo nhiệm vụ (POST)", self.create, Target(50)),
            ("Đếm theo trạng thái của một đơn vị", self.unit_states, Target(5)),
        ]
        # the pages, interleaved (`timing.interleaved`); the plan reads and statistics, tenths
        # of a second and megabytes each, timed apart so as not to fall between page samples
        results, self.paces = interleaved(cases, rounds, reference.python_ms)
        heavy: list[tuple[str, Case, Target]] = [
            (f"Đọc kế hoạch {rows} dòng (.docx)", self.read_word_plan, Target(2000, 2000)),
            (f"Đọc kế hoạch {rows} dòng (.xlsx)", self.read_excel_plan, Target(2000, 2000)),
            ("Thống kê một ngày (hàm)", self.stats_service, Target(500, 500)),
            ("Trang thống kê", self.stats_page, Target(500, 500)),
        ]
        results += [timed(name, case, rounds, target) for name, case, target in heavy]
        office = partial(self.dashboard, self.trackers)
        head = partial(self.dashboard, self.heads)
        dashboards: list[tuple[str, Case, Target, Case]] = [
            # the same page just before, untimed: each person's second look within 5 minutes
            ("Tổng quan, Văn phòng (số đã đếm)", office, DASHBOARD, office),
            ("Tổng quan, trưởng đơn vị (số đã đếm)", head, DASHBOARD, head),
            ("Tổng quan, Văn phòng (đếm lại)", office, OFFICE_RECOUNT, self.recount),
            ("Tổng quan, trưởng đơn vị (đếm lại)", head, RECOUNT, self.recount),
        ]
        results += [
            timed(name, case, rounds, target, prepare) for name, case, target, prepare in dashboards
        ]
        evaluation: list[tuple[str, Case, Target]] = [
            ("Xếp hạng đơn vị (năm, quý, tháng)", self.ranking_page, Target(500, 1000)),
            ("Kết quả của đơn vị (trưởng đơn vị)", self.scorecard_page, Target(500, 1000)),
        ]
        results += [timed(name, case, rounds, target) for name, case, target in evaluation]
        rollups: list[tuple[str, Case, Target]] = [
            ("Tổng hợp biểu mẫu TTHC toàn quốc (hàm)", self.form_rollup, ROLLUP),
            ("Trang tổng hợp biểu mẫu TTHC toàn quốc", self.form_rollup_page, ROLLUP),
        ]
        results += [timed(name, case, rounds, target) for name, case, target in rollups]
        agency: list[tuple[str, Case, Target]] = [  # a few seconds each: fewer rounds
            ("Báo cáo năm của cơ quan (tệp Word)", self.agency_word, AGENCY_REPORT),
            ("Báo cáo năm của cơ quan (trang xem)", self.agency_page, AGENCY_REPORT),
        ]
        few = max(2, rounds // 20)
        results += [timed(name, case, few, target) for name, case, target in agency]
        with upload_case(self.today) as case:  # issue 22; what it writes is taken back
            results.append(timed("Đọc, kiểm tra mẫu Excel của một tỉnh", case, rounds, UPLOAD))
        return results + self.remind(max(1, rounds // 20))


WRITTEN_BY_REMIND = (Notification, Mail, Reminder, TaskEvent, ReminderRun)  # in deleting order


@contextmanager
def _taken_back() -> Iterator[None]:
    """Give the bench's people an e-mail address for the block, and afterwards delete what the
    block wrote (every row above each table's highest id before it) and take the addresses
    back: the bench database keeps no reminders, notifications, mail or reminder events."""
    marks = {
        model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in WRITTEN_BY_REMIND
    }
    people = User.objects.filter(username__startswith="bench.", email="")
    without = list(people.values_list("pk", flat=True))
    User.objects.filter(pk__in=without).update(email=Concat(F("username"), Value("@bench.test")))
    try:
        yield
    finally:
        with transaction.atomic():
            for model, top in marks.items():
                model.objects.filter(pk__gt=top).delete()
            User.objects.filter(pk__in=without).update(email="")
        if connection.vendor == "postgresql":  # production never deletes them: no dead rows
            with connection.cursor() as cursor:
                for model in WRITTEN_BY_REMIND:
                    cursor.execute(
                        f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}"
                    )
