"""Faults during sync, with real processes and real sockets.

* the ``intake sync`` process is SIGKILLed at random points (seeded) and run again until it completes;
* the TCP connection is cut in the middle of an upload (or after it, before the answer), by a proxy;
* the registry server is down, then started again on the same directory and port; and the registry
  process itself is SIGKILLed in the middle of a sync, then started again.

Afterwards every record version is at the registry exactly once, acknowledged on the device, the device
store opens and both audit chains verify.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from intake_app.records import lifecycle
from intake_app.registry import Registry
from intake_app.session import Session
from intake_app.settings import Settings
from intake_app.store.store import Store
from intake_app.sync import client, registries
from tests.cli.cli_helpers import Cli
from tests.conftest import ADMIN_PW, FORMS_DIR, OFFICER_PW, REGISTRY_PW, ROOT
from tests.records.sample import application
from tests.registry.live_server import ThreadedServer, free_port, wait_until_up
from tests.sync import helpers
from tests.sync.helpers import enrol_with_registry, new_registry, outbox_rows, status

NO_WAIT = dataclasses.replace(helpers.NO_WAIT, timeout=10)
SCAN_BYTES = 48 * 1024  # with sync.max_bundle_kib = 64: one record per bundle, so a sync has many steps


# -- infrastructure ------------------------------------------------------------------------------------

class Server(ThreadedServer):
    """The real registry server (uvicorn, in a thread) on a fixed port: it can be stopped and started again."""

    def __init__(self, directory: Path, port: int) -> None:
        from intake_app.registry.server import create_app

        super().__init__(lambda: create_app(directory, REGISTRY_PW), port, log_level="critical")
        self.directory = directory


class ServerProcess:
    """``intake registry serve`` in a subprocess on a fixed port: it can be SIGKILLed and started again."""

    def __init__(self, directory: Path, port: int, cli: Cli) -> None:
        self.directory, self.port, self.cli = directory, port, cli
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.cli.tmp_dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([*self.cli.program, "registry", "serve", str(self.directory),
                                      "--port", str(self.port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL,
                                     env=self.cli.env(INTAKE_REGISTRY_PASSPHRASE=REGISTRY_PW))
        wait_until_up(self.port, self.proc, 30)

    def kill(self) -> None:
        if self.proc is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    stop = kill


class CutProxy:
    """A TCP proxy between the device and the server that can cut the connection of a bundle upload.

    ``cut(n, body_bytes=k)``: the next ``n`` uploads (``POST /v1/bundles``) are cut (RST) once exactly ``k``
    bytes of their body have reached the server (``k=0``: right after the headers).
    ``cut(n, after_upload=True)``: the next ``n`` uploads reach the server whole, and the connection is cut
    as soon as the server starts answering, so the device never sees the acknowledgement.
    ``mark(k, hold=…)``: ``marked`` is set when the ``k``-th bundle request from now begins (an upload, or the
    question ``GET /v1/acks/…`` about a bundle sealed earlier; ``k=0``: the next ``GET /health``, after which
    the client seals what waits); with ``hold`` that request goes no further until ``release()``.
    A test can so act at a point of the sync chosen by what it is doing, not by the clock.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(32)
        self.port = int(self.listener.getsockname()[1])
        self.lock = threading.Lock()
        self.cuts_left = 0
        self.body_bytes: int | None = None
        self.after_upload = False
        self.cuts = 0            # connections cut so far
        self.uploads_begun = 0   # POST /v1/bundles seen
        self.bundle_requests = 0  # POST /v1/bundles and GET /v1/acks/… seen
        self.mark_at: int | None = None
        self.mark_health = False
        self.hold = False
        self.marked = threading.Event()
        self.released = threading.Event()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self, count: int, *, body_bytes: int | None = None, after_upload: bool = False) -> None:
        with self.lock:
            self.cuts_left, self.body_bytes, self.after_upload = count, body_bytes, after_upload

    def mark(self, requests_from_now: int, *, hold: bool) -> None:
        with self.lock:
            self.mark_at, self.hold = self.bundle_requests + requests_from_now, hold
            self.mark_health = requests_from_now == 0
            self.marked.clear()
            self.released.clear()

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.closed = True
        self.released.set()
        self.listener.close()

    def _accept(self) -> None:
        while not self.closed:
            try:
                downstream, _addr = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                _reset(downstream)  # the server is down: so is the path through the proxy
                continue
            connection = _Connection(self, downstream, upstream)
            threading.Thread(target=connection.to_server, daemon=True).start()
            threading.Thread(target=connection.to_device, daemon=True).start()


