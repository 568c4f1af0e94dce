"""Shared fixtures: real stores in temporary directories, real form definitions.

Key slots (and registry key files) are made with Argon2id's cheapest parameters
(``keyslots.use_test_parameters``), here and in the ``intake`` programs the
tests start (tests/cli/intake_for_tests.py): Argon2id at 64 MiB, run for
every store, user, unlock and command, was most of the suite's time. A test
marked ``real_argon2id`` runs with the real parameters;
tests/store/test_kdf_for_tests.py checks that a normal run never makes or opens
a cheap slot.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, UTC
from pathlib import Path
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
FORMS_DIR = ROOT / "forms"
ADMIN_PW = "admin passphrase 1"
OFFICER_PW = "officer passphrase 1"
MONITOR_PW = "monitor passphrase 1"
REGISTRY_PW = "registry passphrase 1"


def pytest_configure(config: pytest.Config) -> None:
    from intake_app.database import keyslots

    keyslots.use_test_parameters()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first (after any shuffle by pytest-randomly), other tests in their order.

    ``make test`` hands out whole files in this order (``--dist loadfile --no-loadscope-reorder``), so the
    package build starts at once in one worker while the other runs the rest, instead of last.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _argon2id_parameters(request: pytest.FixtureRequest) -> Iterator[None]:
    """The cheap parameters, or the real ones for a test marked ``real_argon2id`` (in this process)."""
    from intake_app.database import keyslots

    keyslots.use_test_parameters(request.node.get_closest_marker("real_argon2id") is None)
    yield
    keyslots.use_test_parameters()


class FakeClock:
    """A clock the test moves by hand (for delays and submission times)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path):
    """A store with an admin, an officer and a monitor."""
    from intake_app.roles import Role
    from intake_app.store.store import Store
    from intake_app.users.service import add_user

    st = Store(data_dir)
    with st.create(admin_username="admin", admin_passphrase=ADMIN_PW, device_name="Test laptop",
                   location_code="KZ-ALA-01") as session:
        add_user(session, "officer", Role.OFFICER, OFFICER_PW, "Aigerim Officer")
        add_user(session, "monitor", Role.MONITOR, MONITOR_PW, "Dana Monitor")
    return st


def _open(store, user: str, pw: str):
    session = store.unlock(user, pw)
    session.forms_dir = FORMS_DIR
    return session


@pytest.fixture
def officer(store) -> Iterator:
    session = _open(store, "officer", OFFICER_PW)
    yield session
    session.close()


@pytest.fixture
def monitor(store) -> Iterator:
    session = _open(store, "monitor", MONITOR_PW)
    yield session
    session.close()


@pytest.fixture
def admin(store) -> Iterator:
    session = _open(store, "admin", ADMIN_PW)
    yield session
    session.close()


@pytest.fixture
def clock(officer, monitor) -> FakeClock:
    """One hand-moved clock for the officer's and the monitor's sessions."""
    fake = FakeClock(datetime(2026, 11, 24, 3, 0, tzinfo=UTC))
    officer.clock = monitor.clock = fake
    return fake


@pytest.fixture
def cli(tmp_path: Path):
    """The real ``intake`` command in a subprocess, for a store in ``tmp_path`` (not created yet)."""
    from tests.cli.cli_helpers import Cli

    return Cli(tmp_path / "data", tmp_path / "tmp")


@pytest.fixture
def officer_cli(cli):
    """``intake`` as the officer of a store with an admin, an officer and a monitor."""
    from tests.cli.cli_helpers import init_store

    officer, _monitor = init_store(cli)
    return officer


@pytest.fixture(params=["UTC0", "EST5", "JST-9"], ids=["laptop-UTC", "laptop-UTC-5", "laptop-UTC+9"])
def laptop_zone(request) -> Iterator[str]:
    """The laptop's own zone (the process's ``TZ``), as a border post's laptop may be left set."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
