"""First run: the wizard switches language at once, refuses bad input next to the field, creates the store."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from intake_app.i18n import translate
from intake_app.store.store import Store
from intake_app.ui.access import SetupWizard
from tests.ui.access.conftest import TASK_TIMEOUT_MS

PASSPHRASE = "steppe wind 2026"
NEXT, FINISH, CANCEL = QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton, \
    QWizard.WizardButton.CancelButton


def _wizard(qtbot, ctx) -> SetupWizard:
    wizard = SetupWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _click(qtbot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def _fill_admin(qtbot, wizard: SetupWizard, first: str = PASSPHRASE, second: str = PASSPHRASE) -> None:
    page = wizard.admin_page
    for edit, text in ((page.username, "amina"), (page.display_name, "Amina Seitkali"),
                       (page.passphrase.first, first), (page.passphrase.second, second)):
        edit.clear()
        qtbot.keyClicks(edit, text)


def _fill_device(qtbot, wizard: SetupWizard) -> None:
    qtbot.keyClicks(wizard.device_page.device_name, "Khorgos BCP laptop 2")
    qtbot.keyClicks(wizard.device_page.location_code, "KZ-ZHT-KHORGOS")


def test_language_page_switches_the_wizard_texts_at_once(qtbot, new_ctx):
    wizard = _wizard(qtbot, new_ctx)
    english_next = wizard.buttonText(NEXT)
    english_placeholder = wizard.admin_page.username.placeholderText()

    qtbot.mouseClick(wizard.language_page.buttons["kk"], Qt.MouseButton.LeftButton)

    assert new_ctx.language == "kk"
    kazakh = translate("user name of the first administrator", "kk")
    assert kazakh != english_placeholder
    assert wizard.admin_page.username.placeholderText() == kazakh
    assert wizard.device_page.location_code.placeholderText() == translate("location code of the device's post", "kk")
    assert wizard.buttonText(NEXT) != english_next  # Qt's own buttons follow too
    assert wizard.language_page.title() == translate("Welcome to Field Intake", "kk")
    assert json.loads(new_ctx.settings.path.read_text())["values"]["ui.language"] == "kk"

    qtbot.mouseClick(wizard.language_page.buttons["en"], Qt.MouseButton.LeftButton)
    assert wizard.admin_page.username.placeholderText() == english_placeholder
    assert wizard.buttonText(NEXT) == english_next


def test_finishing_creates_the_store_and_starts_a_session(qtbot, new_ctx):
    wizard = _wizard(qtbot, new_ctx)
    _click(qtbot, wizard, NEXT)
    assert wizard.currentId() == SetupWizard.ADMIN_PAGE

    _fill_admin(qtbot, wizard, first="too short", second="too short")
    _click(qtbot, wizard, NEXT)
    assert wizard.currentId() == SetupWizard.ADMIN_PAGE
    assert wizard.admin_page.passphrase.hint.is_error
    assert "10" in wizard.admin_page.passphrase.hint.text()

    _fill_admin(qtbot, wizard, second=PASSPHRASE + "x")
    _click(qtbot, wizard, NEXT)
    assert wizard.currentId() == SetupWizard.ADMIN_PAGE
    assert wizard.admin_page.passphrase.match.is_error

    _fill_admin(qtbot, wizard)
    _click(qtbot, wizard, NEXT)
    assert wizard.currentId() == SetupWizard.DEVICE_PAGE

    _click(qtbot, wizard, FINISH)  # empty device fields: refused next to them, nothing created
    assert wizard.device_page.device_name_message.is_error
    assert wizard.device_page.location_code_message.is_error
    assert not new_ctx.store.exists() and wizard.task is None

    _fill_device(qtbot, wizard)
    with qtbot.waitSignal(wizard.completed, timeout=TASK_TIMEOUT_MS):
        _click(qtbot, wizard, FINISH)

    assert not wizard.isVisible()
    assert new_ctx.unlocked
    session = new_ctx.session
    assert (session.user.username, session.user.display_name) == ("amina", "Amina Seitkali")
    assert (session.device.name, session.device.location_code) == ("Khorgos BCP laptop 2", "KZ-ZHT-KHORGOS")
    assert Store(new_ctx.store.directory).usernames() == ["amina"]
    assert wizard.admin_page.passphrase.first.text() == ""  # the passphrase does not linger in the widget
    new_ctx.lock()
    with new_ctx.store.unlock("amina", PASSPHRASE) as again:
        assert again.user.username == "amina"


def test_a_failure_is_shown_and_nothing_is_half_created(qtbot, new_ctx):
    wizard = _wizard(qtbot, new_ctx)
    _click(qtbot, wizard, NEXT)
    _fill_admin(qtbot, wizard)
    _click(qtbot, wizard, NEXT)
    _fill_device(qtbot, wizard)
    # Another program created a store here meanwhile: the core refuses, the wizard says so and stays open.
    Store(new_ctx.store.directory).create(admin_username="other", admin_passphrase="someone else's store").close()
    _click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: wizard.task is not None and not wizard.task.running, timeout=TASK_TIMEOUT_MS)
    assert wizard.isVisible() and not new_ctx.unlocked
    assert wizard.device_page.status.is_error
    assert "already exists" in wizard.device_page.status.text()
    assert wizard.button(FINISH).isEnabled() and wizard.button(CANCEL).isEnabled()
    assert Store(new_ctx.store.directory).usernames() == ["other"]


def test_cancel_leaves_nothing_and_the_wizard_can_run_again(qtbot, new_ctx):
    wizard = _wizard(qtbot, new_ctx)
    _click(qtbot, wizard, NEXT)
    _fill_admin(qtbot, wizard)
    with qtbot.waitSignal(wizard.cancelled):
        _click(qtbot, wizard, CANCEL)
    assert not wizard.isVisible() and not new_ctx.store.exists() and not new_ctx.unlocked
    assert wizard.admin_page.passphrase.first.text() == ""

    wizard.show()  # no dead end: the shell shows it again
    assert wizard.currentId() == SetupWizard.LANGUAGE_PAGE
    _click(qtbot, wizard, NEXT)
    _fill_admin(qtbot, wizard)
    _click(qtbot, wizard, NEXT)
    _fill_device(qtbot, wizard)
    with qtbot.waitSignal(wizard.completed, timeout=TASK_TIMEOUT_MS):
        _click(qtbot, wizard, FINISH)
    assert new_ctx.unlocked and new_ctx.store.exists()