def _reset(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with RST
        sock.shutdown(socket.SHUT_RDWR)  # wakes the other thread's recv, so that the socket really closes
    except OSError:
        pass
    sock.close()


class _Connection:
    def __init__(self, proxy: CutProxy, downstream: socket.socket, upstream: socket.socket) -> None:
        self.proxy, self.down, self.up = proxy, downstream, upstream
        self.cut_answer = False
        self.dead = False

    def kill(self) -> None:
        if not self.dead:
            self.dead = True
            with self.proxy.lock:
                self.proxy.cuts += 1
            _reset(self.down)
            _reset(self.up)

    def to_server(self) -> None:
        """Forward requests, parsed (head, then Content-Length body bytes), cutting an upload where told."""
        buffer = b""
        try:
            while not self.dead:
                head_end = buffer.find(b"\r\n\r\n")
                if head_end < 0:
                    data = self.down.recv(65536)
                    if not data:
                        break
                    buffer += data
                    continue
                head, buffer = buffer[:head_end + 4], buffer[head_end + 4:]
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _sep, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                limit = None
                is_upload = head.startswith(b"POST /v1/bundles ")
                is_health = head.startswith(b"GET /health ")
                if is_upload or is_health or head.startswith(b"GET /v1/acks/"):
                    with self.proxy.lock:
                        self.proxy.bundle_requests += not is_health
                        marked = (is_health if self.proxy.mark_health else
                                  self.proxy.bundle_requests == self.proxy.mark_at)
                        hold = marked and self.proxy.hold
                        if marked:  # once
                            self.proxy.mark_at, self.proxy.mark_health = None, False
                    if marked:
                        self.proxy.marked.set()
                    if hold and not self.proxy.released.wait(timeout=120):
                        raise OSError("held too long")
                if is_upload:
                    with self.proxy.lock:
                        self.proxy.uploads_begun += 1
                        if self.proxy.cuts_left > 0:
                            self.proxy.cuts_left -= 1
                            if self.proxy.after_upload:
                                self.cut_answer = True
                            else:
                                limit = self.proxy.body_bytes or 0
                self.up.sendall(head)
                forwarded = 0
                while forwarded < length:
                    if limit is not None and forwarded >= limit:
                        self.kill()
                        return
                    if not buffer:
                        buffer = self.down.recv(65536)
                        if not buffer:
                            raise OSError("device closed")
                    take = min(len(buffer), length - forwarded)
                    if limit is not None:
                        take = min(take, limit - forwarded)
                    self.up.sendall(buffer[:take])
                    buffer = buffer[take:]
                    forwarded += take
                if limit is not None:  # the cut was at (or past) the end of the body
                    self.kill()
                    return
        except OSError:
            pass
        self.kill()

    def to_device(self) -> None:
        try:
            while not self.dead:
                data = self.up.recv(65536)
                if not data:
                    break
                if self.cut_answer:  # the server took the whole upload and answers: the answer is lost
                    self.kill()
                    return
                self.down.sendall(data)
        except OSError:
            pass
        self.kill()


@dataclass
class Setup:
    store: Store
    officer: Session  # an open session of the officer (library reads and submissions)
    admin: Session
    registry: Registry  # the test's own connection to the registry: checks only
    server: Server | ServerProcess
    cli: Cli  # the officer, at the command line
    admin_cli: Cli
    proxy: CutProxy | None
    tmp_path: Path
    submitted: list[str]

    def submit(self, count: int) -> list[str]:
        made = []
        for _ in range(count):
            n = len(self.submitted)
            scan_dir = self.tmp_path / f"scan{n}"
            scan_dir.mkdir(parents=True, exist_ok=True)
            scan = scan_dir / "scan.png"
            scan.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(n).randbytes(SCAN_BYTES))
            record_id = lifecycle.create_draft(self.officer, "asylum_application",
                                               application(passport=f"N{n:07d}"), files=[("application_scan", scan)])
            lifecycle.submit(self.officer, record_id)
            self.submitted.append(record_id)
            made.append(record_id)
        return made

    def sync_process(self) -> subprocess.Popen[str]:
        self.cli.tmp_dir.mkdir(parents=True, exist_ok=True)
        return subprocess.Popen([*self.cli.program, "sync"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=self.cli.env(), cwd=ROOT)

    def check_exactly_once(self) -> None:
        """Every submitted version at the registry once, acknowledged on the device; stores and audits sound."""
        conn = self.registry.conn
        received = conn.execute("SELECT record_id, version FROM received_versions ORDER BY record_id").fetchall()
        assert sorted(tuple(r) for r in received) == sorted((r, 1) for r in self.submitted)
        bundles = conn.execute("SELECT bundle_id, versions FROM received_bundles").fetchall()
        # no version went up twice under two bundle ids (that would be "already held", a duplicate upload)
        assert sum(v for _b, v in bundles) == len(self.submitted), bundles
        receives = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'bundle.receive'").fetchone()[0]
        assert receives == len(bundles)
        _count, problems = self.registry.verify_audit()
        assert problems == []

        with self.store.unlock("officer", OFFICER_PW) as session:  # the device store opens fine
            session.forms_dir = FORMS_DIR
            rows = outbox_rows(session)
            assert sorted((r, v) for r, v, _s, _b in rows) == sorted((r, 1) for r in self.submitted)
            assert {s for _r, _v, s, _b in rows} == {"acknowledged"}
            assert {b for *_x, b in rows} == {b for b, _v in bundles}  # acknowledged by the bundles received
            assert {status(session, r) for r in self.submitted} == {"acknowledged"}
            states = session.conn.execute("SELECT state, count(*) FROM sync_bundles GROUP BY state").fetchall()
            assert dict(states) == {"acknowledged": len(bundles)}
            assert session.conn.execute("SELECT count(*) FROM sync_bundle_chunks").fetchone()[0] == 0
            acks = session.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'sync.bundle.ack'"
                                        ).fetchone()[0]
            assert acks == len(bundles)
        verified = self.admin_cli.run("audit", "verify")
        assert verified.returncode == 0 and "chain verified" in verified.stdout, (verified.stdout, verified.stderr)
        listed = self.cli.run("registry", "records", "list", str(self.server.directory), "--json",
                              INTAKE_REGISTRY_PASSPHRASE=REGISTRY_PW)
        assert listed.returncode == 0, listed.stderr
        assert sorted(v["record_id"] for v in json.loads(listed.stdout)) == sorted(self.submitted)


