"""A real HTTP receiver on 127.0.0.1 (the standard library's server, in a thread) that keeps
what it was sent and answers as a test tells it."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from theodoi.monitoring.tests.conftest import world  # noqa: F401 (fixture)
from theodoi.webhooks.delivery import SOON_THREAD


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class Receiver:
    """What arrived; `answers`: the statuses to give next (then 200); `gate`: when set to an
    unset Event, each request waits for it before being answered."""

    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    gate: threading.Event | None = None
    arrived: threading.Condition = field(default_factory=threading.Condition)
    entered: threading.Event = field(default_factory=threading.Event)  # a request came in
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)

    def start(self, port: int = 0) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.entered.set()
                if receiver.gate is not None:
                    receiver.gate.wait(30)
                with receiver.arrived:
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    receiver.received.append(Received(self.path, headers, body))
                    status = receiver.answers.pop(0) if receiver.answers else 200
                    receiver.arrived.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    if running.gate is not None:
        running.gate.set()
    running.stop()


def join_soon_threads() -> None:
    """Wait for the deliveries started after a commit (`delivery.deliver_soon`) to finish."""
    for thread in threading.enumerate():
        if thread.name == SOON_THREAD:
            thread.join(15)
