"""Device preferences (language, idle lock) and, for administrators, the device's name and location.

Preferences go through the one settings registry (bounds come from it, not
from here); the device's name and location code are stored in the encrypted
store by ``intake_app.device.update_device``, which checks and audits them.
Nothing is applied until OK, and nothing at all if any field is wrong.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout,
                               QWidget)

from intake_app.device import update_device
from intake_app.protocol.device_identity import check_device_name, check_location_code
from intake_app.errors import AccessDenied, UserError
from intake_app.i18n import _, translate
from intake_app.roles import Permission
from intake_app.settings import REGISTRY
from intake_app.ui.access.fields import (FieldMessage, FormLayout, check_field, connect_while_open, language_combo,
                                         with_message)
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error

LANGUAGE, IDLE = "ui.language", "ui.idle_lock_minutes"


class SettingsDialog(QDialog):
    """Shows the device section only to a signed-in administrator."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        idle = REGISTRY[IDLE]
        self.language_label, self.idle_label = QLabel(self), QLabel(self)
        self.language = language_combo(ctx.language, self)
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setRange(idle.minimum or 1, idle.maximum or 120)
        self.idle_minutes.setValue(int(ctx.settings.get(IDLE)))
        self.idle_message = FieldMessage(self)
        preferences = QGroupBox(self)
        form = FormLayout(preferences)
        form.addRow(self.language_label, self.language)
        form.addRow(self.idle_label, with_message(self.idle_minutes, self.idle_message))

        self.can_manage_device = _may_manage_device(ctx)
        self.device_group = QGroupBox(self)
        self.device_name_label, self.location_code_label = QLabel(self), QLabel(self)
        self.device_name = QLineEdit(self)
        self.device_name_message = FieldMessage(self)
        self.location_code = QLineEdit(self)
        self.location_code_message = FieldMessage(self)
        device_form = FormLayout(self.device_group)
        device_form.addRow(self.device_name_label, with_message(self.device_name, self.device_name_message))
        device_form.addRow(self.location_code_label, with_message(self.location_code, self.location_code_message))
        if self.can_manage_device:
            device = ctx.session.device
            self.device_name.setText(device.name)
            self.location_code.setText(device.location_code)
        self.device_group.setVisible(self.can_manage_device)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(preferences)
        layout.addWidget(self.device_group)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.preferences = preferences
        self.setMinimumWidth(480)
        self._initial_language = ctx.language
        # Device details are behind the lock: the dialog closes with it.
        self._attach = connect_while_open(self, [(ctx.language_changed, self.retranslate),
                                                 (ctx.session_locked, self.reject)])
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not event.spontaneous():
            self._attach()
            self._initial_language = self.ctx.language
            self.language.setCurrentIndex(max(0, self.language.findData(self.ctx.language)))
            self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.preferences.setTitle(_("Display and locking"))
        self.language_label.setText(translate(REGISTRY[LANGUAGE].label) + ":")
        self.idle_label.setText(translate(REGISTRY[IDLE].label) + ":")
        self.idle_minutes.setSuffix(" " + _("min"))
        self.idle_minutes.setToolTip(_("The device locks itself after this time without keyboard or mouse input. "
                                       "Ctrl+L locks it at once."))
        self.device_group.setTitle(_("This device (administrators only)"))
        self.device_name_label.setText(_("Device name:"))
        self.location_code_label.setText(_("Location code:"))
        self.device_name.setPlaceholderText(_("a name for this device, e.g. “Khorgos BCP laptop 2”"))
        self.location_code.setPlaceholderText(_("location code of the device's post"))
        for message in self.findChildren(FieldMessage):
            message.retranslate()

    def apply(self) -> None:
        """Check every field first, then save; close only when all of it was saved."""
        if self.can_manage_device and not all([
                check_field(self.location_code, self.location_code_message,
                            lambda: check_location_code(self.location_code.text())),
                check_field(self.device_name, self.device_name_message,
                            lambda: check_device_name(self.device_name.text()))]):
            return
        try:
            if self.can_manage_device:
                update_device(self.ctx.session, name=self.device_name.text(),
                              location_code=self.location_code.text())
            self.ctx.settings.set(IDLE, self.idle_minutes.value())
        except UserError as exc:
            self.idle_message.show_error(exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - e.g. the disk is full: say so, keep the dialog open
            show_error(self, exc)
            return
        language = self.language.currentData()
        if language != self._initial_language:
            self.ctx.set_language(language)
        self.accept()


def _may_manage_device(ctx: UiContext) -> bool:
    if not ctx.unlocked:
        return False
    try:
        ctx.session.require(Permission.MANAGE_DEVICE)
    except AccessDenied:
        return False
    return True