@pytest.fixture
def setup_factory(store, cli: Cli, admin, officer, tmp_path: Path) -> Iterator:
    made: list[Setup] = []

    def make(*, via_proxy: bool = False, server_process: bool = False) -> Setup:
        port = free_port()
        proxy = CutProxy(port) if via_proxy else None
        url = f"http://127.0.0.1:{proxy.port if proxy else port}"
        directory = tmp_path / "registry"
        enrolment_file = tmp_path / "enrolment.json"
        registry = new_registry(directory, url, enrolment_file)
        server = ServerProcess(directory, port, cli) if server_process else Server(directory, port)
        server.start()
        Settings.in_dir(store.directory).set("sync.max_bundle_kib", 64)
        enrol_with_registry(admin, enrolment_file, retry=NO_WAIT, approve_at=registry)
        setup = Setup(store, officer, admin, registry, server, cli.as_user("officer", OFFICER_PW),
                      cli.as_user("admin", ADMIN_PW), proxy, tmp_path, [])
        made.append(setup)
        return setup

    yield make
    for setup in made:
        setup.server.stop()
        if setup.proxy is not None:
            setup.proxy.close()
        setup.registry.close()


def _counts(setup: Setup) -> tuple[int, int, int, int]:
    """(pending, sent, acknowledged) outbox rows on the device, and bundles received by the registry."""
    states = [s for _r, _v, s, _b in outbox_rows(setup.officer)]
    bundles = setup.registry.conn.execute("SELECT count(*) FROM received_bundles").fetchone()[0]
    return states.count("pending"), states.count("sent"), states.count("acknowledged"), int(bundles)


# -- 1. the client killed at random points -------------------------------------------------------------

