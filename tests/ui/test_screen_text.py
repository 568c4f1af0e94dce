"""Every window and dialog shows its texts whole, and its standard buttons in the interface language.

Each screen is opened as on a 1366×768 laptop (dialogs at the size Qt gives a
new window there, the main window at the screen-fit budget), in Kazakh,
Russian and English, in the states a person meets: with errors shown next
to fields, with records, with a correction. Any clipped label (wider than its
place, wrapped into fewer lines than it needs, or cut by the frame around it),
any standard button (OK, Cancel, Next …) not in our catalogs' words, and any
symbol no installed font draws (an empty box) fails the test, with the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

from intake_app import i18n
from intake_app.errors import UserError
from intake_app.settings import Settings
from intake_app.store.store import Store
from intake_app.ui import errors
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from tests.conftest import ADMIN_PW, FORMS_DIR, OFFICER_PW
from tests.ui.test_screen_fit import BUDGET, LANGUAGES
from tests.ui.text_checks import open_as_on_screen, settle, text_problems

PASSPHRASE = "steppe wind 2026"


@pytest.fixture(params=LANGUAGES)
def lang(request) -> Iterator[str]:
    yield request.param
    i18n.set_language("en")


@pytest.fixture
def contexts(qapp) -> Iterator[list[UiContext]]:
    made: list[UiContext] = []
    yield made
    for ctx in made:
        ctx.lock()
        ctx.set_language("en", remember=False)


def _context(contexts: list[UiContext], store: Store, directory: Path, lang: str) -> UiContext:
    ctx = UiContext(store, Settings.in_dir(directory))
    ctx.set_language(lang, remember=False)
    contexts.append(ctx)
    return ctx


def _check(window: QWidget, lang: str, where: str) -> list[str]:
    return [f"{where}: {problem}" for problem in text_problems(window, lang)]


def test_setup_wizard_pages(qtbot, lang, contexts, tmp_path):
    """The language chosen on page 1 applies at once, to Qt's buttons too; errors and subtitles show whole."""
    from intake_app.ui.access.wizard import SetupWizard

    ctx = _context(contexts, Store(tmp_path / "new-device"), tmp_path / "settings", "en" if lang != "en" else "kk")
    wizard = SetupWizard(ctx)
    qtbot.addWidget(wizard)
    open_as_on_screen(wizard)
    qtbot.mouseClick(wizard.language_page.buttons[lang], Qt.MouseButton.LeftButton)
    problems = _check(wizard, lang, "language page")

    wizard.next()
    page = wizard.admin_page
    for edit, text in ((page.username, "amina"), (page.display_name, "Amina Seitkali"),
                       (page.passphrase.first, PASSPHRASE), (page.passphrase.second, PASSPHRASE + "x")):
        qtbot.keyClicks(edit, text)
    wizard.next()  # refused: the two passphrases differ
    assert wizard.currentId() == SetupWizard.ADMIN_PAGE and page.passphrase.match.is_error
    problems += _check(wizard, lang, "administrator page, passphrases differ")

    qtbot.keyClick(page.passphrase.second, Qt.Key.Key_Backspace)
    wizard.next()
    assert wizard.currentId() == SetupWizard.DEVICE_PAGE
    problems += _check(wizard, lang, "device page")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.device_page.location_code_message.is_error  # nothing typed: refused next to the fields
    problems += _check(wizard, lang, "device page, fields missing")
    assert problems == [], "\n".join(problems)


def _officer_records(session, tmp_path: Path) -> dict[str, str]:
    """A submitted and amended record, a draft with a scan: the states the records screens show."""
    from intake_app.records import lifecycle
    from intake_app.records.reading import get_record
    from tests.records.sample import application, write_scan

    scan = write_scan(tmp_path / "scans")
    amended = lifecycle.create_draft(session, "asylum_application", application(),
                                     files=[("application_scan", scan)])
    lifecycle.submit(session, amended)
    current = get_record(session, amended).current
    assert current is not None
    lifecycle.amend(session, amended, dict(current.data, name_latin="Abdullayev Rustam"),
                    "Latin spelling as in the passport")
    draft = lifecycle.create_draft(session, "asylum_application",
                                   application("Юсупова Дилноза", "Yusupova Dilnoza", birth_date="1990"),
                                   files=[("application_scan", scan)])
    return {"amended": amended, "draft": draft}


