"""Administrators manage the device's accounts: list, add, edit, remove, reset a passphrase.

Every action is the core's (``intake_app.users.service``), which checks the
role, keeps at least one administrator and writes the audit log; this dialog
only collects input and shows the outcome. Sealing a key slot runs Argon2id,
so adding a user and setting a passphrase run through ``run_store_task`` on a
forked session. The dialog closes when the store is locked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.roles import Role, role_label
from intake_app.session import Session
from intake_app.credentials import check_username
from intake_app.ui.access.fields import (FieldMessage, FormLayout, PassphrasePair, check_field, connect_while_open,
                                         password_edit, with_message)
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from intake_app.ui.tasks import Progress, TaskHandle, run_store_task
from intake_app.users.service import (MAX_SERVICE_NUMBER, UserInfo, add_user, change_passphrase, list_users,
                                      remove_user, update_user)


class _SessionTaskDialog(QDialog):
    """A small form whose OK runs one core call on a forked session, off the GUI thread."""

    def __init__(self, ctx: UiContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: TaskHandle[None] | None = None
        self.form = FormLayout()
        self.status = FieldMessage(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        connect_while_open(self, [(ctx.language_changed, self.retranslate), (ctx.session_locked, self.reject)])

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def retranslate(self) -> None:
        self.status.retranslate()

    def submit(self) -> None:
        raise NotImplementedError

    def run(self, call: Callable[[Session], None], working: str) -> None:
        """Run ``call`` on a fork of the session; accept on success, show the core's message on failure."""
        def work(own: Session, _progress: Progress) -> None:
            call(own)

        self.task = run_store_task(self, self.ctx, work, title=working, on_done=self._done, on_error=self._failed,
                                   cancellable=False, show_progress=False)
        self._set_busy(True)
        self.status.show_hint(working)

    def _done(self, _result: None) -> None:
        self._set_busy(False)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self.status.show_error(exc.message)
        else:
            self.status.clear()
            show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        for child in self.findChildren(QWidget):
            if isinstance(child, (QLineEdit, QComboBox, QPushButton)):
                child.setEnabled(not busy)

    def reject(self) -> None:
        """Not while the change is being made, unless a lock abandoned it (the dialog then closes at once)."""
        if self.task is None or not self.task.running or self.task.abandoned:
            super().reject()


class _AccountFields:
    """Full name and service number, as the add and edit dialogs ask for them (prefilled on records)."""

    def __init__(self, dialog: _SessionTaskDialog) -> None:
        self.display_name_label, self.service_number_label = QLabel(dialog), QLabel(dialog)
        self.display_name = QLineEdit(dialog)
        self.service_number = QLineEdit(dialog)
        self.service_number.setMaxLength(MAX_SERVICE_NUMBER)
        dialog.form.addRow(self.display_name_label, self.display_name)
        dialog.form.addRow(self.service_number_label, self.service_number)

    def retranslate(self) -> None:
        self.display_name_label.setText(_("Full name:"))
        self.service_number_label.setText(_("Service number:"))
        self.service_number.setPlaceholderText(_("the number of the service ID card, if any"))


