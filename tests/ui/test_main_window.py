"""The shell as a person uses it: unlock, see the list, open the form, lock (data hidden, input kept)."""

from __future__ import annotations

import pytest

from intake_app.settings import Settings
from intake_app.ui.context import UiContext
from tests.conftest import FORMS_DIR, OFFICER_PW


@pytest.fixture
def window(qtbot, store, tmp_path, monkeypatch):
    from intake_app.ui.main_window import MainWindow

    monkeypatch.setenv("INTAKE_FORMS_DIR", str(FORMS_DIR))
    ctx = UiContext(store, Settings.in_dir(tmp_path / "settings"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    yield win
    ctx.set_language("en", remember=False)  # the language is process-wide: the next test starts in English


def _unlock(qtbot, window, user="officer", pw=OFFICER_PW):
    window.unlock_page.select_user(user)
    with qtbot.waitSignal(window.ctx.session_started, timeout=10000):
        window.ctx.start_session(window.ctx.store.unlock(user, pw))


def test_unlock_shows_the_list_and_lock_hides_it(qtbot, window):
    assert window.pages.currentWidget() is window.unlock_page
    assert window.records_page is None  # record screens are built only after unlocking
    _unlock(qtbot, window)
    assert window.pages.currentWidget() is window.workspace
    assert window.workspace.currentWidget() is window.records_page
    assert "officer" in window.windowTitle().lower() or "Aigerim" in window.windowTitle()
    window._new_record("asylum_application")
    assert window.workspace.currentWidget() is window.capture
    window.lock_action.trigger()
    assert not window.ctx.unlocked
    assert window.pages.currentWidget() is window.unlock_page
    _unlock(qtbot, window)
    assert window.workspace.currentWidget() is window.capture  # the open form survived the lock


def test_language_menu_switches_the_menus(qtbot, window):
    window.language_actions["ru"].trigger()
    assert window.file_menu.title() == "&Файл"
    window.language_actions["en"].trigger()
    assert window.file_menu.title() == "&File"


def test_a_correction_in_progress_is_saved_when_the_screen_locks(qtbot, window, tmp_path):
    from intake_app.records import lifecycle
    from intake_app.records.reading import get_record
    from tests.records.sample import application, write_scan
    from tests.ui.form.helpers import type_into

    _unlock(qtbot, window)
    session = window.ctx.session
    record_id = lifecycle.create_draft(session, "asylum_application", application(),
                                       files=[("application_scan", write_scan(tmp_path))])
    lifecycle.submit(session, record_id)
    window._amend(record_id)
    type_into(qtbot, window.capture.editor, "name_latin", "Abdullayev Rustam")
    window.lock_action.trigger()  # Ctrl+L before the autosave interval is over
    _unlock(qtbot, window)
    record = get_record(window.ctx.session, record_id)
    assert record.status == "submitted"
    assert record.pending_amendment.data["name_latin"] == "Abdullayev Rustam"
    assert window.workspace.currentWidget() is window.capture


def test_after_submission_the_receipt_opens_ready_to_print(qtbot, window, tmp_path):
    from intake_app.records import lifecycle
    from tests.records.sample import application, write_scan
    from tests.ui.form.helpers import click

    _unlock(qtbot, window)
    record_id = lifecycle.create_draft(window.ctx.session, "asylum_application", application(),
                                       files=[("application_scan", write_scan(tmp_path))])
    window._edit_draft(record_id)
    click(qtbot, window.capture.submit_button)
    with qtbot.waitSignal(window.capture.submitted, timeout=5000):
        click(qtbot, window.capture.submit_dialog.submit_button)
    assert window.workspace.currentWidget() is window.record_view
    dialog = window.receipt_dialog
    assert dialog.isVisible() and dialog.languages() == ("uz", "kk", "ru")
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=15000)
    window.lock_action.trigger()
    assert not dialog.isVisible()


def test_help_about_shows_the_version(qtbot, window):
    """The version an official reads out to support is the package's one version (intake_app.__version__)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from intake_app import __version__

    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    window.language_actions["ru"].trigger()
    window.about_action.trigger()  # modal: returns once read_and_close has closed it
    assert seen and f"Версия {__version__}" in seen[0]
