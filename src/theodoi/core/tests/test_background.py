"""Work run in a thread after the request: a busy database leaves the rows queued for the
scheduled job and says so in the log, rather than killing the thread with a traceback."""

import logging
import threading

import pytest
from django.db import connection

from theodoi.core.background import _run


def _failing_job(ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")


@pytest.mark.django_db(transaction=True)
def test_a_database_error_in_the_thread_is_a_warning_naming_it(caplog) -> None:
    thread = threading.Thread(target=_run, args=(_failing_job, [4, 5]), name="webhook-soon")
    escaped: list[BaseException | None] = []
    previous = threading.excepthook
    threading.excepthook = lambda args: escaped.append(args.exc_value)
    try:
        with caplog.at_level(logging.WARNING, logger="theodoi.core.background"):
            thread.start()
            thread.join()
    finally:
        threading.excepthook = previous
    assert escaped == []
    assert "webhook-soon" in caplog.text and "2 left queued" in caplog.text
