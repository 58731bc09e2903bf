"""Fixtures shared by every app's tests."""

import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.db import connection, connections, models, transaction
from django.db.models import Q
from django.test import Client, override_settings

from theodoi.accounts.models import Role, User
from theodoi.accounts.tests.factories import TEST_PASSWORD, UserFactory
from theodoi.core import once
from theodoi.core.tests import flushing, rowcopy
from theodoi.demo.tests.copies import copy_demo
from theodoi.organisation.loading import load_units
from theodoi.organisation.models import Unit
from theodoi.organisation.tests.factories import UnitFactory

T = TypeVar("T")
SAMPLE_UNITS = Path(__file__).parent / "demo" / "data" / "units.csv"


Rows = list[tuple[type[models.Model], list[list[Any]]]]  # a table's rows (core/tests/rowcopy.py)


@pytest.fixture(scope="session")
def sample_registry(django_db_setup: None, django_db_blocker) -> Rows:
    """Every row the real (audited) loader writes for the sample registry into an empty
    database: units, aliases, successions, change records. Loaded once per session in a
    transaction that is then rolled back, so the test database stays empty for tests that do
    not ask for the registry; `sample_units` copies these rows into each test that does."""
    tables = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    with django_db_blocker.unblock(), transaction.atomic():
        before = {model: list(model._base_manager.values_list("pk", flat=True)) for model in tables}
        load_units(SAMPLE_UNITS.read_bytes(), actor_label="test")
        written: Rows = []
        for model in tables:
            rows = rowcopy.read(model, ~Q(pk__in=before[model]))
            if rows:
                written.append((model, rows))
        transaction.set_rollback(True)
    return written


@pytest.fixture
def sample_units(db: None, sample_registry: Rows) -> dict[str, Unit]:
    """The sample registry (demo/data/units.csv) as the real loader writes it: its rows copied
    from `sample_registry` with their ids, a few INSERTs instead of ~0.3 s of loading."""
    return copy_registry(sample_registry)


def copy_registry(sample_registry: Rows) -> dict[str, Unit]:
    """`sample_units` for a fixture of a wider scope, which cannot ask for it. Plain INSERTs:
    `bulk_create` of the same rows took 12 ms on SQLite and 24 on PostgreSQL, in ~1,500
    tests of each suite."""
    with transaction.atomic():  # foreign keys are checked at the end (a unit's parent)
        for model, rows in sample_registry:
            rowcopy.insert(model, rows)
    # (a test with reset_sequences starts at 1: the copy's ids must not be given again)
    rowcopy.continue_sequences([model for model, _ in sample_registry])
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture(scope="module")
def module_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo (its copy: demo/tests/copies.py, the people's password `TEST_PASSWORD`)
    written once for a test module, in a transaction rolled back after its last test. What
    each test writes is undone after it, by its own savepoint, as when it copied the demo for
    itself; the module's other tests cannot start from an empty database."""
    with undone_after_module(django_db_blocker):
        copy_demo(TEST_PASSWORD)
        yield


@contextmanager
def undone_after_module(django_db_blocker: Any) -> Iterator[None]:
    """The database open for a module-scoped fixture's rows, in a transaction rolled back
    when the module's last test ends. Each test still runs in its own savepoint inside it,
    so what a test writes is undone before the next (docs/testing.md, "Rows made once per
    module")."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def with_token(who: User | Client, data: dict[str, Any]) -> dict[str, Any]:
    """The POST of a form that creates something, with the one-time token its page carries
    (`core/once.py`) for `who` (a person, or a test client signed in as one)."""
    user_id = who.pk if isinstance(who, User) else int(who.session[SESSION_KEY])
    return {once.FIELD: once.new_token(user_id), **data}


# what a test asks for to reach the database (pytest-django's own fixtures and marker)
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def reaches_database(item: pytest.Item) -> bool:
    """Whether the test can open the test database: by the marker, by one of pytest-django's
    fixtures, or through one of ours that unblocks it itself (`module_demo`)."""
    if item.get_closest_marker("django_db") or getattr(item, "cls", None) is not None:
        return True  # a test class (Django's TestCase) reaches it through its own setup
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    for name, definitions in info.name2fixturedefs.items():
        if name in DATABASE_FIXTURES:
            return True
        for definition in definitions:
            module = getattr(definition.func, "__module__", "")
            if "django_db_blocker" in definition.argnames and module.startswith("theodoi"):
                return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, a test that cannot open the database is left out: it gives the answer
    it gives in the SQLite suite beside (docs/testing.md, "Both databases at once")."""
    if connection.vendor != "postgresql":
        return
    kept: list[pytest.Item] = []
    left: list[pytest.Item] = []
    for item in items:
        (kept if reaches_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing() -> Iterator[None]:
    """MD5 instead of PBKDF2's million rounds (0.3-0.4 s a password here), for the whole
    session: a function's setting does not reach the fixtures that outlive one test, such as
    a module's copy of the demo, which took 29 s to give the demo's people their password."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def flush_without_migrate_rows() -> Iterator[None]:
    """A test that commits is undone without writing back the content types and permissions
    that `flush` would empty (core/tests/flushing.py)."""
    flushing.install()
    yield
    flushing.uninstall()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """A user of `unit` (by code; the sample's unit if loaded, else a minimal one)."""

    def make(*roles: str, unit: str = "VP", **fields: object) -> User:
        return UserFactory.create(roles=list(roles), unit=UnitFactory.create(code=unit), **fields)

    return make


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN)


class Inbox:
    """What a real SMTP server on 127.0.0.1 received (aiosmtpd), or the answer it gives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = ""  # e.g. "451 4.3.0 Try again later": refuse every recipient
        self.refused: set[str] = set()  # addresses refused with "550 5.1.1"
        self.connections: set[object] = set()  # the peers (address, port) that sent mail
        self.arrived = threading.Condition()  # notified as each message arrives

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        if address in self.refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.connections.add(session.peer)
        with self.arrived:
            self.messages.append(message_from_bytes(envelope.content, policy=email_policy.default))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:
        """The messages once `count` have arrived (mail sent by another thread), or as many
        as arrived within `timeout` seconds."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1, and the settings that send mail to it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_down(settings) -> None:
    """Mail settings naming a port on 127.0.0.1 where no server listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_TIMEOUT = 5


@contextmanager
def database_for_threads(folder: Path) -> Iterator[None]:
    """New connections (other threads) open the test database as the site would: PostgreSQL
    as it is; SQLite's in-memory test database copied to a file (WAL, BEGIN IMMEDIATE, a busy
    timeout), because threads sharing an in-memory database get no busy waiting."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    target = sqlite3.connect(folder / "theodoi.sqlite3")
    connection.connection.backup(target)
    # in WAL already, as the site's file is from its first connection: else the threads'
    # first connections each switch it at once, and one is refused "database is locked"
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    shared = connections.settings["default"]
    name, shared["NAME"] = shared["NAME"], str(folder / "theodoi.sqlite3")
    try:
        yield
    finally:
        shared["NAME"] = name


def in_threads(*jobs: Callable[[], T]) -> list[T]:
    """Run the jobs in threads released at the same moment; their results, in order (the
    first job that failed raises its exception here, once every thread has finished)."""
    results: dict[int, T] = {}
    failures: list[Exception] = []
    barrier = threading.Barrier(len(jobs))

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = jobs[i]()
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [results[i] for i in range(len(jobs))]


PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))


