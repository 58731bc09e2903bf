"""A realistic volume for `make bench`: units, people, documents and tasks over five years.

Written with `bulk_create` (the cycle's services would take hours at this volume), but shaped
like what the services leave behind: each task's state follows its age, a finished task has
the dates and history spans a finished task has, extensions keep the first deadline, plan
tasks for all provinces fan out into 34 children. The demo data is loaded first, so the demo
accounts can sign in to the bench database.
"""

import importlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from theodoi.accounts.models import Role, User, UserRole
from theodoi.core.text import fold
from theodoi.demo.services import load_demo
from theodoi.organisation.models import Unit, UnitKind
from theodoi.organisation.selectors import units_active_on
from theodoi.tasks.facts import UNCOUNTED as UNCOUNTED_STATES
from theodoi.tasks.models import (
    NO_DEADLINE,
    Document,
    DocumentKind,
    EventKind,
    Origin,
    State,
    Task,
    TaskCoordination,
    TaskEvent,
    TaskFact,
)
from theodoi.tasks.search import indexed_text
from theodoi.workcalendar.services import get_calendar

# the statement that writes every task's units beside its words (docs/adr/0038)
UNIT_WORDS: Any = importlib.import_module("theodoi.tasks.migrations.0026_unit_words_postgresql")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 5000

VERBS = [
    "Xây dựng", "Triển khai", "Tổ chức", "Rà soát", "Đôn đốc", "Hoàn thiện", "Kiểm tra",
    "Tổng hợp báo cáo", "Nghiên cứu, đề xuất", "Hướng dẫn", "Sửa đổi, bổ sung", "Đánh giá",
]  # fmt: skip
OBJECTS = [
    "thủ tục hành chính về thu bảo hiểm xã hội", "cơ sở dữ liệu quốc gia về bảo hiểm",
    "chính sách bảo hiểm xã hội tự nguyện", "dịch vụ công trực tuyến mức độ toàn trình",
    "giám định chi phí khám chữa bệnh bảo hiểm y tế", "quy trình cấp sổ bảo hiểm xã hội",
    "kế hoạch cải cách hành chính", "hệ thống thông tin giám định", "công tác truyền thông",
    "chi trả lương hưu qua tài khoản cá nhân", "đối thoại với doanh nghiệp",
    "phòng, chống gian lận, trục lợi quỹ", "ứng dụng VssID", "quy chế phối hợp liên ngành",
    "số hóa hồ sơ lưu trữ", "đào tạo, bồi dưỡng công chức", "thanh tra chuyên ngành đóng",
]  # fmt: skip
PLACES = [
    "toàn Ngành", "tại các tỉnh miền núi phía Bắc", "tại Đồng bằng sông Cửu Long",
    "ở Trung ương", "theo Nghị quyết của Chính phủ", "theo chỉ đạo của Thủ tướng",
    "trong khu vực doanh nghiệp", "đối với người lao động tự do", "",
]  # fmt: skip
PRODUCTS = ["Báo cáo", "Kế hoạch", "Quyết định", "Công văn hướng dẫn", "Đề án", "Tờ trình"]
ISSUERS = {
    Origin.GOVERNMENT: ("Chính phủ", "NQ-CP", DocumentKind.RESOLUTION),
    Origin.MINISTRY: ("Bộ Tài chính", "BTC-VP", DocumentKind.OFFICIAL_LETTER),
    Origin.INTERNAL: ("Bảo hiểm xã hội Việt Nam", "KH-BHXH", DocumentKind.PLAN),
}


@dataclass
class Volume:
    tasks: int = 200_000
    units: int = 100
    users: int = 2_000
    first_day: date = date(2022, 1, 4)
    today: date = date(2026, 11, 22)
    seed: int = 1142


@dataclass
class Counts:
    units: int = 0
    users: int = 0
    documents: int = 0
    tasks: int = 0
    events: int = 0
    facts: int = 0
    coordinations: int = 0


def _moment(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN)


def _ensure_units(volume: Volume, today: date) -> list[Unit]:
    """Top up the registry with district offices until `volume.units` units are active."""
    active = list(units_active_on(today).exclude(kind=UnitKind.EXTERNAL))
    provinces = [u for u in active if u.kind == UnitKind.PROVINCE]
    missing = volume.units - len(active)
    extra = [
        Unit(
            code=f"BENCH-{i:03d}",
            name=f"Bảo hiểm xã hội cơ sở số {i}",
            short_name=f"BHXH cơ sở {i}",
            kind=UnitKind.GRASSROOTS,
            parent=provinces[i % len(provinces)],
        )
        for i in range(max(missing, 0))
    ]
    Unit.objects.bulk_create(extra)
    return list(units_active_on(today).exclude(kind=UnitKind.EXTERNAL))