def test_sync_killed_at_random_points_sends_everything_exactly_once(setup_factory):
    """``intake sync`` is SIGKILLed twice in each of four rounds of 8 new records (8 bundles), then completes.

    Where it is killed is chosen (seeded) by what the sync is doing, not by the clock, so the kills land
    inside it on any machine: the ``k``-th bundle request is either held in flight and the client killed
    while it waits, or let through and the client killed 0–30 ms later (recording an answer, asking about
    or uploading the next bundle); or the client is killed 0–60 ms after its health check, while it seals.
    """
    setup = setup_factory(via_proxy=True)
    proxy = setup.proxy
    assert proxy is not None
    rng = random.Random(20261123)
    kills: list[tuple[str, tuple[int, int, int, int]]] = []
    for round_ in range(4):
        setup.submit(8)
        for attempt in range(3):
            pending, sent, _acknowledged, _bundles = _counts(setup)
            proc = setup.sync_process()
            if attempt == 2:  # the third run completes
                out, err = proc.communicate(timeout=120)
                assert proc.returncode == 0 and "waiting 0" in out, (round_, out, err)
                break
            # one version per bundle: every waiting bundle is asked about or uploaded, so request k comes
            how = "held" if attempt == 0 else rng.choice(["held", "after", "sealing"])
            k = 0 if how == "sealing" else rng.randint(1, pending + sent)
            hold = how == "held"
            proxy.mark(k, hold=hold)
            while not proxy.marked.wait(timeout=0.005):
                assert proc.poll() is None or not hold, ("the sync ended before request", k, proc.communicate())
                if proc.poll() is not None:
                    break
            if not hold:
                time.sleep(rng.uniform(0.0, 0.06 if how == "sealing" else 0.03))
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
            proxy.release()
            counts = _counts(setup)
            where = (f"{how} request {k}" if k else "after health check") + ("" if proc.returncode < 0 else
                                                                             " (had ended)")
            kills.append((where, counts))
            if hold:  # killed with a bundle in flight: sealed ("sent"), not acknowledged, nothing lost
                assert counts[1] >= 1 and counts[0] + counts[1] + counts[2] == len(setup.submitted), kills
        pending, sent, acknowledged, _bundles = _counts(setup)
        assert (pending, sent, acknowledged) == (0, 0, len(setup.submitted))
    print("kills (where, (pending, sent, acknowledged, registry bundles)):", kills)
    assert sum(1 for where, _c in kills if "had ended" not in where) >= 6, kills
    setup.check_exactly_once()


# -- 2. the connection cut in the middle of an upload --------------------------------------------------

