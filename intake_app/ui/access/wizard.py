"""First run: choose the language, create the encrypted store and its first administrator, name the device.

Nothing is written until Finish; the store is then created in one step by the
core (``Store.create``), which removes anything half-made if it fails. The
Argon2id work runs through ``run_task`` so the window stays responsive. A
cancelled wizard leaves no trace and can be shown again (``cancelled``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QDialog, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from intake_app.protocol.device_identity import check_device_name, check_location_code
from intake_app.errors import UserError
from intake_app.i18n import INTERFACE_LANGUAGES, _
from intake_app.session import Session
from intake_app.credentials import check_username
from intake_app.ui.access.fields import (LANGUAGE_NAMES, FieldMessage, FormLayout, PassphrasePair, check_field,
                                         with_message)
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from intake_app.ui.standard_buttons import retranslate_wizard_buttons
from intake_app.ui.tasks import Progress, TaskHandle, run_task


class LanguagePage(QWizardPage):
    """The first choice, made before anything else, so the rest of the wizard is read in that language."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(12)
        self.buttons: dict[str, QRadioButton] = {}
        for code in INTERFACE_LANGUAGES:
            button = QRadioButton(LANGUAGE_NAMES[code], self)
            button.setChecked(code == ctx.language)
            button.toggled.connect(lambda on, code=code: self._choose(code) if on else None)
            self.group.addButton(button)
            self.buttons[code] = button
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeading)
        layout.addStretch(1)
        self.retranslate()

    def _choose(self, code: str) -> None:
        if code != self.ctx.language:
            self.ctx.set_language(code)

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Field Intake"))
        self.setSubTitle(_("Choose the language of the interface. You can change it later in the settings."))
        self.intro.setText(_("This sets up this device: an encrypted store for applications and visit reports, "
                             "its first administrator, and the device's name and location."))
        for code, button in self.buttons.items():
            button.setChecked(code == self.ctx.language)


class AdminPage(QWizardPage):
    """The first administrator: the only account that exists until they add others."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = QLineEdit(self)
        self.username.setMaxLength(64)
        self.username_message = FieldMessage(self)
        self.display_name = QLineEdit(self)
        self.username_label = QLabel(self)
        self.display_name_label = QLabel(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.passphrase = PassphrasePair(self)
        form = FormLayout(self)
        form.addRow(self.username_label, with_message(self.username, self.username_message))
        form.addRow(self.display_name_label, self.display_name)
        self.passphrase.add_to(form)
        form.addRow(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("First administrator"))
        self.setSubTitle(_("The administrator adds and removes the people who use this device. "
                           "An administrator does not see applicants' data."))
        self.username_label.setText(_("User name:"))
        self.username.setPlaceholderText(_("user name of the first administrator"))
        self.display_name_label.setText(_("Full name:"))
        self.display_name.setPlaceholderText(_("the administrator's full name"))
        self.username_message.retranslate()
        self.note.setText(_("Nobody can recover a forgotten passphrase. Another administrator can set a new one; "
                            "with no other administrator, the data on this device cannot be opened."))
        self.passphrase.retranslate()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Check with the core's own rules before moving on, and say what to fix next to the field."""
        return (check_field(self.username, self.username_message, lambda: check_username(self.username.text()))
                and self.passphrase.validate() is not None)