def _people(volume: Volume, units: list[Unit], rng: random.Random) -> dict[str, list[User]]:
    """Leaders, trackers, and per unit a head and staff, up to `volume.users` accounts."""
    secret = make_password("bench-mat-khau-0001")
    office = next(u for u in units if u.code == "VP")
    leadership = next(u for u in units if u.kind == UnitKind.LEADERSHIP)
    plan: list[tuple[str, Unit, str]] = [(Role.LEADER, leadership, "lanhdao")] * 8
    plan += [(Role.TRACKER, office, "theodoi")] * 20
    plan += [(Role.UNIT_HEAD, unit, "truong") for unit in units]
    room = max(volume.users - User.objects.count() - len(plan), 0)
    plan += [(Role.UNIT_STAFF, rng.choice(units), "cv") for _ in range(room)]
    users = [
        User(
            username=f"bench.{label}.{i}",
            full_name=f"Người dùng thử {i}",
            password=secret,
            unit=unit,
        )
        for i, (_role, unit, label) in enumerate(plan)
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    users = list(User.objects.filter(username__startswith="bench.").order_by("id"))
    UserRole.objects.bulk_create(
        [UserRole(user=u, role=role) for u, (role, _unit, _l) in zip(users, plan, strict=True)],
        batch_size=BATCH,
    )
    by_role: dict[str, list[User]] = {}
    for user, (role, _unit, _label) in zip(users, plan, strict=True):
        by_role.setdefault(role, []).append(user)
    return by_role


class Maker:
    """Builds documents and tasks in memory, flushing them in batches."""

    def __init__(self, volume: Volume, units: list[Unit], people: dict[str, list[User]]) -> None:
        self.v = volume
        self.rng = random.Random(volume.seed)
        self.calendar = get_calendar()
        self.internal: dict[date, date] = {}
        self.units = units
        self.leads = [u for u in units if u.kind != UnitKind.LEADERSHIP]
        self.weights = [5 if u.kind == UnitKind.CENTRAL else 1 for u in self.leads]
        self.provinces = [u for u in units if u.kind == UnitKind.PROVINCE]
        self.leaders = people[Role.LEADER]
        self.head = {u.unit_id: u for u in people[Role.UNIT_HEAD]}
        self.staff: dict[int, list[User]] = {}
        for user in people[Role.UNIT_STAFF]:
            if user.unit_id is not None:
                self.staff.setdefault(user.unit_id, []).append(user)
        self.counts = Counts(units=len(units), users=User.objects.count())

    def internal_of(self, deadline: date) -> date:
        if deadline not in self.internal:
            self.internal[deadline] = self.calendar.add_working_days(deadline, -1)
        return self.internal[deadline]

    def documents(self) -> Iterator[tuple[Document, int]]:
        """Documents spread over the years, each with how many tasks it gives."""
        span = (self.v.today - self.v.first_day).days
        made = 0
        number = 0
        while made < self.v.tasks:
            number += 1
            origin = self.rng.choices(list(ISSUERS), weights=[3, 2, 5])[0]
            issuer, suffix, kind = ISSUERS[origin]
            issued = self.v.first_day + timedelta(days=self.rng.randrange(span))
            size = min(self.rng.choice([1, 3, 8, 20, 45, 90]), self.v.tasks - made)
            doc = Document(
                kind=kind,
                number=f"{number}/{suffix}",
                issued_on=issued,
                issuer=issuer,
                summary=f"{self.rng.choice(VERBS)} {self.rng.choice(OBJECTS)} năm {issued.year}",
                origin=origin,
                registered_at=_moment(issued, 8),
            )
            doc.search_text = fold(f"{doc.number} {doc.summary} {issuer}")
            made += size
            yield doc, size

    def content(self, year: int) -> str:
        parts = [self.rng.choice(VERBS), self.rng.choice(OBJECTS), self.rng.choice(PLACES)]
        return " ".join(p for p in parts if p) + f" năm {year}"

    def task(self, doc: Document, code: str, lead: Unit, parent: Task | None = None) -> Task:
        rng = self.rng
        assigned = doc.issued_on + timedelta(days=rng.randrange(1, 12))
        deadline = (
            None if rng.random() < 0.08 else assigned + timedelta(days=rng.randrange(15, 200))
        )
        content = parent.content if parent else self.content(doc.issued_on.year)
        task = Task(
            document=doc,
            parent=parent,
            code=code,
            content=content,
            product=rng.choice(PRODUCTS),
            lead_unit=lead,
            leader=rng.choice(self.leaders),
            assigned_on=assigned,
            must_report=doc.origin != Origin.INTERNAL,
            update_period="" if deadline else "quarter",
            created_at=_moment(doc.issued_on, 10),
        )
        if deadline is not None:
            task.deadline = task.original_deadline = deadline
            task.internal_deadline = task.original_internal_deadline = self.internal_of(deadline)
        self._fate(task, doc)
        task.search_text = indexed_text(
            " ".join([code, content, task.product, doc.number, lead.code, lead.short_name])
        )
        return task

    def _fate(self, task: Task, doc: Document) -> None:
        """The state a task of this age has reached, with the dates that come with it."""
        rng, today = self.rng, self.v.today
        assigned = task.assigned_on
        assert assigned is not None
        if assigned > today:
            task.state, task.assigned_on = State.PROPOSED, None
            return
        due = task.internal_deadline or assigned + timedelta(days=120)
        if rng.random() < 0.03:
            task.state = rng.choice([State.CANCELLED, State.SUSPENDED])
            return
        if task.deadline and rng.random() < 0.06:  # an approved extension
            task.deadline = task.deadline + timedelta(days=rng.randrange(10, 60))
            task.internal_deadline = self.internal_of(task.deadline)
        finish = due + timedelta(days=rng.randrange(-40, 25))
        finish = max(finish, assigned + timedelta(days=3))
        if finish < today - timedelta(days=10) and rng.random() < 0.93:
            task.state, task.progress = State.DONE, 100
            task.unit_done_on = finish
            task.agency_done_on = finish + timedelta(days=rng.randrange(1, 8))
            task.result = "Đã hoàn thành, gửi kèm báo cáo."
            if doc.origin != Origin.INTERNAL:
                task.report_number = f"{rng.randrange(100, 9000)}/BC-BHXH"
                task.report_channel = "Văn bản giấy và Hệ thống quản lý văn bản"
            return
        task.state = rng.choices(
            [State.ASSIGNED, State.IN_PROGRESS, State.RETURNED, State.SUBMITTED, State.CHECKED,
             State.APPROVED],
            weights=[8, 70, 2, 10, 5, 5],
        )[0]  # fmt: skip
        task.progress = rng.randrange(0, 95, 5) if task.state == State.IN_PROGRESS else 0
        if task.state in (State.SUBMITTED, State.CHECKED, State.APPROVED):
            task.unit_done_on = min(finish, today)
        if task.state == State.APPROVED and doc.origin == Origin.INTERNAL:
            task.state, task.agency_done_on = State.DONE, min(finish, today)

    def fan_out(self, parent: Task, doc: Document) -> list[Task]:
        """A plan task for every province: the parent waits, each province has its child."""
        parent.lead_unit, parent.lead_text, parent.fanned_out = None, "@PROVINCES", True
        parent.state, parent.unit_done_on, parent.agency_done_on = State.FANNED_OUT, None, None
        parent.progress, parent.result, parent.report_number, parent.report_channel = 0, "", "", ""
        return [self.task(doc, parent.code, province, parent) for province in self.provinces]

    def history(self, task: Task, office: User) -> tuple[list[TaskEvent], list[TaskFact]]:
        """The timeline and statistics spans the cycle's services would have written."""
        head = self.head.get(task.lead_unit_id or 0, office)
        steps: list[tuple[date, User, str, str]] = [(task.created_at.date(), office, "create", "")]
        if task.assigned_on:
            steps += [
                (task.assigned_on, task.leader or office, EventKind.ASSIGN, "Giao thực hiện.")
            ]
            if task.state not in (State.ASSIGNED, State.FANNED_OUT):
                steps += [(task.assigned_on + timedelta(days=2), head, EventKind.ACCEPT, "")]
        if task.unit_done_on:
            steps += [(task.unit_done_on, head, EventKind.SUBMIT, "Gửi kết quả về Văn phòng.")]
        if task.agency_done_on:
            steps += [(task.agency_done_on, office, EventKind.REPORT, task.report_number)]
        events = [
            TaskEvent(
                task=task,
                at=_moment(day),
                actor=actor,
                actor_label=actor.full_name,
                unit_id=task.lead_unit_id,
                action=action,
                note=note,
            )
            for day, actor, action, note in steps
        ]
        facts: list[TaskFact] = []
        if task.assigned_on and task.lead_unit_id and task.state not in UNCOUNTED_STATES:
            base = {
                "task": task,
                "lead_unit_id": task.lead_unit_id,
                "deadline": task.original_deadline,
                "internal_deadline": task.original_internal_deadline,
                "document_id": task.document_id,
                "leader_id": task.leader_id,
            }
            starts: list[tuple[date, date | None, date | None]] = [(task.assigned_on, None, None)]
            if task.unit_done_on:
                starts.append((task.unit_done_on, task.unit_done_on, None))
            if task.agency_done_on:
                starts.append((task.agency_done_on, task.unit_done_on, task.agency_done_on))
            starts = [s for i, s in enumerate(starts) if i == 0 or s[0] > starts[i - 1][0]]
            for i, (start, unit_done, agency_done) in enumerate(starts):
                end = starts[i + 1][0] if i + 1 < len(starts) else None
                facts.append(
                    TaskFact(
                        valid_from=start,
                        valid_to=end,
                        unit_done_on=unit_done,
                        agency_done_on=agency_done,
                        **base,
                    )
                )
        return events, facts

    def coordination(self, task: Task) -> list[TaskCoordination]:
        """With the copies of the task's state, deadline, due order and lead unit that the
        triggers of migrations tasks/0007, 0021 and 0023 would write: on PostgreSQL the load
        runs with triggers off (`generate`)."""
        count = self.rng.choices([0, 1, 2, 3], weights=[4, 3, 2, 1])[0]
        others = {u.pk for u in self.rng.sample(self.leads, count)} - {task.lead_unit_id}
        return [
            TaskCoordination(
                task=task,
                unit_id=pk,
                task_state=task.state,
                task_deadline=task.deadline,
                task_due_order=task.internal_deadline or NO_DEADLINE,
                task_lead_unit_id=task.lead_unit_id,
            )
            for pk in sorted(others)
        ]

    def assignees(self, task: Task) -> list[Any]:  # rows of the unnamed through table
        staff = self.staff.get(task.lead_unit_id or 0)
        if not staff or task.state in (State.ASSIGNED, State.PROPOSED, State.FANNED_OUT):
            return []
        link = Task.assignees.through
        return [link(task=task, user=user) for user in self.rng.sample(staff, min(2, len(staff)))]

    def flush(self, batch: list[tuple[Document, int]], office: User) -> None:
        """Write a batch of documents with their tasks, children, timelines and spans."""
        Document.objects.bulk_create([doc for doc, _size in batch])
        tops: list[Task] = []
        fanned: list[tuple[Task, Document]] = []
        for doc, size in batch:
            room = size
            for i in range(1, size + 1):
                lead = self.rng.choices(self.leads, weights=self.weights)[0]
                task = self.task(doc, str(i), lead)
                room -= 1
                if room >= 34 and doc.origin == Origin.INTERNAL and self.rng.random() < 0.05:
                    fanned.append((task, doc))
                    room -= 34
                tops.append(task)
                if room <= 0:
                    break
        children = [kid for parent, doc in fanned for kid in self.fan_out(parent, doc)]
        Task.objects.bulk_create(tops, batch_size=BATCH)
        Task.objects.bulk_create(children, batch_size=BATCH)
        tasks = tops + children
        events: list[TaskEvent] = []
        facts: list[TaskFact] = []
        coordinations: list[TaskCoordination] = []
        links: list[Any] = []
        for task in tasks:
            made_events, made_facts = self.history(task, office)
            events += made_events
            facts += made_facts
            coordinations += self.coordination(task)
            links += self.assignees(task)
        TaskEvent.objects.bulk_create(events, batch_size=BATCH)
        TaskFact.objects.bulk_create(facts, batch_size=BATCH)
        TaskCoordination.objects.bulk_create(coordinations, batch_size=BATCH)
        Task.assignees.through.objects.bulk_create(links, batch_size=BATCH)
        c = self.counts
        c.documents += len(batch)
        c.tasks += len(tasks)
        c.events += len(events)
        c.facts += len(facts)
        c.coordinations += len(coordinations)


def generate(volume: Volume, password: str) -> Counts:
    """Load the demo, then add people, documents and tasks up to `volume` (one transaction)."""
    load_demo(password)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A bulk load: the rows are made consistent by construction, and checking millions
            # of deferred foreign keys at COMMIT one by one would take longer than the load.
            # This turns every trigger off, so what they keep is written here too (the
            # coordination rows' copies of their task's state and deadline, and at the end
            # each task's units beside its words).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        units = _ensure_units(volume, volume.today)
        people = _people(volume, units, random.Random(volume.seed))
        maker = Maker(volume, units, people)
        office = people[Role.TRACKER][0]
        batch: list[tuple[Document, int]] = []
        for item in maker.documents():
            batch.append(item)
            if sum(size for _doc, size in batch) >= 10_000:
                maker.flush(batch, office)
                batch = []
        if batch:
            maker.flush(batch, office)
        if connection.vendor == "postgresql":  # each task's units beside its words (ADR 0038)
            with connection.cursor() as cursor:
                cursor.execute(UNIT_WORDS.FILL)
    maker.counts.tasks = Task.objects.count()
    maker.counts.users = User.objects.count()
    return maker.counts
