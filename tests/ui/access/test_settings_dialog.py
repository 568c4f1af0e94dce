"""Settings dialog: idle minutes and language persist; device name and location for admins only."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from intake_app import audit
from intake_app.i18n import translate
from intake_app.settings import Settings
from intake_app.ui.access import SettingsDialog
from tests.conftest import ADMIN_PW, OFFICER_PW


def _dialog(qtbot, ctx) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ok(qtbot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _stored(ctx) -> dict:
    return json.loads(ctx.settings.path.read_text(encoding="utf-8"))["values"]


def test_idle_minutes_and_language_are_saved(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    assert dialog.idle_minutes.value() == 5 and not dialog.device_group.isVisible()  # locked: no device part
    dialog.idle_minutes.clear()
    qtbot.keyClicks(dialog.idle_minutes, "12")
    dialog.language.setCurrentIndex(dialog.language.findData("kk"))
    english_cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text()
    with qtbot.waitSignal(ctx.language_changed):
        _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert _stored(ctx) == {"ui.idle_lock_minutes": 12, "ui.language": "kk"}
    assert Settings.in_dir(ctx.store.directory).get("ui.idle_lock_minutes") == 12
    assert ctx.language == "kk"
    assert dialog.language_label.text().startswith(translate("Interface language", "kk"))
    # Qt's own texts follow through a LanguageChange event, which Qt delivers from the event loop.
    qtbot.waitUntil(lambda: dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() != english_cancel)


def test_cancel_changes_nothing(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    dialog.idle_minutes.setValue(30)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert ctx.settings.get("ui.idle_lock_minutes") == 5 and not ctx.settings.path.exists()


def test_admin_changes_the_device_name_and_location(qtbot, admin_ctx):
    dialog = _dialog(qtbot, admin_ctx)
    assert dialog.device_group.isVisible()
    assert (dialog.device_name.text(), dialog.location_code.text()) == ("Test laptop", "KZ-ALA-01")
    dialog.location_code.clear()
    qtbot.keyClicks(dialog.location_code, "KZ ALA 01")  # spaces are not allowed: said next to the field
    dialog.idle_minutes.setValue(9)
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.location_code_message.is_error
    assert admin_ctx.settings.get("ui.idle_lock_minutes") == 5  # nothing saved while a field is wrong

    dialog.location_code.clear()
    qtbot.keyClicks(dialog.location_code, "KZ-ALA-02")
    dialog.device_name.clear()
    qtbot.keyClicks(dialog.device_name, "Almaty airport laptop 1")
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert (admin_ctx.session.device.name, admin_ctx.session.device.location_code) == \
        ("Almaty airport laptop 1", "KZ-ALA-02")
    assert audit.entries(admin_ctx.session.conn)[-1].action == "device.update"
    assert admin_ctx.settings.get("ui.idle_lock_minutes") == 9
    admin_ctx.lock()
    with admin_ctx.store.unlock("admin", ADMIN_PW) as again:
        assert again.device.location_code == "KZ-ALA-02"


def test_officers_do_not_see_the_device_part(qtbot, ctx):
    ctx.start_session(ctx.store.unlock("officer", OFFICER_PW))
    dialog = _dialog(qtbot, ctx)
    assert not dialog.can_manage_device and not dialog.device_group.isVisible()
    dialog.idle_minutes.setValue(3)
    _ok(qtbot, dialog)
    assert _stored(ctx) == {"ui.idle_lock_minutes": 3}
    assert ctx.session.device.name == "Test laptop"
