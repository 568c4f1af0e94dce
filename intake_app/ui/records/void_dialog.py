"""Asking why a record is voided: the reason goes into the void version and the audit log for good."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from intake_app.i18n import _


class VoidDialog(QDialog):
    """Void is refused without a reason, so OK stays disabled until one is typed."""

    def __init__(self, receipt_or_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt_or_id = receipt_or_id
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.reason().strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.resize(460, 240)
        self.retranslate()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Void record"))
        self.prompt.setText(_("Void {record}? Nothing is deleted: the record stays, marked void, with your reason. "
                              "Why is it void?").format(record=self.receipt_or_id))
        self.reason_edit.setPlaceholderText(_("For example: registered twice"))
        self.ok_button.setText(_("Void the record"))
