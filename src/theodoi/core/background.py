"""Work that must not hold up the request that caused it: run in a thread of its own once the
request's transaction commits (nothing runs if it rolls back). The outboxes use it to try
their new rows at once (`notifications.delivery.deliver_soon`, `webhooks.delivery.deliver_soon`);
what the thread does not finish stays queued for the job that retries (`send_mail`,
`send_webhooks`). A database too busy for the thread (SQLite locked by a writer) is such a
case: a warning in the log, not a thread dying with a traceback."""

import logging
import threading
from collections.abc import Callable, Sequence

from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)


def _run(job: Callable[[list[int]], object], ids: list[int]) -> None:
    try:
        job(ids)
    except DatabaseError as error:
        name = threading.current_thread().name
        logger.warning("%s: %s; %d left queued for the scheduled job", name, error, len(ids))
    finally:
        connections.close_all()  # this thread's own connections


def after_commit_in_thread(
    job: Callable[[list[int]], object], ids: Sequence[int], name: str
) -> None:
    """Once the current transaction commits, `job(ids)` in a daemon thread called `name`."""
    wanted = list(ids)
    if not wanted:
        return
    transaction.on_commit(
        lambda: threading.Thread(target=_run, args=(job, wanted), name=name, daemon=True).start()
    )
