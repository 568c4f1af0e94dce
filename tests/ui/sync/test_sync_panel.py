"""The sync panel as an officer uses it: see the queue, press "Sync now", watch records become acknowledged."""

from __future__ import annotations

import pytest

from intake_app.records import lifecycle
from intake_app.records.reading import get_record
from intake_app.protocol.enrolment import read_enrolment_file
from intake_app.settings import Settings
from intake_app.sync.registries import enroll
from intake_app.ui.context import UiContext
from tests.conftest import FORMS_DIR, OFFICER_PW
from tests.records.sample import application, write_scan
from tests.registry.ingest_helpers import enrol


@pytest.fixture
def window(qtbot, store, admin, tmp_path, live, monkeypatch):
    from intake_app import i18n
    from intake_app.ui.main_window import MainWindow

    i18n.set_language("en")
    monkeypatch.setenv("INTAKE_FORMS_DIR", str(FORMS_DIR))
    enroll(admin, read_enrolment_file(live.enrolment_file), "border-service")
    enrol(live.registry, admin.device.device_id, admin.device.public_key)  # the registry operator's approval
    ctx = UiContext(store, Settings.in_dir(tmp_path / "settings"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(ctx.session_started, timeout=10000):
        ctx.start_session(store.unlock("officer", OFFICER_PW))
    yield win
    ctx.lock()


def test_sync_now_sends_the_queue_and_shows_it_acknowledged(qtbot, window, live, tmp_path):
    session = window.ctx.session
    record_id = lifecycle.create_draft(session, "asylum_application", application(),
                                       files=[("application_scan", write_scan(tmp_path / "in"))])
    lifecycle.submit(session, record_id)
    window._open_sync()
    panel = window.sync_panel
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == "Committee on Migration"
    assert panel.table.item(0, 3).text() == "1"  # one version waits
    qtbot.waitUntil(lambda: panel.table.item(0, 2).text().startswith("reachable"), timeout=10000)
    with qtbot.waitSignal(window.sync_runner.finished, timeout=30000):
        panel.sync_button.click()
    assert "acknowledged 1" in panel.status.text()
    assert panel.table.item(0, 3).text() == "0" and panel.table.item(0, 5).text() != "—"
    assert get_record(session, record_id).status == "acknowledged"
    assert live.received() == [(record_id, 1)]


def test_background_sync_sends_without_a_click(qtbot, window, live, tmp_path):
    session = window.ctx.session
    record_id = lifecycle.create_draft(session, "asylum_application", application(),
                                       files=[("application_scan", write_scan(tmp_path / "in"))])
    lifecycle.submit(session, record_id)
    with qtbot.waitSignal(window.sync_runner.finished, timeout=30000):
        window.sync_runner.sync_if_reachable()  # what the timer does every minute
    assert get_record(session, record_id).status == "acknowledged"


def test_the_device_fingerprint_is_shown_until_the_registry_has_approved_it(qtbot, window, live, tmp_path):
    """The registry's operator compares this device's fingerprint before approving it: the panel shows it."""
    session = window.ctx.session
    lifecycle.submit(session, lifecycle.create_draft(session, "asylum_application", application(),
                                                     files=[("application_scan", write_scan(tmp_path / "in"))]))
    window._open_sync()
    panel = window.sync_panel
    assert session.device.fingerprint in panel.summary.text()  # enrolled here, not yet approved as seen from here
    with qtbot.waitSignal(window.sync_runner.finished, timeout=30000):
        panel.sync_button.click()
    assert "approved" not in panel.table.item(0, 2).text()
    assert session.device.fingerprint not in panel.summary.text()
