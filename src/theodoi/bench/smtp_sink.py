"""The bench's mail server: aiosmtpd on 127.0.0.1, accepting every mail, in a process of its
own as a real server would be (in the bench's own process it would compete with the job it
serves for the interpreter). This module imports nothing from Django: the server process
starts with only it."""

import multiprocessing
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.synchronize import Event

READY_WITHIN = 60  # seconds; a server that is not listening by then is an error


class _Sink:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 OK"


def _serve(port: int, ready: Event, stop: Event) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(_Sink(), hostname="127.0.0.1", port=port)
    controller.start()  # returns once the server answers
    ready.set()
    stop.wait()
    controller.stop()


@contextmanager
def smtp_sink() -> Iterator[int]:
    """Start the server, yield its port, stop it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Event(), context.Event()
    process = context.Process(target=_serve, args=(port, ready, stop), daemon=True)
    process.start()
    try:
        if not ready.wait(READY_WITHIN):
            raise RuntimeError(f"Máy chủ thư thử nghiệm không chạy được trên cổng {port}.")
        yield port
    finally:
        stop.set()
        process.join(READY_WITHIN)
        if process.is_alive():
            process.kill()
