"""A real registry HTTP server (uvicorn) on 127.0.0.1 at a free port, in a thread, for tests; and a wait for a
server started in another process."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThreadedServer:
    """uvicorn serving the app ``make_app()`` gives on 127.0.0.1:``port``, in a thread.

    It can be stopped and started again on the same port; each start serves a new app from ``make_app``
    (a registry app closes its registry when its server stops).
    """

    def __init__(self, make_app: Callable[[], Any], port: int | None = None, *, log_level: str = "warning") -> None:
        self.make_app, self.port, self.log_level = make_app, port or free_port(), log_level
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = uvicorn.Server(uvicorn.Config(self.make_app(), host="127.0.0.1", port=self.port,
                                                    log_level=self.log_level, lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "the server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(timeout=20)
            assert not self.thread.is_alive(), "the server did not stop"
        self.server = self.thread = None


@contextmanager
def serving(app: Any, port: int | None = None) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL."""
    server = ThreadedServer(lambda: app, port)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def wait_until_up(port: int, proc: subprocess.Popen[Any] | None = None, seconds: float = 30, *,
                  scheme: str = "http", verify: Any = True) -> httpx.Response:
    """Poll ``GET /health`` on 127.0.0.1:``port`` until it answers 200; returns that answer.

    Fails if ``proc`` (the server's process) ends first, with its exit code and what it wrote to a captured
    stderr, or after ``seconds``. ``verify``: as for httpx (an ``ssl.SSLContext`` for a test certificate).
    """
    url = f"{scheme}://127.0.0.1:{port}/health"
    deadline = time.monotonic() + seconds
    while True:
        assert proc is None or proc.poll() is None, f"the server exited before answering: {_ended(proc)}"
        assert time.monotonic() < deadline, f"the server did not answer {url} within {seconds} s"
        try:
            response = httpx.get(url, timeout=1, verify=verify)
            if response.status_code == 200:
                return response
        except httpx.TransportError:
            pass
        time.sleep(0.05)


def _ended(proc: subprocess.Popen[Any]) -> str:
    """The exit code and the captured stderr of a process that has ended (reading it cannot block)."""
    err = proc.stderr.read() if proc.stderr is not None else "(not captured)"
    if isinstance(err, bytes):
        err = err.decode("utf-8", "replace")
    return f"exit code {proc.returncode}, stderr: {err.strip() or '(empty)'}"
