"""Timing the pages and services at volume: server time, measured in-process.

Each page is requested through Django's test client as a signed-in person, so the time covers
what the server does (middleware, session, queries, template) and not the network. Each case
varies its input from one round to the next (another unit, term, task or person) so that no
single cached answer is timed over and over.
"""

import random
import statistics as pystats
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.urls import reverse

from theodoi.accounts.models import User
from theodoi.imports.examples import excel, large_plan, word
from theodoi.imports.reading import read_plan
from theodoi.organisation.models import Unit, UnitKind
from theodoi.tasks.models import Document, Origin, State, Task
from theodoi.tasks.stats import View, statistics


@dataclass(frozen=True)
class Target:
    median_ms: float
    p95_ms: float | None = None


@dataclass
class Result:
    name: str
    samples: list[float]
    queries: int
    target: Target

    @property
    def median(self) -> float:
        return pystats.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def met(self) -> bool:
        target = self.target
        return self.median < target.median_ms and (
            target.p95_ms is None or self.p95 < target.p95_ms
        )


PAGE = Target(40, 80)


class _Counter:
    """Counts the SQL statements of one request (including session and sign-in lookups)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., object], sql: str, *args: object) -> object:
        self.count += 1
        return execute(sql, *args)


Case = Callable[[int], object]


def _time(name: str, case: Case, rounds: int, target: Target) -> Result:
    for i in range(3):  # warm-up: templates compiled, connection open
        case(i)
    counter = _Counter()
    with connection.execute_wrapper(counter):
        case(0)
    samples = []
    for i in range(rounds):
        start = time.perf_counter()
        case(i)
        samples.append((time.perf_counter() - start) * 1000)
    return Result(name, samples, counter.count, target)


class Bench:
    def __init__(self, today: date, seed: int = 7) -> None:
        self.today = today
        self.rng = random.Random(seed)
        self.clients: dict[int, Client] = {}
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
        plan = large_plan(300, today.year)  # a generated 300-row plan, as Word and as Excel
        self.plan_files = (word(plan), excel(plan))

    def client(self, user: User) -> Client:
        if user.pk not in self.clients:
            client = Client()
            client.force_login(user)
            self.clients[user.pk] = client
        return self.clients[user.pk]

    def get(self, user: User, url: str, params: dict[str, object] | None = None) -> None:
        response = self.client(user).get(url, params or {})
        if response.status_code != 200:
            raise RuntimeError(f"{url} {params} → {response.status_code}")
        response.content  # noqa: B018 — render completely

    def window(self, i: int) -> dict[str, str]:
        start = self.today - timedelta(days=60 * (i % 12))
        end = start + timedelta(days=90)
        return {"han_tu": f"{start:%d/%m/%Y}", "han_den": f"{end:%d/%m/%Y}"}

    def list_filtered(self, i: int) -> None:
        params = {"don_vi": self.units[i % len(self.units)].pk, "trang_thai": State.IN_PROGRESS}
        self.get(
            self.trackers[i % len(self.trackers)], reverse("tasks:list"), params | self.window(i)
        )

    def list_unit(self, i: int) -> None:
        head = self.heads[i % len(self.heads)]
        params = {"trang_thai": [State.IN_PROGRESS, State.ASSIGNED]} | self.window(i)
        self.get(head, reverse("tasks:list"), params)

    def list_all(self, i: int) -> None:
        self.get(self.trackers[i % len(self.trackers)], reverse("tasks:list"), {"trang": 1 + i % 5})

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
        params = {"q": self.TERMS[i % len(self.TERMS)]}
        self.get(self.trackers[i % len(self.trackers)], reverse("tasks:list"), params)

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
        }
        response = self.client(self.trackers[0]).post(url, data)
        if response.status_code != 302:
            raise RuntimeError(f"{url} → {response.status_code}")

    def read_word_plan(self, i: int) -> None:
        read_plan(self.plan_files[0], "ke-hoach-300.docx")  # with the unit registry each time

    def read_excel_plan(self, i: int) -> None:
        read_plan(self.plan_files[1], "ke-hoach-300.xlsx")

    def run(self, rounds: int) -> list[Result]:
        cases: list[tuple[str, Case, Target]] = [
            ("Danh sách: đơn vị + trạng thái + thời hạn", self.list_filtered, PAGE),
            ("Danh sách của một đơn vị (trưởng đơn vị)", self.list_unit, PAGE),
            ("Danh sách, không lọc (Văn phòng)", self.list_all, PAGE),
            ("Tìm theo nội dung", self.search, PAGE),
            ("Trang nhiệm vụ", self.task_page, PAGE),
            ("Việc của tôi", self.my_work, PAGE),
            ("Tạo nhiệm vụ (POST)", self.create, Target(50)),
            ("Đọc kế hoạch 300 dòng (.docx)", self.read_word_plan, Target(2000, 2000)),
            ("Đọc kế hoạch 300 dòng (.xlsx)", self.read_excel_plan, Target(2000, 2000)),
            ("Thống kê một ngày (hàm)", self.stats_service, Target(500, 500)),
            ("Trang thống kê", self.stats_page, Target(500, 500)),
        ]
        return [_time(name, case, rounds, target) for name, case, target in cases]
