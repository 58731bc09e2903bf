"""The HTTP load client: simulated people sending requests to the server, in a process of its
own (no Django here), printing what it measured as one line of JSON.

    python -m theodoi.bench.load_client PLAN.json --base http://127.0.0.1:PORT --users 50

Each simulated person is one signed-in account of the plan (`load_plan.py`) and works at a
steady pace: an action every `--interval` seconds on average (uniformly 0.5-1.5 times it, so
that people do not march in step), or at once when the last answer took longer than that. So
50 people ask for about 50 / interval requests a second, and an overloaded server shows as
fewer requests answered and longer times, not as a client that slows down politely. An action
is drawn from `DECK` (the shares of `MIX`): a write is two requests, its form (GET: the CSRF
token, the once-per-form token and the task's version as the page draws them) then the POST,
which must redirect to the task. Every request goes as through the reverse proxy of production:
`X-Forwarded-Proto: https` (gunicorn trusts it from 127.0.0.1), and `Origin` for a POST.
Requests of the first `--warmup` seconds are not counted; those started in the next
`--seconds` are, each timed from sending to the last byte of the answer.
"""

import argparse
import asyncio
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from typing import Any

import aiohttp

from theodoi.bench import cpu

# the kinds of action and their shares (issue 26): lists and searches 60 %, task pages 20 %,
# "Việc của tôi" and the dashboard 10 %, writes through the cycle 10 %
MIX = {"list": 35, "search": 25, "task": 20, "mine": 5, "dashboard": 5, "write": 10}
# each person draws its actions from a shuffled deck holding them in these shares, so that
# every 20 actions of a person hold each kind (a short run still asks for every kind)
DECK = [kind for kind, share in MIX.items() for _ in range(share // 5)]
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def form_values(page: str) -> dict[str, str]:
    """The value of each named input of the page (the first one of each name)."""
    values: dict[str, str] = {}
    for tag in INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            values.setdefault(attributes["name"], unescape(attributes.get("value", "")))
    return values


@dataclass
class Sample:
    kind: str
    status: int
    ms: float
    error: str = ""


@dataclass
class Person:
    plan: dict[str, Any]
    cookies: dict[str, str] = field(default_factory=dict)
    turn: int = 0
    deck: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cookies["sessionid"] = self.plan["session"]


class Run:
    def __init__(self, plan: list[dict[str, Any]], base: str, args: argparse.Namespace) -> None:
        self.people = [Person(p) for p in plan]
        self.base = base
        self.args = args
        self.samples: list[Sample] = []
        self.rng = random.Random(args.seed)
        self.start = 0.0
        self.counting_from = 0.0
        self.counting_to = 0.0
        self.cpu: list[cpu.Snapshot] = []  # at the start and the end of the counted seconds
        self.origin = "https://" + base.split("://", 1)[1].rstrip("/")

    async def request(
        self,
        http: aiohttp.ClientSession,
        person: Person,
        kind: str,
        url: str,
        data: dict[str, str] | None = None,
    ) -> tuple[int, str, str]:
        """Send one request as `person`; its answer's status, body and Location header."""
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in person.cookies.items()),
        }
        if data is not None:
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + url
        sent = time.monotonic()
        error = ""
        try:
            async with http.request(
                "POST" if data is not None else "GET",
                self.base + url,
                data=data,
                headers=headers,
                allow_redirects=False,
            ) as response:
                body = await response.text()
                status, location = response.status, response.headers.get("Location", "")
                for name, morsel in response.cookies.items():
                    if morsel.value and morsel["max-age"] != "0":
                        person.cookies[name] = morsel.value
                    else:
                        person.cookies.pop(name, None)
        except (TimeoutError, aiohttp.ClientError) as failure:
            status, body, location, error = 0, "", "", f"{type(failure).__name__}: {failure}"
        took = (time.monotonic() - sent) * 1000
        expected = 302 if data is not None else 200
        if not error and status != expected:
            error = f"{status} {location}".strip()
        if not error and data is not None and not re.search(person.plan["lands"], location):
            error = f"{status} → {location} (không tới trang nhiệm vụ)"
        if self.counting_from <= sent < self.counting_to:
            note = f"{kind} {url}: {error}" if error else ""
            self.samples.append(Sample(kind, status, took, note))
        return status, body, location

    async def write(self, http: aiohttp.ClientSession, person: Person) -> None:
        how, url = person.plan["writes"][person.turn % len(person.plan["writes"])]
        status, page, _ = await self.request(http, person, "write form", url)
        if status != 200:
            return
        values = form_values(page)
        data = {
            "csrfmiddlewaretoken": values.get("csrfmiddlewaretoken", ""),
            "form_token": values.get("form_token", ""),
        }
        n = self.rng.randrange(1_000_000)
        if how == "create":
            deadline = date.today() + timedelta(days=30 + n % 60)
            data.update(
                code=f"T{n}",
                content=f"Nhiệm vụ đo tải số {n}: tổng hợp báo cáo quý",
                leads="TST",
                coordinating="CSXH, CNTT",
                deadline=f"{deadline:%d/%m/%Y}",
                product="Báo cáo",
            )
        else:
            data.update(
                version=values.get("version", ""),
                note=f"Cập nhật tiến độ lần {n}: đã hoàn thành dự thảo",
                progress=str(10 + n % 80),
            )
        await self.request(http, person, "write", url, data)

    async def act(self, http: aiohttp.ClientSession, person: Person) -> None:
        plan = person.plan
        if not person.deck:
            person.deck = self.rng.sample(DECK, len(DECK))
        kind = person.deck.pop()
        if kind == "dashboard" and not plan["dashboards"]:
            kind = "mine"  # unit staff have no dashboard
        person.turn += 1
        if kind == "write":
            writer = person if plan["writes"] else self.people[plan["writer"]]
            await self.write(http, writer)
            return
        choices = {
            "list": plan["lists"],
            "search": plan["searches"],
            "task": plan["tasks"],
            "mine": [plan["mine"]],
            "dashboard": plan["dashboards"],
        }[kind]
        await self.request(http, person, kind, self.rng.choice(choices))

    async def live(self, http: aiohttp.ClientSession, person: Person) -> None:
        interval = self.args.interval
        next_at = self.start + self.rng.uniform(0, interval)
        while True:
            now = time.monotonic()
            if next_at > now:
                await asyncio.sleep(next_at - now)
            if time.monotonic() >= self.counting_to:
                return
            await self.act(http, person)
            next_at = max(next_at + self.rng.uniform(0.5, 1.5) * interval, time.monotonic())

    async def run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self.args.timeout)
        connector = aiohttp.TCPConnector(limit=0)
        jar = aiohttp.DummyCookieJar()  # cookies by hand: the server marks them Secure
        async with aiohttp.ClientSession(
            timeout=timeout, connector=connector, cookie_jar=jar
        ) as http:
            self.start = time.monotonic()
            self.counting_from = self.start + self.args.warmup
            self.counting_to = self.counting_from + self.args.seconds
            people = self.people[: self.args.users]
            await asyncio.gather(*(self.live(http, p) for p in people), self.watch())

    async def watch(self) -> None:
        """The processor's time at the start and the end of the counted seconds, when the
        server's master process is known (`--server-pid`)."""
        if not self.args.server_pid:
            return
        for moment in (self.counting_from, self.counting_to):
            await asyncio.sleep(max(0.0, moment - time.monotonic()))
            self.cpu.append(cpu.snapshot(self.args.server_pid))


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def summary(run: Run) -> dict[str, Any]:
    samples = run.samples
    ordered = sorted(s.ms for s in samples)
    kinds: dict[str, dict[str, Any]] = {}
    for kind in sorted({s.kind for s in samples}):
        times = sorted(s.ms for s in samples if s.kind == kind)
        failed = sum(1 for s in samples if s.kind == kind and s.error)
        kinds[kind] = {
            "count": len(times),
            "errors": failed,
            "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95),
        }
    errors = [s.error for s in samples if s.error]
    return {
        "users": run.args.users,
        "seconds": run.args.seconds,
        "requests": len(samples),
        "per_second": len(samples) / run.args.seconds,
        "p50": percentile(ordered, 0.5),
        "p95": percentile(ordered, 0.95),
        "p99": percentile(ordered, 0.99),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:20],
        "kinds": kinds,
        "cpu": cpu.usage(run.cpu[0], run.cpu[-1], len(samples)) if len(run.cpu) == 2 else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m theodoi.bench.load_client")
    parser.add_argument("plan", help="the plan's JSON file (load_plan.py)")
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--interval", type=float, default=0.4, help="seconds between actions")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--server-pid", type=int, default=0, help="gunicorn's master process")
    args = parser.parse_args()
    with open(args.plan, encoding="utf-8") as file:
        plan = json.load(file)
    if args.users > len(plan):
        print(f"Kế hoạch chỉ có {len(plan)} người, ít hơn {args.users}.", file=sys.stderr)
        return 2
    run = Run(plan, args.base.rstrip("/"), args)
    asyncio.run(run.run())
    print(json.dumps(summary(run), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