def postgres_url(name: str) -> str:
    """The test server's DATABASE_URL (scripts/with-postgres.sh) naming database `name`; the
    PostgreSQL programs take it as their -d."""
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


@pytest.fixture
def new_postgres_database() -> Iterator[str]:
    """A database just made by `createdb` in the test's PostgreSQL server (no tables), as the
    DATABASE_URL that names it; dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("cần PostgreSQL (scripts/with-postgres.sh)")
    name = f"theodoi_new_{secrets.token_hex(4)}"
    server = postgres_url("postgres")
    subprocess.run([PGBIN / "createdb", "--maintenance-db", server, name], check=True)
    yield postgres_url(name)
    subprocess.run([PGBIN / "dropdb", "--maintenance-db", server, "--force", name], check=True)


@pytest.fixture(scope="session")
def migrated_sqlite(django_db_setup: None, django_db_blocker, tmp_path_factory) -> Path | None:
    """SQLite: a file copy of the in-memory test database as `migrate` made it, taken once
    before any test's transaction holds its write lock. PostgreSQL: None."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("migrated") / "theodoi.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
    return path


@pytest.fixture
def migrated_database_url(db: None, migrated_sqlite: Path | None, tmp_path: Path) -> str:
    """A DATABASE_URL another process (the `theodoi` command run for real) opens, holding what
    `migrate` made, in a moment instead of a `migrate` of its own (~15 s): on PostgreSQL the
    session's test database, where the test's own rows are never committed, so it is for
    commands that write nothing; on SQLite a copy of `migrated_sqlite` of the test's own."""
    if migrated_sqlite is None:
        return postgres_url(str(connection.settings_dict["NAME"]))
    copy = tmp_path / "migrated.sqlite3"
    shutil.copyfile(migrated_sqlite, copy)
    return f"sqlite:///{copy}"


class Race:
    """Two writes made to meet at the database's constraint, on PostgreSQL: the first writes in
    a transaction held open until the second has passed its checks (the test installs a hook in
    the second's path that calls `passed()`), so the second cannot see the first's row and
    finds it only when its own write waits for the first to commit. (SQLite lets one writer in
    at a time, BEGIN IMMEDIATE: there the second always checks after the first committed.)"""

    def __init__(self) -> None:
        self.written, self.checked = threading.Event(), threading.Event()

    def passed(self) -> None:
        if threading.current_thread().name == "second":
            self.checked.set()

    def run(self, first: Callable[[], T], second: Callable[[], T]) -> tuple[T, T]:
        def hold_open() -> T:
            with transaction.atomic():
                result = first()
                self.written.set()
                if not self.checked.wait(30):
                    raise TimeoutError("the second write never passed its checks")
            return result

        def after_write() -> T:
            if not self.written.wait(30):
                raise TimeoutError("the first write never happened")
            return second()

        done: dict[str, T] = {}
        failed: list[Exception] = []

        def run(name: str, job: Callable[[], T]) -> None:
            try:
                done[name] = job()
            except Exception as exc:  # an unfixed service lets the database's error through
                failed.append(exc)
                self.checked.set()  # (a failed second must not leave the first waiting)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=run, args=(name, job), name=name)
            for name, job in (("first", hold_open), ("second", after_write))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failed:
            raise failed[0]
        return done["first"], done["second"]
