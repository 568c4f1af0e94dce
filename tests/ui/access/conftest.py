"""Fixtures for the access screens: a ``UiContext`` on a real store, and the interface back in English after."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable, Iterator

import pytest

from intake_app import i18n
from intake_app.settings import Settings
from intake_app.store.store import Store

TASK_TIMEOUT_MS = 15_000  # Argon2id on a slow CI machine


@pytest.fixture
def make_ctx(qapp) -> Iterator[Callable[[Store], object]]:
    """Build contexts; afterwards lock them and put the interface (ours and Qt's) back into English."""
    from intake_app.ui.context import UiContext

    made: list[UiContext] = []

    def make(store: Store) -> UiContext:
        ctx = UiContext(store, Settings.in_dir(store.directory))
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.lock()
        ctx.set_language("en", remember=False)
    i18n.set_language("en")


@pytest.fixture
def ctx(store, make_ctx):
    """A context on the shared test store (admin, officer, monitor), locked."""
    return make_ctx(store)


@pytest.fixture
def admin_ctx(ctx):
    from tests.conftest import ADMIN_PW

    ctx.start_session(ctx.store.unlock("admin", ADMIN_PW))
    return ctx


@pytest.fixture
def new_ctx(tmp_path: Path, make_ctx):
    """A context whose store does not exist yet (first run)."""
    return make_ctx(Store(tmp_path / "new-device"))
