"""Scheduled commands run once at a time across machines (`core/singleton.py`): while another
process holds a command's lock (on PostgreSQL an advisory lock taken here from a connection of
our own, as another machine would; on SQLite the lock file), the command says so and does
nothing; once it is released, the command runs."""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from theodoi.accounts.tests.factories import UserFactory
from theodoi.conftest import postgres_url
from theodoi.core.singleton import lock_key, lock_path
from theodoi.notifications.models import Delivery, Mail, MailState

pytestmark = pytest.mark.django_db

SCHEDULED = [  # the command line, and what it would call to do its work
    (["remind"], "theodoi.monitoring.management.commands.remind.run_reminders"),
    (["send_mail"], "theodoi.notifications.management.commands.send_mail.deliver"),
    (["send_webhooks"], "theodoi.webhooks.management.commands.send_webhooks.deliver"),
    (["backup", "--out", "x.tar"], "theodoi.backups.management.commands.backup.backup"),
    (["report", "open"], "theodoi.reports.management.commands.report.open_rounds"),
]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path  # SQLite's lock files


def other_session() -> psycopg.Connection:
    return psycopg.connect(postgres_url(connection.settings_dict["NAME"]), autocommit=True)


@contextmanager
def held_elsewhere(name: str) -> Iterator[None]:
    """The lock of `name` held by someone else until the block ends: another PostgreSQL
    session, or another open file on this machine."""
    assert free_elsewhere(name)
    if connection.vendor == "postgresql":
        with other_session() as other:
            other.execute("SELECT pg_advisory_lock(%s)", [lock_key(name)])
            yield
            other.execute("SELECT pg_advisory_unlock(%s)", [lock_key(name)])
    else:
        path = lock_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as other:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            yield


def free_elsewhere(name: str) -> bool:
    """Whether someone else could take the lock of `name` now (taken and released at once)."""
    if connection.vendor == "postgresql":
        with other_session() as other:
            row = other.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)]).fetchone()
            taken = bool(row and row[0])
            if taken:  # at once: a closed session frees its locks only when its backend ends
                other.execute("SELECT pg_advisory_unlock(%s)", [lock_key(name)])
            return taken
    path = lock_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)  # returns: exit status 0
    return out.getvalue(), err.getvalue()


def queued_mail() -> Mail:
    person = UserFactory.create(email="tst.cv@bhxh.test")
    return Mail.objects.create(
        user=person,
        to=person.email,
        subject="[Theo Dõi] Nhắc việc",
        body="Nội dung",
        kind=Delivery.IMMEDIATE,
        day=timezone.localdate(),
        next_try_at=timezone.now() - timedelta(minutes=1),
    )


def test_mail_waits_while_another_machine_sends_and_leaves_when_it_is_done(smtp_server) -> None:
    mail = queued_mail()
    with held_elsewhere("send_mail"):
        out, err = run("send_mail")
    assert out == ""
    assert "«theodoi send_mail»" in err and "không làm gì" in err
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.QUEUED, 0)
    assert smtp_server.messages == []

    out, err = run("send_mail")
    assert out.startswith("Đã gửi 1 thư")
    assert "không làm gì" not in err
    mail.refresh_from_db()
    assert mail.state == MailState.SENT
    assert [m["Subject"] for m in smtp_server.messages] == ["[Theo Dõi] Nhắc việc"]


@pytest.mark.parametrize(("args", "work"), SCHEDULED, ids=[" ".join(a[:2]) for a, _ in SCHEDULED])
def test_every_scheduled_command_does_nothing_while_its_lock_is_held(
    monkeypatch, tmp_path, args, work
) -> None:
    called: list[object] = []
    monkeypatch.setattr(work, lambda *a, **k: called.append(a))
    monkeypatch.chdir(tmp_path)
    name = " ".join(a for a in args if not a.startswith("-") and a != "x.tar")
    with held_elsewhere(name):
        out, err = run(*args)
    assert called == []
    assert out == ""
    assert f"«theodoi {name}»" in err
    assert not (tmp_path / "x.tar").exists()


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_held_through_the_commands_commits_and_released_after(
    monkeypatch, smtp_server
) -> None:
    """`send_mail` commits each mail it claims and sends; all the while no other machine can
    take its lock; afterwards, and after a run that failed, one can."""
    from theodoi.notifications import delivery

    seen: list[bool] = []

    def deliver_and_look() -> delivery.Delivered:
        result = delivery.deliver()
        assert Mail.objects.get().state == MailState.SENT  # committed
        seen.append(free_elsewhere("send_mail"))
        return result

    queued_mail()
    monkeypatch.setattr(
        "theodoi.notifications.management.commands.send_mail.deliver", deliver_and_look
    )
    run("send_mail")
    assert seen == [False]
    assert free_elsewhere("send_mail")

    def fail() -> None:
        raise RuntimeError("máy chủ thư hỏng")

    monkeypatch.setattr("theodoi.notifications.management.commands.send_mail.deliver", fail)
    with pytest.raises(RuntimeError):
        run("send_mail")
    assert free_elsewhere("send_mail")