class DevicePage(QWizardPage):
    """Where the device works: printed on receipts and attached to every record."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.device_name = QLineEdit(self)
        self.device_name_message = FieldMessage(self)
        self.location_code = QLineEdit(self)
        self.location_code_message = FieldMessage(self)
        self.device_name_label = QLabel(self)
        self.location_code_label = QLabel(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.status = FieldMessage(self)
        form = FormLayout(self)
        form.addRow(self.device_name_label, with_message(self.device_name, self.device_name_message))
        form.addRow(self.location_code_label, with_message(self.location_code, self.location_code_message))
        form.addRow(self.note)
        form.addRow(self.status)
        self.setFinalPage(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("This device"))
        # A wizard's subtitle has room for two lines only: what to do next goes on the page.
        self.setSubTitle(_("Receipts and records show where an application was made."))
        self.note.setText(_("Press Finish to create the encrypted store; this takes a few seconds."))
        self.device_name_label.setText(_("Device name:"))
        self.device_name.setPlaceholderText(_("a name for this device, e.g. “Khorgos BCP laptop 2”"))
        self.location_code_label.setText(_("Location code:"))
        self.location_code.setPlaceholderText(_("location code of the device's post"))
        for message in self.findChildren(FieldMessage):
            message.retranslate()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if self._wizard.session_started:
            return True
        fields_ok = all([
            check_field(self.location_code, self.location_code_message,
                        lambda: check_location_code(self.location_code.text())),
            check_field(self.device_name, self.device_name_message,
                        lambda: check_device_name(self.device_name.text())),
        ])
        if fields_ok and not self._wizard.creating:
            self._wizard.start_creation()
        return False  # the wizard finishes itself once the store exists


class SetupWizard(QWizard):
    """First-run wizard; emits ``completed`` once the store exists and a session has started."""

    completed = Signal()
    cancelled = Signal()

    LANGUAGE_PAGE, ADMIN_PAGE, DEVICE_PAGE = range(3)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: TaskHandle[Session] | None = None
        self.session_started = False
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.language_page = LanguagePage(ctx, self)
        self.admin_page = AdminPage(ctx, self)
        self.device_page = DevicePage(self)
        self.setPage(self.LANGUAGE_PAGE, self.language_page)
        self.setPage(self.ADMIN_PAGE, self.admin_page)
        self.setPage(self.DEVICE_PAGE, self.device_page)
        self.setMinimumSize(560, 460)
        ctx.language_changed.connect(self.retranslate)  # once here, for every page (see done())
        self.retranslate()

    @property
    def creating(self) -> bool:
        return self.task is not None and self.task.running

    def retranslate(self) -> None:
        self.setWindowTitle(_("Set up Field Intake"))
        retranslate_wizard_buttons(self)  # Qt renames them only when the next page is shown
        for page in (self.language_page, self.admin_page, self.device_page):
            page.retranslate()

    # -- creating the store -------------------------------------------------

    def start_creation(self) -> None:
        """Create the store and its administrator off the GUI thread (Argon2id takes a moment)."""
        admin, device = self.admin_page, self.device_page
        passphrase = admin.passphrase.validate()
        if passphrase is None:  # changed since the page was left: go back and show why
            self.back()
            return
        store = self.ctx.store
        username, display_name = admin.username.text(), admin.display_name.text()
        device_name, location_code = device.device_name.text(), device.location_code.text()

        def work(_progress: Progress) -> Session:
            return store.create(admin_username=username, admin_passphrase=passphrase,
                                admin_display_name=display_name, device_name=device_name,
                                location_code=location_code)

        self._set_busy(True)
        self.task = run_task(self, work, title=_("Creating the encrypted store…"), on_done=self._created,
                             on_error=self._failed, cancellable=False, show_progress=False)

    def _created(self, session: Session) -> None:
        self.session_started = True
        self.admin_page.passphrase.clear()
        self._set_busy(False)
        self.ctx.start_session(session)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self.device_page.status.show_error(exc.message)
        else:
            self.device_page.status.clear()
            show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                       QWizard.WizardButton.CancelButton):
            self.button(button).setEnabled(not busy)
        for page in (self.admin_page, self.device_page):
            for edit in page.findChildren(QLineEdit):
                edit.setEnabled(not busy)
        if busy:
            self.device_page.status.show_hint(lambda: _("Creating the encrypted store…"))
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # -- closing --------------------------------------------------------------

    def reject(self) -> None:
        """Cancel (button, Esc or window close), but never while the store is being written."""
        if not self.creating:
            super().reject()

    def done(self, result: int) -> None:
        """Finish creates the store first (``DevicePage.validatePage``); the wizard closes once it exists."""
        accepted = result == QDialog.DialogCode.Accepted.value
        super().done(result)  # on Finish, validates the page: starts the creation and refuses until it is done
        if accepted and not self.session_started:
            return
        if accepted:
            # Done for good: the shell may delete it, so stop following the language.
            self.ctx.language_changed.disconnect(self.retranslate)
            self.completed.emit()
        else:
            self._forget()
            self.cancelled.emit()

    def _forget(self) -> None:
        """Clear what was typed, so a wizard shown again starts clean and keeps no passphrase."""
        self.admin_page.passphrase.clear()
        for page in (self.admin_page, self.device_page):
            for message in page.findChildren(FieldMessage):
                message.clear()
        self.admin_page.passphrase.retranslate()
        self.restart()