def test_main_window_pages(qtbot, lang, contexts, store, tmp_path, monkeypatch):
    """Unlock (a wrong passphrase), the list, a record, the form (a draft, all errors, a correction), questions."""
    from intake_app.ui.main_window import MainWindow

    monkeypatch.setenv("INTAKE_FORMS_DIR", str(FORMS_DIR))
    ctx = _context(contexts, store, tmp_path / "settings", lang)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(BUDGET)
    window.show()
    window.unlock_page.select_user("officer")
    window.unlock_page.passphrase.setText("not the passphrase")
    window.unlock_page.try_unlock()
    qtbot.waitUntil(lambda: window.unlock_page.message.is_error, timeout=15_000)
    problems = _check(window, lang, "unlock page, wrong passphrase")

    officer = store.unlock("officer", OFFICER_PW)
    officer.forms_dir = FORMS_DIR
    ids = _officer_records(officer, tmp_path)
    with qtbot.waitSignal(ctx.session_started, timeout=10_000):
        ctx.start_session(officer)
    problems += _check(window, lang, "records list")
    window._show_record(ids["amended"])
    problems += _check(window, lang, "record view, amended")
    window._edit_draft(ids["draft"])
    qtbot.waitUntil(lambda: window.capture is not None and not _busy(window), timeout=15_000)
    problems += _check(window, lang, "capture page, draft with a scan")
    window.capture.close_page()
    window._new_record("asylum_application")
    assert window.capture.editor is not None
    window.capture.editor.validate()  # every message shown, as after "Check the whole form"
    problems += _check(window, lang, "capture page, new record checked")
    window.capture.close_page()
    window._amend(ids["amended"])
    problems += _check(window, lang, "capture page, correction")
    window.capture.discard_correction()
    assert window.capture.discard_box is not None
    problems += _check(window.capture.discard_box, lang, "capture page, discard the correction?")
    window.capture.discard_box.reject()
    window.capture.close_page()
    show_error(window, UserError(i18n._("The store is locked."), details=["a detail"]))
    box = next(iter(errors._open_boxes))
    problems += _check(box, lang, "error message")
    box.reject()
    assert problems == [], "\n".join(problems)


def _busy(window) -> bool:
    from intake_app.ui.form.attachments_widget import AttachmentInput

    editor = window.capture.editor
    return editor is None or any(field.busy for field in editor.findChildren(AttachmentInput))


