"""The API's task list against the page's, at volume (issue 23: "within 1.2× of the page's
time"): the same filter (a unit, a state, a deadline window) asked of both, one after the
other in each round, so that both are timed under the same load. The API's target is 1.2
times the page's median of the same run, and at most 10 ms (issue 26)."""

import time

from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from theodoi.api.tokens import token_create
from theodoi.bench.measure import LIST, Bench
from theodoi.bench.timing import Counter, Result, Target
from theodoi.tasks.models import State

API_LIST = "/api/v1/tasks/"
RATIO = 1.2  # issue 23: within 1.2 × the page
API_MS = 10.0  # issue 26: at least 3 × faster than the peer's JSON list


class ApiList:
    def __init__(self, bench: Bench) -> None:
        self.bench = bench
        moment = timezone.now().strftime("%Y%m%d%H%M%S%f")
        self.clients = []
        for user in bench.trackers:  # a token a day old at most, named by the run's moment
            made = token_create(actor=None, user=user, name=f"Đo {moment}", days=1)
            client = Client(headers={"Authorization": f"Bearer {made.secret}"})
            client.handler = bench.handler  # the middleware loaded once, as in a server
            self.clients.append(client)

    def api(self, i: int) -> None:
        unit = self.bench.units[i % len(self.bench.units)].code
        start, end = self.bench.window(i)
        params = {
            "unit": unit,
            "state": State.IN_PROGRESS.value,
            "deadline_from": start.isoformat(),
            "deadline_to": end.isoformat(),
        }
        response = self.clients[i % len(self.clients)].get(API_LIST, params)
        if response.status_code != 200:
            raise RuntimeError(f"{API_LIST} {params} → {response.status_code}")
        response.content  # noqa: B018 — made completely

    def run(self, rounds: int) -> list[Result]:
        page = self.bench.list_filtered
        with override_settings(THEODOI_API_PER_MINUTE=1_000_000):
            for i in range(3):  # warm-up
                page(i)
                self.api(i)
            counts = []
            for case in (page, self.api):
                counter = Counter()
                with connection.execute_wrapper(counter):
                    case(0)
                counts.append(counter.count)
            samples: tuple[list[float], list[float]] = ([], [])
            for i in range(rounds):
                for case, kept in ((page, samples[0]), (self.api, samples[1])):
                    start = time.perf_counter()
                    case(i)
                    kept.append((time.perf_counter() - start) * 1000)
        shown = Result("Danh sách lọc: trang (xen kẽ với API)", samples[0], counts[0], LIST)
        target = Target(min(API_MS, round(RATIO * shown.median, 1)))
        name = "API: danh sách lọc (≤ 10 ms, ≤ 1,2 × trang)"
        return [shown, Result(name, samples[1], counts[1], target)]
