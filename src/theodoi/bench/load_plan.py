"""What the HTTP load test asks for, written by the bench (Django side) for the load client.

The client (`load_client.py`, a process of its own without Django) gets a plan in JSON: for
each simulated person a session cookie and the addresses it may open. The sessions are made
here, server-side, as `Client.force_login` makes them (the person's id, backend and password
hash in a database session): signing in through the sign-in page would need each
administrator's, leader's and Office member's authenticator code (the second factor), and the
sign-in is not what is measured. Everything after that goes over HTTP as a browser sends it:
the session cookie, the CSRF cookie and token the pages draw, the once-per-form token
(`core/once.py`) and the task's version read from the form before each write.
"""

import random
import re
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from itertools import cycle

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse
from django.utils.module_loading import import_string

from theodoi.accounts.models import Role, User
from theodoi.bench.measure import Bench
from theodoi.core import sessions
from theodoi.organisation.models import UnitKind
from theodoi.tasks import links
from theodoi.tasks.cycle import Act
from theodoi.tasks.models import Document, Origin, State, Task

# the role of each simulated person in turn: every role, in about the proportions of the
# bench's people who use the site most (the Office and unit staff)
ROLES = [Role.TRACKER, Role.UNIT_STAFF, Role.UNIT_HEAD, Role.UNIT_STAFF, Role.LEADER]
BACKEND = "theodoi.accounts.backends.UserWithUnitBackend"
TASKS_EACH = 20  # task pages each person opens in turn (their unit's, or any for the Office)


@dataclass
class Person:
    username: str
    role: str
    session: str
    lists: list[str]
    searches: list[str]
    tasks: list[str]
    mine: str
    dashboards: list[str]
    # a write: ["create", form url] (the Office) or ["progress", form url] (the lead unit);
    # a leader's writes go through the Office member `writer` (its index in the plan)
    writes: list[list[str]] = field(default_factory=list)
    # where a write must land: a task's page, as a pattern (the new task's id is not known)
    lands: str = ""
    writer: int | None = None


def _session(user: User) -> str:
    """A signed-in session for `user`, saved in the database the server reads."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[sessions.KEY] = int(time.time())
    store.create()
    return str(store.session_key)


def _lists(today: date, unit_id: int | None, i: int) -> list[str]:
    """Filtered lists (a unit, a state, a deadline window), a unit's working list, and the
    first pages of the whole list, as `measure.Bench` asks for them."""
    urls = []
    for k in range(6):
        start = today - timedelta(days=60 * ((i + k) % 12))
        end = start + timedelta(days=90)
        urls.append(
            links.task_list_url(
                unit_id=unit_id, states=[State.IN_PROGRESS], due_from=start, due_to=end
            )
        )
        states = [State.IN_PROGRESS, State.ASSIGNED]
        urls.append(links.task_list_url(states=states, due_from=start, due_to=end))
        urls.append(f"{links.task_list_url()}?{links.PAGE}={1 + k % 5}")
    return urls


class Planner:
    def __init__(self, today: date, seed: int = 26) -> None:
        self.today = today
        self.rng = random.Random(seed)
        bench = "bench."
        by_role = {
            Role.TRACKER: f"{bench}theodoi.",
            Role.LEADER: f"{bench}lanhdao.",
            Role.UNIT_HEAD: f"{bench}truong.",
            Role.UNIT_STAFF: f"{bench}cv.",
        }
        # unit people whose unit leads tasks in progress (their writes are progress reports)
        working = Task.objects.filter(state=State.IN_PROGRESS, lead_unit__isnull=False)
        self.in_progress: dict[int, list[int]] = {}
        for task_id, unit_id in working.values_list("id", "lead_unit_id").order_by("id"):
            self.in_progress.setdefault(unit_id, []).append(task_id)
        kinds = [UnitKind.CENTRAL, UnitKind.PROVINCE]
        self.people: dict[str, list[User]] = {}
        for role, prefix in by_role.items():
            users = User.objects.filter(username__startswith=prefix).select_related("unit")
            if role in (Role.UNIT_HEAD, Role.UNIT_STAFF):
                users = users.filter(unit__kind__in=kinds, unit_id__in=list(self.in_progress))
            self.people[role] = list(users.order_by("id"))
        self.all_ids = list(Task.objects.values_list("id", flat=True))
        internal = Document.objects.filter(origin=Origin.INTERNAL).order_by("-id")
        self.documents = list(internal.values_list("id", flat=True)[:50])
        self.taken: dict[int, int] = {}  # per unit: how many people already write on its tasks
        self.chosen: dict[str, int] = {}  # per role: how many people already planned

    def person(self, i: int, role: str) -> Person:
        pool, n = self.people[role], self.chosen.get(role, 0)
        self.chosen[role] = n + 1
        user = pool[n % len(pool)]
        unit_id = user.unit_id if role in (Role.UNIT_HEAD, Role.UNIT_STAFF) else None
        if unit_id is not None:
            own = Task.objects.filter(lead_unit_id=unit_id).values_list("id", flat=True)
            task_ids = list(own.order_by("?")[:TASKS_EACH])
        else:
            task_ids = [self.rng.choice(self.all_ids) for _ in range(TASKS_EACH)]
        person = Person(
            username=user.username,
            role=role,
            session=_session(user),
            lists=_lists(self.today, unit_id or self.rng.choice(list(self.in_progress)), i),
            searches=[links.task_list_url(q=term) for term in Bench.TERMS],
            tasks=[reverse("tasks:detail", args=[pk]) for pk in task_ids],
            mine=reverse("tasks:mine"),
            lands=task_page_pattern(),
            dashboards=[
                f"{reverse('monitoring:dashboard')}?goc_nhin={view}" for view in ("agency", "unit")
            ]
            if role != Role.UNIT_STAFF  # staff have no dashboard: their 5 % is "Việc của tôi"
            else [],
        )
        if role == Role.TRACKER:
            documents = self.documents[i % len(self.documents) :] + self.documents
            person.writes = [
                ["create", reverse("tasks:task_create", args=[pk])] for pk in documents[:5]
            ]
        elif unit_id is not None:
            # the unit's tasks in progress, shared out among its people so that no two
            # simulated people report on the same task (the version check would refuse one)
            mine, others = self.taken.get(unit_id, 0), 4
            self.taken[unit_id] = mine + 1
            own_tasks = self.in_progress[unit_id][mine::others][:5]
            person.writes = [
                ["progress", reverse("tasks:act", args=[pk, Act.PROGRESS])] for pk in own_tasks
            ]
        return person

    def plan(self, people: int) -> list[Person]:
        """`people` simulated people, the roles in turn; leaders write through an Office
        member of the plan (a leader's own steps need results waiting for them)."""
        planned = [self.person(i, role) for i, role in zip(range(people), cycle(ROLES))]
        trackers = [i for i, p in enumerate(planned) if p.role == Role.TRACKER]
        for p in planned:
            if not p.writes:
                p.writer = trackers[len(p.username) % len(trackers)]
        return planned


def task_page_pattern() -> str:
    """A task's page as a regular expression, from the address the site gives task 9999."""
    return re.escape(reverse("tasks:detail", args=[9999])).replace("9999", r"\d+") + "$"


def make_plan(today: date, people: int) -> list[dict[str, object]]:
    return [asdict(p) for p in Planner(today).plan(people)]
