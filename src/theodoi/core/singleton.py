"""One run at a time of a scheduled command, on every machine of the site (docs/operations.md,
"Scheduled commands: one run at a time").

`only_one(name)` takes a lock named `name` for as long as its block runs and says whether it
got it: on PostgreSQL a session-level advisory lock (`pg_try_advisory_lock`) held by a
connection of its own, so the command's own commits and rollbacks on Django's connection
never release it, and a process that dies loses its connection and with it the lock; on SQLite
(one machine) an exclusive `flock` on a file under `THEODOI_DATA_DIR/locks/`, released by the
operating system when the process ends. `scheduled(name)` wraps a command's `handle`: when
the lock is held elsewhere it says so in Vietnamese and does nothing, exit status 0.
"""

import fcntl
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

P = ParamSpec("P")
C = TypeVar("C", bound=BaseCommand)


def lock_key(name: str) -> int:
    """The advisory lock's key: the same 64-bit number for a name in every process and version
    (Python's `hash` of a string changes with each process)."""
    digest = hashlib.sha256(f"theodoi:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_path(name: str) -> Path:
    return Path(settings.DATA_DIR) / "locks" / f"{name.replace(' ', '-')}.lock"


@contextmanager
def only_one(name: str) -> Iterator[bool]:
    """True inside the block when this process holds the lock `name` (released as the block
    ends, normally or by an exception); False, holding nothing, when another holds it."""
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        with _advisory_lock(name) as taken:
            yield taken
    else:
        with _file_lock(name) as taken:
            yield taken


@contextmanager
def _advisory_lock(name: str) -> Iterator[bool]:
    # A connection of its own, in autocommit: Django's may be inside the command's (or a
    # test's) transaction, and a command may close it; this one lives as long as the block.
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    key = lock_key(name)
    taken = False
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            row = cursor.fetchone()
        taken = bool(row and row[0])
        yield taken
    finally:
        try:
            if taken:
                # Closing alone would free the lock only once the server's backend has ended,
                # a moment after the client let go: a run that starts in that moment would be
                # told the command is running elsewhere. Unlocking answers after it is free.
                with holder.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        finally:
            holder.close()  # a session that dies still frees its locks, when its backend ends


@contextmanager
def _file_lock(name: str) -> Iterator[bool]:
    path = lock_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True  # closing the file releases the lock


def skipped_message(name: str) -> str:
    return (
        f"Bỏ qua «theodoi {name}»: lệnh này đang chạy ở nơi khác (một máy chủ hoặc tiến trình "
        "khác đang giữ khóa của nó); lần chạy này không làm gì."
    )


def scheduled(
    name: str,
) -> Callable[[Callable[Concatenate[C, P], None]], Callable[Concatenate[C, P], None]]:
    """A command's `handle` (or the part of it a schedule runs) under `only_one(name)`."""

    def wrap(handle: Callable[Concatenate[C, P], None]) -> Callable[Concatenate[C, P], None]:
        @wraps(handle)
        def run(command: C, /, *args: P.args, **kwargs: P.kwargs) -> None:
            with only_one(name) as taken:
                if not taken:
                    command.stderr.write(skipped_message(name))
                    return
                handle(command, *args, **kwargs)

        return run

    return wrap