@pytest.mark.parametrize("where", ["headers", "body", "last byte", "answer"])
def test_a_connection_cut_mid_upload_is_retried_and_sent_once(setup_factory, where):
    setup = setup_factory(via_proxy=True)
    proxy = setup.proxy
    assert proxy is not None
    [record] = setup.submit(1)
    body = {"headers": 0, "body": SCAN_BYTES // 2, "last byte": None, "answer": None}[where]
    size = None

    def arm(count: int) -> None:
        if where == "answer":
            proxy.cut(count, after_upload=True)
        elif where == "last byte":
            proxy.cut(count, body_bytes=size - 1 if size else 1)
        else:
            proxy.cut(count, body_bytes=body)

    if where == "last byte":  # the bundle is sealed first, so its size is known
        from intake_app.sync import spool

        [enrolled] = registries.list_registries(setup.officer.conn)
        [sealed] = spool.seal_pending(setup.officer, enrolled, 64 * 1024)
        size = sealed.size

    # every attempt of this run is cut: the registry is reported unreachable, nothing is lost
    arm(100)
    report = client.sync(setup.officer, retry=NO_WAIT)
    [entry] = report.registries
    assert entry.error is not None and "cannot be reached" in entry.error, entry
    assert (entry.acknowledged, entry.pending) == (0, 1)
    assert proxy.uploads_begun == NO_WAIT.attempts and proxy.cuts >= NO_WAIT.attempts
    assert [s for _r, _v, s, _b in outbox_rows(setup.officer)] == ["sent"] and status(setup.officer, record) == "queued"
    held = setup.registry.conn.execute("SELECT count(*) FROM received_bundles").fetchone()[0]
    assert held == (1 if where == "answer" else 0)  # a cut body stores nothing; a lost answer stores it once

    # one cut, then the retry within the same run goes through
    setup.submit(1)
    arm(1)
    [entry] = client.sync(setup.officer, retry=NO_WAIT).registries
    assert (entry.error, entry.acknowledged, entry.pending) == (None, 2, 0), entry

    # the real command, with its real backoff, through a cut: it retries and completes
    setup.submit(1)
    arm(1)
    result = setup.cli.run("sync")
    assert result.returncode == 0 and "acknowledged 1, conflicts 0, waiting 0" in result.stdout, (
        result.stdout, result.stderr)
    assert proxy.cuts >= NO_WAIT.attempts + 2
    setup.check_exactly_once()


def test_a_connection_cut_at_random_offsets(setup_factory):
    """Uploads cut at random byte offsets (seeded), a few in a row, then a clean sync: each version once."""
    setup = setup_factory(via_proxy=True)
    proxy = setup.proxy
    assert proxy is not None
    rng = random.Random(7)
    setup.submit(4)
    for _ in range(5):
        proxy.cut(rng.randint(1, 4), body_bytes=rng.randint(0, SCAN_BYTES + 2048))
        client.sync(setup.officer, retry=NO_WAIT)
        proxy.cut(0)
    [entry] = client.sync(setup.officer, retry=NO_WAIT).registries
    assert (entry.error, entry.pending) == (None, 0), entry
    setup.check_exactly_once()


# -- 3. the registry down, then up ---------------------------------------------------------------------

def test_registry_down_then_up(setup_factory):
    setup = setup_factory()
    first = setup.submit(2)
    setup.server.stop()

    result = setup.cli.run("sync")  # the real command, real backoff, nothing listening
    assert result.returncode == 1 and "cannot be reached" in result.stdout, (result.stdout, result.stderr)
    assert "waiting 2" in result.stdout
    assert [s for _r, _v, s, _b in outbox_rows(setup.officer)] == ["pending", "pending"]
    assert {status(setup.officer, r) for r in first} == {"queued"}
    assert setup.registry.conn.execute("SELECT count(*) FROM received_bundles").fetchone()[0] == 0

    # sealed in an earlier run (rows "sent"), then the server goes away: they stay sent, still stored
    from intake_app.sync import spool

    [enrolled] = registries.list_registries(setup.officer.conn)
    spool.seal_pending(setup.officer, enrolled, 64 * 1024)
    setup.submit(1)
    [entry] = client.sync(setup.officer, retry=NO_WAIT).registries
    assert entry.error is not None and entry.pending == 3
    assert sorted(s for _r, _v, s, _b in outbox_rows(setup.officer)) == ["pending", "sent", "sent"]

    setup.server.start()  # same directory, same port
    result = setup.cli.run("sync")
    assert result.returncode == 0 and "acknowledged 3, conflicts 0, waiting 0" in result.stdout, (
        result.stdout, result.stderr)
    assert "sent 0 bundle(s), acknowledged 0" in setup.cli.ok("sync")
    setup.check_exactly_once()


def test_registry_server_killed_during_sync_then_restarted(setup_factory):
    """The registry process itself is SIGKILLed while a device syncs, and started again on the same directory.

    As in the first test, the kill point is chosen (seeded) by what the sync is doing: the ``k``-th bundle
    request is held in the proxy, the server is killed while it waits, then the request goes on to the dead
    server. So the kill lands inside the sync on any machine.
    """
    setup = setup_factory(via_proxy=True, server_process=True)
    server, proxy = setup.server, setup.proxy
    assert isinstance(server, ServerProcess) and proxy is not None
    rng = random.Random(99)
    outcomes = []
    for _ in range(2):
        setup.submit(6)
        pending, sent, _acknowledged, _bundles = _counts(setup)
        k = rng.randint(1, pending + sent)  # one version per bundle: every waiting bundle makes a request
        proxy.mark(k, hold=True)
        proc = setup.sync_process()
        while not proxy.marked.wait(timeout=0.005):
            assert proc.poll() is None, ("the sync ended before request", k, proc.communicate())
        server.kill()  # with bundle request k held in flight
        proxy.release()
        out, err = proc.communicate(timeout=120)
        counts = _counts(setup)
        outcomes.append((k, proc.returncode, counts))
        assert proc.returncode == 0 or "cannot be reached" in out, (out, err)
        # interrupted: the held bundle is sealed ("sent") and not acknowledged, nothing is lost
        assert counts[1] >= 1 and counts[2] < len(setup.submitted), outcomes
        assert counts[0] + counts[1] + counts[2] == len(setup.submitted), outcomes
        server.start()  # same directory, same port: the registry opens after the kill
        result = setup.cli.run("sync")
        assert result.returncode == 0 and "waiting 0" in result.stdout, (result.stdout, result.stderr)
    print("request held, client exit and (pending, sent, acknowledged, registry bundles) after the server was "
          "killed:", outcomes)
    setup.check_exactly_once()