class AddUserDialog(_SessionTaskDialog):
    """A new account: user name, role, full name, service number and a first passphrase typed twice."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.username_label, self.role_label = QLabel(self), QLabel(self)
        self.username = QLineEdit(self)
        self.username.setMaxLength(64)
        self.username_message = FieldMessage(self)
        self.role = QComboBox(self)
        for role in (Role.OFFICER, Role.MONITOR, Role.ADMIN):
            self.role.addItem("", role.value)
        self.form.addRow(self.username_label, with_message(self.username, self.username_message))
        self.form.addRow(self.role_label, self.role)
        self.account = _AccountFields(self)
        self.display_name = self.account.display_name
        self.passphrase = PassphrasePair(self)
        self.passphrase.add_to(self.form)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add a user"))
        self.username_label.setText(_("User name:"))
        self.role_label.setText(_("Role:"))
        self.account.retranslate()
        for index in range(self.role.count()):
            self.role.setItemText(index, role_label(Role(self.role.itemData(index))))
        self.ok_button.setText(_("Add"))
        self.passphrase.retranslate()

    @property
    def chosen_role(self) -> Role:
        return Role(self.role.currentData())

    def submit(self) -> None:
        if not check_field(self.username, self.username_message, lambda: check_username(self.username.text())):
            return
        passphrase = self.passphrase.validate()
        if passphrase is None:
            return
        username, role, display_name = self.username.text().strip(), self.chosen_role, self.display_name.text()
        number = self.account.service_number.text()
        self.run(lambda session: add_user(session, username, role, passphrase, display_name, number),
                 _("Adding the user…"))

    def _done(self, _result: None) -> None:
        self.passphrase.clear()
        super()._done(_result)

    def reject(self) -> None:
        super().reject()
        if not self.isVisible():
            self.passphrase.clear()


class EditUserDialog(_SessionTaskDialog):
    """A user's full name and service number, which new records of theirs are prefilled with."""

    def __init__(self, ctx: UiContext, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.username = user.username
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)
        self.account = _AccountFields(self)
        self.account.display_name.setText(user.display_name)
        self.account.service_number.setText(user.service_number)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Edit a user"))
        self.intro.setText(_("New records of “{user}” are filled in with this name and service number; "
                             "they can still change them on each record.").format(user=self.username))
        self.account.retranslate()

    def submit(self) -> None:
        username = self.username
        name, number = self.account.display_name.text(), self.account.service_number.text()

        def save(session: Session) -> None:
            update_user(session, username, display_name=name, service_number=number)

        self.run(save, _("Saving the account…"))


class ResetPassphraseDialog(_SessionTaskDialog):
    """A new passphrase for a user; for one's own account the current passphrase is asked too."""

    def __init__(self, ctx: UiContext, username: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.username = username
        self.own = username == ctx.session.user.username
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)
        self.current_label = QLabel(self)
        self.current = password_edit(self)
        if self.own:
            self.form.addRow(self.current_label, self.current)
        else:
            self.current_label.hide()
            self.current.hide()
        self.passphrase = PassphrasePair(self, new=True)
        self.passphrase.add_to(self.form)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if self.own:
            self.setWindowTitle(_("Change your passphrase"))
            self.intro.setText(_("Type your current passphrase, then the new one twice."))
        else:
            self.setWindowTitle(_("Reset a passphrase"))
            self.intro.setText(_("Set a new passphrase for “{user}” and tell it to them in person. "
                                 "Their old passphrase stops working at once.").format(user=self.username))
        self.current_label.setText(_("Current passphrase:"))
        self.passphrase.retranslate()

    def submit(self) -> None:
        passphrase = self.passphrase.validate()
        if passphrase is None:
            return
        username, current = self.username, self.current.text() if self.own else None
        self.run(lambda session: change_passphrase(session, username, passphrase, current),
                 _("Setting the passphrase…"))

    def _done(self, _result: None) -> None:
        self.passphrase.clear()
        self.current.clear()
        super()._done(_result)

    def _failed(self, exc: BaseException) -> None:
        self.current.clear()
        super()._failed(exc)


