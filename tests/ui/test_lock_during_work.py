"""Locking (Ctrl+L, the idle timer, quitting) while background work runs, on a machine whose every core is busy.

Each kind of work the desktop runs off the GUI thread (the receipt preview, a sync, a USB export and an
acknowledgement import, a search, voiding a record) is started through the real screens and the store is
locked at many points: before the worker has started, while it runs, as it finishes. Every time, the user
must never be told that the store is damaged (or see any other message), the app must not crash, and no
record may be lost or sent twice: afterwards everything still reaches the registry exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from intake_app.errors import UserError
from intake_app.records.reading import get_record
from intake_app.registry import ingest
from intake_app.protocol.enrolment import read_enrolment_file
from intake_app.settings import Settings
from intake_app.sync import client, registries
from intake_app.sync.offline import import_acks
from intake_app.ui.context import UiContext
from tests.conftest import FORMS_DIR
from tests.registry.ingest_helpers import enrol
from tests.sync.helpers import NO_WAIT, outbox_rows, submit_application

#: When the lock comes, in milliseconds after the work was started (0: in the same turn of the event loop,
#: before the worker thread has run at all). Under load the later points land inside the work.
LOCK_AFTER_MS = (0, 1, 3, 8, 20, 50, 120, 300)


@pytest.fixture(scope="module")
def busy_cores() -> Iterator[None]:
    """A busy loop on every core, so the worker threads and the GUI thread race as on a loaded laptop."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _core in range(os.cpu_count() or 2)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