def test_officer_dialogs(qtbot, lang, contexts, store, tmp_path):
    """Sync, receipt, void, submit (with duplicates, and a correction), an attachment, a question: all whole."""
    from intake_app.records.attachment_store import AttachmentInfo
    from intake_app.records.reading import get_record, list_summaries
    from intake_app.ui.form.attachment_viewer import AttachmentViewer
    from intake_app.ui.form.capture_dialogs import SubmitDialog
    from intake_app.ui.receipts.receipt_dialog import ReceiptDialog
    from intake_app.ui.records.void_dialog import VoidDialog
    from intake_app.ui.sync.runner import SyncRunner
    from intake_app.ui.sync.sync_panel import SyncPanel
    from tests.records.sample import png_bytes

    officer = store.unlock("officer", OFFICER_PW)
    officer.forms_dir = FORMS_DIR
    ctx = _context(contexts, store, tmp_path / "settings", lang)
    ids = _officer_records(officer, tmp_path)
    ctx.start_session(officer)
    record = get_record(officer, ids["amended"])
    host = QWidget()
    qtbot.addWidget(host)
    problems: list[str] = []

    panel = SyncPanel(ctx, SyncRunner(ctx, host), host)
    panel.finished.connect(panel.deleteLater)  # as the main window does: closed panels are gone
    open_as_on_screen(panel)
    problems += _check(panel, lang, "sync panel")
    panel.reject()

    receipt = ReceiptDialog(ctx, record.id, record.receipt_no or "", "uz", host)
    receipt.finished.connect(receipt.deleteLater)
    open_as_on_screen(receipt)
    qtbot.waitUntil(lambda: receipt.pdf is not None, timeout=20_000)
    problems += _check(receipt, lang, "receipt dialog")
    receipt.reject()

    duplicates = [summary for summary in list_summaries(officer) if summary.id == record.id]
    names = ["Абдуллаева Гульнара Рустамовна-Кызы", "Abdullayeva Gulnara Rustamovna-Kyzy"]
    form = officer.forms.get("asylum_application")
    for where, dialog in (("void dialog", VoidDialog(record.receipt_no or "", host)),
                          ("submit dialog", SubmitDialog(names, amendment=False, duplicates=duplicates,
                                                         form=form, data=record.versions[0].data, parent=host)),
                          ("submit dialog, correction", SubmitDialog(names, amendment=True, form=form,
                                                                     data=record.current.data,
                                                                     previous=record.versions[0].data,
                                                                     parent=host)),
                          ("submit dialog, correction changing nothing", SubmitDialog(
                              names, amendment=True, form=form, data=record.current.data,
                              previous=record.current.data, parent=host)),
                          ("attachment viewer", AttachmentViewer(
                              AttachmentInfo("sha256:00", "image/png", 1, "scan.png"), png_bytes(600, 800), host)),
                          ("attachment viewer, PDF", AttachmentViewer(
                              AttachmentInfo("sha256:01", "application/pdf", 1, "scan.pdf"), b"%PDF-1.4", host))):
        open_as_on_screen(dialog)
        problems += _check(dialog, lang, where)
        dialog.reject()
    assert problems == [], "\n".join(problems)


def test_admin_dialogs(qtbot, lang, contexts, store, tmp_path):
    """Settings (with a field refused), users, adding a user (passphrases differ), a reset, removing: all whole."""
    from PySide6.QtWidgets import QMessageBox

    from intake_app.ui.access.settings_dialog import SettingsDialog
    from intake_app.ui.access.users_dialog import AddUserDialog, ResetPassphraseDialog, UsersDialog

    ctx = _context(contexts, store, tmp_path / "settings", lang)
    ctx.start_session(store.unlock("admin", ADMIN_PW))
    host = QWidget()
    qtbot.addWidget(host)
    problems: list[str] = []

    settings = SettingsDialog(ctx, host)
    open_as_on_screen(settings)
    problems += _check(settings, lang, "settings")
    settings.location_code.setText("")
    settings.apply()  # refused next to the field
    assert settings.location_code_message.is_error
    problems += _check(settings, lang, "settings, location code missing")
    settings.reject()

    users = UsersDialog(ctx, host)
    open_as_on_screen(users)
    problems += _check(users, lang, "users")
    users.select_user("officer")
    question = users.remove()
    assert isinstance(question, QMessageBox)
    settle()
    problems += _check(question, lang, "users, remove question")
    question.reject()

    add = AddUserDialog(ctx, users)
    open_as_on_screen(add)
    add.passphrase.first.setText(PASSPHRASE)
    add.passphrase.second.setText(PASSPHRASE + "x")
    add.submit()
    problems += _check(add, lang, "add user, passphrases differ")
    add.reject()

    reset = ResetPassphraseDialog(ctx, "officer", users)
    open_as_on_screen(reset)
    problems += _check(reset, lang, "reset passphrase")
    reset.reject()
    users.reject()
    assert problems == [], "\n".join(problems)
