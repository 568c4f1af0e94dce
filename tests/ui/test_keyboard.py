"""The whole working day without a mouse: every step below is a key press.

Key presses go to whichever widget has the keyboard focus, exactly as on a
real keyboard; the test never clicks or calls widget methods to move on.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from intake_app.records.reading import get_record, list_records
from intake_app.settings import Settings
from intake_app.ui.context import UiContext
from tests.conftest import FORMS_DIR, OFFICER_PW
from tests.ui.form.helpers import key_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, store, tmp_path, monkeypatch):
    from intake_app import i18n
    from intake_app.ui.main_window import MainWindow

    monkeypatch.setenv("INTAKE_FORMS_DIR", str(FORMS_DIR))
    i18n.set_language("en")
    ctx = UiContext(store, Settings.in_dir(tmp_path / "settings"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    yield win
    ctx.lock()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    key_text(qtbot, focused(), text)


def inside(widget: QWidget, container: QWidget | None) -> bool:
    while widget is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False


def unlock_with_keyboard(qtbot, window) -> None:
    page = window.unlock_page
    qtbot.waitUntil(lambda: page.passphrase.hasFocus(), timeout=3000)  # the cursor is ready to type
    press(qtbot, Qt.Key.Key_Backtab)  # to the user list
    assert focused() is page.user_combo
    type_text(qtbot, "o")  # "officer", as in any list: the first letter picks it
    assert "officer" in page.user_combo.currentText()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.passphrase
    type_text(qtbot, OFFICER_PW)
    with qtbot.waitSignal(window.ctx.session_started, timeout=15000):
        press(qtbot, Qt.Key.Key_Return)


def test_an_officer_registers_and_finds_an_application_with_the_keyboard_only(qtbot, window):
    unlock_with_keyboard(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace.currentWidget() is window.records_page)

    press(qtbot, Qt.Key.Key_N, CTRL)  # new application
    capture = window.capture
    assert window.workspace.currentWidget() is capture
    qtbot.waitUntil(lambda: inside(focused(), capture.editor.row("name_original")), timeout=3000)
    type_text(qtbot, "Абдуллаев Рустам")
    press(qtbot, Qt.Key.Key_Tab)
    assert inside(focused(), capture.editor.row("name_latin"))
    type_text(qtbot, "Abdullaev Rustam")
    press(qtbot, Qt.Key.Key_S, CTRL)  # save the draft now
    assert capture.record_id is not None
    saved = get_record(window.ctx.session, capture.record_id).versions[-1].data
    assert {key: saved.pop(key) for key in ("name_original", "name_latin")} == {
        "name_original": "Абдуллаев Рустам", "name_latin": "Abdullaev Rustam"}
    assert set(saved) == {"officer_name", "place_name", "application_datetime"}  # filled in by the app

    press(qtbot, Qt.Key.Key_Return, CTRL)  # submit: incomplete, so the first missing field gets the focus
    assert capture.submit_dialog is None
    qtbot.waitUntil(lambda: inside(focused(), capture.editor.row("sex")), timeout=3000)

    press(qtbot, Qt.Key.Key_F, CTRL)  # back to the list, cursor in the search box
    records = window.records_page
    qtbot.waitUntil(lambda: window.workspace.currentWidget() is records and records.search_box.hasFocus())
    type_text(qtbot, "abdullaev")
    qtbot.waitUntil(lambda: records.model.rowCount() == 1, timeout=5000)
    press(qtbot, Qt.Key.Key_Down)  # into the results
    assert focused() is records.table
    press(qtbot, Qt.Key.Key_Return)  # open it
    qtbot.waitUntil(lambda: window.workspace.currentWidget() in (window.record_view, capture), timeout=3000)

    press(qtbot, Qt.Key.Key_L, CTRL)  # step away from the desk
    assert not window.ctx.unlocked and window.pages.currentWidget() is window.unlock_page
    assert [r.id for r in list_records(window.ctx.store.unlock("officer", OFFICER_PW))] == [capture.record_id]


def test_tab_walks_the_asylum_form_in_reading_order(qtbot, window):
    unlock_with_keyboard(qtbot, window)
    press(qtbot, Qt.Key.Key_N, CTRL)
    editor = window.capture.editor
    qtbot.waitUntil(lambda: inside(focused(), editor.row("name_original")), timeout=3000)
    visible = [f.id for f in editor.form.level(None).data_fields if editor.row(f.id) is not None
               and editor.row(f.id).isVisibleTo(editor)]
    seen: list[str] = []
    for _ in range(120):
        current = next((name for name in visible if inside(focused(), editor.row(name))), None)
        if current is not None and (not seen or seen[-1] != current):
            seen.append(current)
        if len(seen) == len(visible):
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert seen == visible[:len(seen)] and len(seen) == len(visible), (seen, visible)
