"""The shell: pages, menus and shortcuts, wired to the screens. No business logic here.

Pages: first-run setup, unlock, and the workspace (records list, record
view, capture). Locking (Ctrl+L, or idle time) first saves any open draft,
then closes the session and shows the unlock page: every page drops or hides
personal data on ``session_locked``, and the capture page keeps unsaved
input in memory so it is still there after unlocking.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QApplication, QLabel, QMainWindow, QMenu, QMessageBox, QStackedWidget, QVBoxLayout,
                               QWidget)

from intake_app import __version__
from intake_app.errors import UserError
from intake_app.i18n import INTERFACE_LANGUAGES, _
from intake_app.roles import Permission, Role, role_label
from intake_app.ui.access.fields import LANGUAGE_NAMES
from intake_app.ui.access.idle import IdleLocker
from intake_app.ui.access.unlock import UnlockPage
from intake_app.ui.context import UiContext

if TYPE_CHECKING:
    from intake_app.ui.form.capture_page import CapturePage
    from intake_app.ui.sync.runner import SyncRunner
    from intake_app.ui.records import RecordsPage, RecordViewPage



class AdminHome(QWidget):
    """What an administrator sees: device facts and the way to user management (no applicant data)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        ctx.language_changed.connect(self.retranslate)
        ctx.session_started.connect(self.retranslate)

    def retranslate(self) -> None:
        if not self.ctx.unlocked:
            self.label.clear()
            return
        device = self.ctx.session.device
        self.label.setText("<h2>{}</h2><p>{}</p><p>{}</p>".format(
            _("Device administration"),
            _("Device “{name}” (code {code}), location {location}.").format(
                name=device.name or "-", code=device.device_code, location=device.location_code or "-"),
            _("Use Tools → Users to add or remove users, and Tools → Settings for this device.")))


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.pages = QStackedWidget(self)
        self.setCentralWidget(self.pages)
        self.unlock_page = UnlockPage(ctx, self)
        self.workspace = QStackedWidget(self)
        self.admin_home = AdminHome(ctx, self)
        self.workspace.addWidget(self.admin_home)
        # The record pages (and the forms engine behind them) are built at the
        # first unlock, so the unlock window appears as fast as possible.
        self.records_page: RecordsPage | None = None
        self.record_view: RecordViewPage | None = None
        self.capture: CapturePage | None = None
        self.sync_runner: SyncRunner | None = None
        self.pages.addWidget(self.unlock_page)
        self.pages.addWidget(self.workspace)
        self.idle = IdleLocker(ctx, self)
        self.idle.lock_requested.connect(self.lock)
        self._build_actions()
        self._connect_pages()
        ctx.language_changed.connect(self.retranslate)
        ctx.session_started.connect(self._on_session_started)
        self.retranslate()
        self._restore_geometry()
        self.pages.setCurrentWidget(self.unlock_page)

    # -- actions ----------------------------------------------------------

    def _build_actions(self) -> None:
        self.file_menu = QMenu(self)
        self.new_menu = QMenu(self)
        self.view_menu = QMenu(self)
        self.language_menu = QMenu(self)
        self.tools_menu = QMenu(self)
        self.help_menu = QMenu(self)
        for menu in (self.file_menu, self.view_menu, self.tools_menu, self.help_menu):
            self.menuBar().addMenu(menu)
        self.new_action = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.New))
        self.new_action.triggered.connect(self._new_default)
        self.search_action = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        self.search_action.triggered.connect(self._focus_search)
        self.lock_action = QAction(self, shortcut=QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addMenu(self.new_menu)
        for action in (self.new_action, self.search_action, self.lock_action):
            self.file_menu.addAction(action)
            self.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu.addMenu(self.language_menu)
        self.language_actions = {}
        for lang in INTERFACE_LANGUAGES:
            action = QAction(LANGUAGE_NAMES[lang], self, checkable=True)
            action.triggered.connect(lambda _checked=False, lang=lang: self.ctx.set_language(lang))
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self.sync_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+Y"))
        self.sync_action.triggered.connect(self._open_sync)
        self.tools_menu.addAction(self.sync_action)
        self.addAction(self.sync_action)
        self.users_action = QAction(self)
        self.users_action.triggered.connect(self._open_users)
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self._open_settings)
        self.tools_menu.addAction(self.users_action)
        self.tools_menu.addAction(self.settings_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)

    def _build_record_pages(self) -> tuple[RecordsPage, RecordViewPage, CapturePage]:
        if self.records_page is None or self.record_view is None or self.capture is None:
            from intake_app.ui.form.capture_page import CapturePage
            from intake_app.ui.records import RecordsPage, RecordViewPage

            self.records_page = RecordsPage(self.ctx, self)
            self.record_view = RecordViewPage(self.ctx, self)
            self.capture = CapturePage(self.ctx, self)
            for page in (self.records_page, self.record_view, self.capture):
                self.workspace.addWidget(page)
            self._connect_record_pages()
        return self.records_page, self.record_view, self.capture

    def _connect_pages(self) -> None:
        pass  # the unlock page starts the session; session_started drives the switch

    def _connect_record_pages(self) -> None:
        assert self.records_page and self.record_view and self.capture
        self.records_page.open_record.connect(self._show_record)
        self.records_page.new_record.connect(self._new_record)
        self.records_page.edit_draft.connect(self._edit_draft)
        self.record_view.edit_requested.connect(self._edit_draft)
        self.record_view.amend_requested.connect(self._amend)
        self.record_view.back.connect(self._show_list)
        self.record_view.receipt_requested.connect(self._open_receipt)
        self.capture.submitted.connect(self._submitted)
        self.capture.closed.connect(self._show_list)
        self.capture.open_record.connect(self._show_record)

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.new_menu.setTitle(_("New record"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("Interface language"))
        self.tools_menu.setTitle(_("&Tools"))
        self.help_menu.setTitle(_("&Help"))
        self.new_action.setText(_("New (default form)"))
        self.search_action.setText(_("Search"))
        self.lock_action.setText(_("Lock"))
        self.quit_action.setText(_("Quit"))
        self.users_action.setText(_("Users…"))
        self.sync_action.setText(_("Sync…"))
        self.settings_action.setText(_("Settings…"))
        self.about_action.setText(_("About Field Intake"))
        for lang, action in self.language_actions.items():
            action.setChecked(lang == self.ctx.language)
        self._update_title()
        self._update_forms_menu()

    def _update_title(self) -> None:
        if self.ctx.unlocked:
            user = self.ctx.session.user
            self.setWindowTitle(_("Field Intake — {user} ({role}) — {device}").format(
                user=user.display_name or user.username, role=role_label(user.role),
                device=self.ctx.session.device.name or self.ctx.session.device.device_code))
        else:
            self.setWindowTitle(_("Field Intake"))

    def _update_forms_menu(self) -> None:
        self.new_menu.clear()
        unlocked = self.ctx.unlocked
        forms = self.ctx.session.usable_forms() if unlocked else []
        for form in forms:
            action = self.new_menu.addAction(form.title(self.ctx.language))
            action.triggered.connect(lambda _checked=False, form_id=form.id: self._new_record(form_id))
        self.new_menu.setEnabled(bool(forms))
        self.new_action.setEnabled(bool(forms))
        self.search_action.setEnabled(bool(forms))
        self.lock_action.setEnabled(unlocked)
        is_admin = unlocked and self.ctx.session.role is Role.ADMIN
        self.users_action.setEnabled(is_admin)

    # -- session ----------------------------------------------------------

    def _on_session_started(self) -> None:
        self.retranslate()
        self.pages.setCurrentWidget(self.workspace)
        session = self.ctx.session
        if session.may(Permission.SYNC_RECORDS):
            self._sync_runner()
        if session.may(Permission.CAPTURE_RECORDS):
            _, _, capture = self._build_record_pages()
            if capture.has_open_record():
                self.workspace.setCurrentWidget(capture)  # unsaved input survived the lock
                capture.focus_first()
            else:
                self._show_list()
        else:
            self.workspace.setCurrentWidget(self.admin_home)
            self.admin_home.setFocus(Qt.FocusReason.OtherFocusReason)

    def lock(self) -> None:
        """Save drafts, close the session, hide everything personal."""
        if not self.ctx.unlocked:
            return
        if self.capture is not None:
            self.capture.flush()
        self.ctx.lock()
        layout = sys.modules.get("intake_app.receipts.text_layout")
        if layout is not None:  # laid-out receipt lines hold applicants' names
            layout.clear_caches()
        self.unlock_page.reset()
        self.pages.setCurrentWidget(self.unlock_page)
        self.retranslate()

    # -- navigation -------------------------------------------------------

    def _show_list(self) -> None:
        records_page, _, _ = self._build_record_pages()
        records_page.refresh()
        self.workspace.setCurrentWidget(records_page)
        records_page.focus_search()  # the page a person lands on: ready to type a name or number

    def _show_record(self, record_id: str) -> None:
        _, record_view, _ = self._build_record_pages()
        record_view.show_record(record_id)
        self.workspace.setCurrentWidget(record_view)
        record_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _new_default(self) -> None:
        forms = self.ctx.session.usable_forms() if self.ctx.unlocked else []
        if forms:
            self._new_record(forms[0].id)

    def _new_record(self, form_id: str) -> None:
        _, _, capture = self._build_record_pages()
        capture.new_record(form_id)
        self.workspace.setCurrentWidget(capture)
        capture.focus_first()

    def _edit_draft(self, record_id: str) -> None:
        _, _, capture = self._build_record_pages()
        capture.edit_draft(record_id)
        self.workspace.setCurrentWidget(capture)
        capture.focus_first()

    def _amend(self, record_id: str) -> None:
        _, _, capture = self._build_record_pages()
        capture.amend(record_id)
        self.workspace.setCurrentWidget(capture)
        capture.focus_first()

    def _submitted(self, record_id: str, _receipt: str) -> None:
        """After submission: the record with its receipt number, and the receipt ready to print."""
        self._show_record(record_id)
        if self.record_view is not None and self.record_view.receipt_button.isVisible():
            self._open_receipt(record_id)

    def _open_receipt(self, record_id: str) -> None:
        from intake_app.receipts.service import applicant_language
        from intake_app.records.reading import get_record
        from intake_app.ui.errors import show_error
        from intake_app.ui.receipts.receipt_dialog import ReceiptDialog

        session = self.ctx.session
        try:
            record = get_record(session, record_id)
            dialog = ReceiptDialog(self.ctx, record.id, record.receipt_no or "",
                                   applicant_language(session, record.id), self)
        except UserError as exc:
            show_error(self, exc)
            return
        dialog.finished.connect(dialog.deleteLater)
        self.receipt_dialog = dialog
        dialog.open()

    def _focus_search(self) -> None:
        if self.ctx.unlocked and self.ctx.session.usable_forms():
            records_page, _, _ = self._build_record_pages()
            self.workspace.setCurrentWidget(records_page)
            records_page.focus_search()

    def _sync_runner(self) -> SyncRunner:
        """The one background sync runner, made at the first unlock of a user who may sync."""
        if self.sync_runner is None:
            from intake_app.ui.sync.runner import SyncRunner

            self.sync_runner = SyncRunner(self.ctx, self)
            self.sync_runner.start_auto()
        return self.sync_runner

    def _open_sync(self) -> None:
        if not self.ctx.unlocked or not self.ctx.session.may(Permission.SYNC_RECORDS):
            return
        from intake_app.ui.sync.sync_panel import SyncPanel

        panel = SyncPanel(self.ctx, self._sync_runner(), self)
        panel.finished.connect(panel.deleteLater)
        self.sync_panel = panel
        panel.open()

    def _open_users(self) -> None:
        from intake_app.ui.access.users_dialog import UsersDialog

        UsersDialog(self.ctx, self).exec()

    def _open_settings(self) -> None:
        from intake_app.ui.access.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()
        self.idle.restart()

    def _about(self) -> None:
        QMessageBox.about(self, _("About Field Intake"), "<b>{}</b><p>{}</p><p>{}</p>".format(
            _("Field Intake"), _("Version {v}").format(v=__version__),
            _("Encrypted registration of asylum applications and detention visits.")))

    # -- window -----------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = self.ctx.settings.get("ui.window_geometry")
        if not saved or not self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            self.resize(1280, 760)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.capture is not None:
            self.capture.flush()
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.ctx.settings.set("ui.window_geometry", geometry)
        self.ctx.lock()
        event.accept()


def run_setup_if_needed(ctx: UiContext, window: MainWindow) -> bool:
    """First run: the setup wizard; returns False if the user closed it without creating a store."""
    if ctx.store.exists():
        return True
    from intake_app.ui.access.wizard import SetupWizard

    wizard = SetupWizard(ctx, window)
    return bool(wizard.exec()) and ctx.store.exists()


__all__ = ["MainWindow", "run_setup_if_needed", "QApplication"]