@pytest.fixture
def window(qtbot, store, admin, officer, tmp_path, live, busy_cores, monkeypatch):
    from intake_app import i18n
    from intake_app.ui.main_window import MainWindow

    i18n.set_language("en")
    monkeypatch.setenv("INTAKE_FORMS_DIR", str(FORMS_DIR))
    registries.enroll(admin, read_enrolment_file(live.enrolment_file), "border-service")
    enrol(live.registry, admin.device.device_id, admin.device.public_key)  # the registry operator's approval
    ctx = UiContext(store, Settings.in_dir(tmp_path / "settings"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.lock()
    qtbot.waitUntil(lambda: ctx.running_tasks == 0, timeout=60000)


def _unlock(qtbot, window, officer) -> None:
    """The officer unlocks again (a fork of the fixture's session: the same user, no Argon2id per trial)."""
    with qtbot.waitSignal(window.ctx.session_started, timeout=10000):
        window.ctx.start_session(officer.fork())


def _messages() -> list[str]:
    """Every message box or progress window still on screen, by its text."""
    return [widget.text() if isinstance(widget, QMessageBox) else widget.labelText()
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, (QMessageBox, QProgressDialog)) and widget.isVisible()]


def _lock_during(qtbot, window, start: Callable[[], object], after_ms: int) -> None:
    """Start the work, lock ``after_ms`` later, wait until the abandoned work has really ended."""
    before = window.ctx.tasks_started
    start()
    assert window.ctx.tasks_started > before  # the work really runs in the background
    if after_ms:
        qtbot.wait(after_ms)
    window.lock()
    assert not window.ctx.unlocked
    qtbot.waitUntil(lambda: window.ctx.running_tasks == 0, timeout=60000)
    qtbot.wait(20)  # anything the finished work still queued for the GUI thread is delivered now
    assert _messages() == []


@pytest.mark.parametrize("after_ms", LOCK_AFTER_MS)
def test_locking_while_the_receipt_is_made(qtbot, window, officer, tmp_path, after_ms):
    record_id = submit_application(officer, tmp_path)
    _unlock(qtbot, window, officer)
    _lock_during(qtbot, window, lambda: window._open_receipt(record_id), after_ms)
    dialog = window.receipt_dialog  # closed by the lock, and deleted with it
    assert not shiboken6.isValid(dialog) or not dialog.isVisible() and "damaged" not in dialog.status.text()
    _unlock(qtbot, window, officer)  # the store opens as before and the receipt can still be made
    window._open_receipt(record_id)
    qtbot.waitUntil(lambda: window.receipt_dialog.pdf is not None, timeout=30000)


@pytest.mark.parametrize("after_ms", LOCK_AFTER_MS)
def test_locking_while_searching(qtbot, window, officer, tmp_path, after_ms):
    submit_application(officer, tmp_path)

    def search() -> None:
        window._show_list()
        window.records_page.search_box.setText("Абдуллаев")
        window.records_page._search_now()  # what Enter in the search box does

    _unlock(qtbot, window, officer)
    _lock_during(qtbot, window, search, after_ms)
    assert window.records_page.model.rowCount() == 0  # nothing personal left in the list after the lock
    _unlock(qtbot, window, officer)
    search()
    qtbot.waitUntil(lambda: not window.records_page.search_running, timeout=30000)
    assert window.records_page.model.rowCount() == 1


def test_locking_during_syncs_loses_and_duplicates_nothing(qtbot, window, officer, live, tmp_path):
    submitted = []
    for trial, after_ms in enumerate(LOCK_AFTER_MS):
        submitted.append(submit_application(officer, tmp_path, seed=trial))
        _unlock(qtbot, window, officer)
        _lock_during(qtbot, window, lambda: window._sync_runner().sync_now(), after_ms)
        assert {state for _record, _version, state, _bundle in outbox_rows(officer)} <= {
            "pending", "sent", "acknowledged"}  # never a conflict
    client.sync(officer, retry=NO_WAIT)  # whatever a lock interrupted goes at the next sync
    assert {get_record(officer, record_id).status for record_id in submitted} == {"acknowledged"}
    assert live.received() == sorted((record_id, 1) for record_id in submitted)  # each exactly once


def test_locking_during_usb_export_and_acknowledgement_import(qtbot, window, officer, live, tmp_path,
                                                             monkeypatch):
    submitted = []
    usb = tmp_path / "usb"
    usb.mkdir()
    for trial, after_ms in enumerate(LOCK_AFTER_MS):
        submitted.append(submit_application(officer, tmp_path, seed=trial))
        bundles, acks = usb / f"bundles-{trial}.fim", usb / f"acks-{trial}.json"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, path=bundles, **_k: (str(path), ""))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, path=acks, **_k: (str(path), ""))

        _unlock(qtbot, window, officer)
        window._open_sync()
        _lock_during(qtbot, window, window.sync_panel.export_for_usb, after_ms)
        if bundles.exists():  # written whole or not at all: the registry takes every bundle in it
            taken = ingest.ingest_bundles_file(live.registry, bundles, operator="amina")
            acks.write_text(json.dumps([ack.to_json() for ack in taken]), encoding="utf-8")
            _unlock(qtbot, window, officer)
            window._open_sync()
            _lock_during(qtbot, window, window.sync_panel.import_acks, after_ms)
            import_acks(officer, acks)  # importing the same file again applies what the lock cut short
    client.sync(officer, retry=NO_WAIT)  # the rest goes over the network; nothing twice
    assert {get_record(officer, record_id).status for record_id in submitted} == {"acknowledged"}
    assert live.received() == sorted((record_id, 1) for record_id in submitted)


@pytest.mark.parametrize("after_ms", LOCK_AFTER_MS[::2])
def test_locking_while_a_record_is_voided(qtbot, window, officer, tmp_path, after_ms):
    record_id = submit_application(officer, tmp_path)
    _unlock(qtbot, window, officer)
    window._show_record(record_id)
    _lock_during(qtbot, window, lambda: window.record_view.void_with_reason("Entered twice"), after_ms)
    assert get_record(officer, record_id).status == "void"  # what the officer confirmed is made, across a lock


def test_a_closed_session_is_a_bug_not_a_damaged_store(store, officer):
    from intake_app.database.connection import StoreKeyMissing, open_database

    fork = officer.fork()
    fork.close()
    with pytest.raises(StoreKeyMissing):
        fork.fork()
    with pytest.raises(StoreKeyMissing):
        open_database(store.db_path, b"")
    assert not issubclass(StoreKeyMissing, UserError)  # shown as a bug report, never as "restore a backup"


def test_store_work_cannot_start_while_locked(qtbot, window, officer, tmp_path):
    """Asking for store work while locked is the user's "The store is locked.", never a damaged store."""
    from intake_app.ui.tasks import run_store_task

    assert not window.ctx.unlocked
    with pytest.raises(UserError, match="The store is locked"):
        run_store_task(window, window.ctx, lambda own, _progress: None, title="")
    assert window.ctx.running_tasks == 0