class UsersDialog(QDialog):
    """The accounts of this device, for administrators."""

    COLUMNS = 4

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users: list[UserInfo] = []
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.reset_passphrase())
        self.add_button, self.edit_button, self.remove_button, self.reset_button = (
            QPushButton(self) for _i in range(4))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(self.remove)
        self.reset_button.clicked.connect(self.reset_passphrase)
        self.status = FieldMessage(self)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.reset_button):
            button.setAutoDefault(False)
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(self.close_buttons)
        self.resize(640, 420)
        # No account list left on screen (or in memory) once locked or closed.
        self._attach = connect_while_open(self, [(ctx.language_changed, self.retranslate),
                                                 (ctx.session_locked, self.reject)])
        self.finished.connect(self._forget)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Shown again after closing: follow the context again and read the accounts afresh."""
        super().showEvent(event)
        if not event.spontaneous():
            self._attach()
            self.retranslate()

    def _forget(self) -> None:
        self.users = []
        self.table.setRowCount(0)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Users of this device"))
        self.table.setHorizontalHeaderLabels([_("User name"), _("Role"), _("Full name"), _("Service number")])
        self.add_button.setText(_("Add…"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove…"))
        self._update_buttons()
        self.status.retranslate()
        self.reload()

    # -- the list -----------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Show the accounts from the core, keeping (or moving) the selection."""
        select = select or self.selected_username()
        try:
            self.users = list_users(self.ctx.session) if self.ctx.unlocked else []
        except UserError as exc:
            self.users = []
            self.status.show_error(exc.message)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            for column, text in enumerate((user.username, role_label(user.role), user.display_name,
                                           user.service_number)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
            if user.username == select:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def selected_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.users[rows[0].row()].username if rows and rows[0].row() < len(self.users) else None

    def select_user(self, username: str) -> None:
        for row, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        chosen = self.selected_username()
        own = self.ctx.unlocked and chosen == self.ctx.session.user.username
        self.reset_button.setText(_("Change passphrase…") if own else _("Reset passphrase…"))
        self.remove_button.setEnabled(chosen is not None)
        self.edit_button.setEnabled(chosen is not None)
        self.reset_button.setEnabled(chosen is not None)
        self.add_button.setEnabled(self.ctx.unlocked)

    # -- actions ------------------------------------------------------------------------

    # Sub-dialogs open window-modal with open(), not exec(): no nested event loop,
    # and the lock (session_locked) can close them like any other window.

    def add(self) -> AddUserDialog:
        dialog = AddUserDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._added(dialog.username.text().strip(), dialog.chosen_role))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _added(self, username: str, role: Role) -> None:
        self.reload(select=username)
        self.status.show_hint(lambda: _("Added user “{user}” ({role}).").format(user=username, role=role_label(role)),
                              ok=True)

    def edit(self) -> EditUserDialog | None:
        username = self.selected_username()
        user = next((u for u in self.users if u.username == username), None)
        if user is None or not self.ctx.unlocked:
            return None
        dialog = EditUserDialog(self.ctx, user, self)
        dialog.accepted.connect(lambda: self._edited(user.username))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _edited(self, username: str) -> None:
        self.reload(select=username)
        self.status.show_hint(lambda: _("Changed the account “{user}”.").format(user=username), ok=True)

    def remove(self) -> QMessageBox | None:
        """Ask first: the person can no longer unlock this device (what they recorded stays)."""
        username = self.selected_username()
        if username is None:
            return None
        if self.ctx.unlocked and username == self.ctx.session.user.username:
            question = _("Remove your own account “{user}”? You will no longer be able to unlock this device.")
        else:
            question = _("Remove the user “{user}”? They will no longer be able to unlock this device. "
                         "What they recorded stays, and so does the audit log.")
        box = QMessageBox(QMessageBox.Icon.Question, _("Remove a user"), question.format(user=username),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(
            lambda result: self._remove(username) if result == QMessageBox.StandardButton.Yes.value else None)
        connect_while_open(box, [(self.ctx.session_locked, box.reject)])
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def _remove(self, username: str) -> None:
        if not self.ctx.unlocked:
            return
        try:
            remove_user(self.ctx.session, username)
        except UserError as exc:
            self.status.show_error(exc.message)
            return
        self.reload()
        self.status.show_hint(lambda: _("Removed user “{user}”.").format(user=username), ok=True)

    def reset_passphrase(self) -> ResetPassphraseDialog | None:
        username = self.selected_username()
        if username is None or not self.ctx.unlocked:
            return None
        dialog = ResetPassphraseDialog(self.ctx, username, self)
        dialog.accepted.connect(lambda: self.status.show_hint(
            lambda: _("The passphrase of “{user}” has been changed.").format(user=username), ok=True))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
