"""The dialogs of the capture page: confirming a submission (with the reason for an amendment)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from intake_app.i18n import _
from intake_app.ui.form.common import set_bold, wrapped_label


class SubmitDialog(QDialog):
    """Says what becomes immutable and whose record it is; an amendment also needs a reason.

    Opened with ``open()`` (window-modal, not blocking), so the page reacts to
    ``accepted`` and tests can press its buttons.
    """

    def __init__(self, names: list[str], *, amendment: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amendment = amendment
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.explanation = wrapped_label()
        layout.addWidget(self.explanation)
        self.names = QLabel(self)
        self.names.setTextFormat(Qt.TextFormat.PlainText)
        self.names.setWordWrap(True)
        self.names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_bold(self.names, 1.15)
        self.names_caption = wrapped_label()
        layout.addWidget(self.names_caption)
        self.names.setText("\n".join(names) if names else "—")
        layout.addWidget(self.names)
        self.reason: QPlainTextEdit | None = None
        self.reason_caption = wrapped_label()
        if amendment:
            self.reason = QPlainTextEdit(self)
            self.reason.setTabChangesFocus(True)
            self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
            self.reason_caption.setBuddy(self.reason)
            layout.addWidget(self.reason_caption)
            layout.addWidget(self.reason)
        buttons = QDialogButtonBox(self)
        self.submit_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel_button.setDefault(True)
        if self.reason is not None:
            self.reason.textChanged.connect(self._sync)
            self.reason.setFocus()
        self._sync()
        self.retranslate()

    def retranslate(self) -> None:
        if self.amendment:
            self.setWindowTitle(_("Submit the correction?"))
            self.explanation.setText(_("The correction is added as a new version. The version submitted before "
                                       "stays unchanged, and your reason is kept with the record for anyone who "
                                       "reads it."))
        else:
            self.setWindowTitle(_("Submit the record?"))
            self.explanation.setText(_("After submission the record is frozen: nobody can edit it any more. It can "
                                       "only be amended or voided, each time with a reason that is kept with it. "
                                       "The record gets a receipt number for the applicant."))
        self.names_caption.setText(_("Names in this record:"))
        self.reason_caption.setText(_("Reason for the correction (required):"))
        self.submit_button.setText(_("Submit"))
        self.cancel_button.setText(_("Go back"))

    def _sync(self) -> None:
        self.submit_button.setEnabled(self.reason is None or bool(self.reason_text()))

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip() if self.reason is not None else ""
