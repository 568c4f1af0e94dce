"""The dialogs of the capture page: confirming a submission (with the reason for an amendment).

A submitted record cannot be edited, so the confirmation is the last moment
to catch a wrong answer: it shows every answer, in form order under the
form's sections, in the interface language, for the officer to read back to
the applicant; a correction shows what it changes, field by field, next to
the reason. The lines come from the engine (``describe``, ``changes``); this
module only lays them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QLabel, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget)

from intake_app.forms.changes import changes
from intake_app.forms.display import AttachmentNamer, describe
from intake_app.i18n import _, current_language
from intake_app.ui.form.common import set_bold, set_tone, wrapped_label
from intake_app.ui.records.answers_html import answers_table, changes_table

if TYPE_CHECKING:
    from intake_app.forms import Form
    from intake_app.records.reading import RecordSummary

#: The review's size when there is room: wide enough for a label and a value side by side, and tall enough
#: to read a screenful aloud; on a 1366×768 laptop it leaves the task bar and the window frame visible.
REVIEW_SIZE = (920, 700)
SCREEN_MARGIN = 48


class SubmitDialog(QDialog):
    """Says what becomes immutable and whose record it is, and shows what is submitted; an amendment
    also needs a reason.

    Opened with ``open()`` (window-modal, not blocking), so the page reacts to
    ``accepted`` and tests can press its buttons. ``duplicates`` are registered
    records that may be the same person (``records.duplicates``): listed first,
    each can be opened (``open_requested``) before deciding. With ``form`` and
    ``data`` (as they will be stored) the dialog shows every answer; with
    ``previous`` too (the submitted version a correction replaces), what changes.

    Keys: Escape goes back; Enter submits (the officer has just read the answers
    out), except when a possible duplicate is listed, where Enter goes back.
    The review takes the focus first, so the arrow keys scroll it.
    """

    open_requested = Signal(str)

    def __init__(self, names: list[str], *, amendment: bool, duplicates: list[RecordSummary] | None = None,
                 form: Form | None = None, data: dict[str, Any] | None = None,
                 previous: dict[str, Any] | None = None, attachments: AttachmentNamer | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amendment = amendment
        self.duplicates = list(duplicates or [])
        self.form, self.data, self.previous, self.attachments = form, data or {}, previous, attachments
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.duplicate_box = QFrame(self)
        self.duplicate_box.setFrameShape(QFrame.Shape.StyledPanel)
        box_layout = QVBoxLayout(self.duplicate_box)
        self.duplicate_caption = wrapped_label()
        set_tone(self.duplicate_caption, "error")
        self.duplicate_list = QListWidget(self.duplicate_box)
        # As tall as its entries (up to five): the room below is the review's.
        self.duplicate_list.setMaximumHeight(self.fontMetrics().lineSpacing() * min(max(len(self.duplicates), 1), 5)
                                             + 12)
        for summary in self.duplicates:
            when = summary.date[:10] if summary.date else ""
            text = " — ".join(part for part in (summary.record.receipt_no or "", summary.name_original,
                                                summary.name_latin, when, summary.place) if part)
            item = QListWidgetItem(text, self.duplicate_list)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
        self.duplicate_list.itemActivated.connect(
            lambda item: self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole))))
        self.open_button = QPushButton(self.duplicate_box)
        self.open_button.clicked.connect(self._open_selected)
        box_layout.addWidget(self.duplicate_caption)
        box_layout.addWidget(self.duplicate_list)
        box_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.duplicate_box.setVisible(bool(self.duplicates))
        if self.duplicates:
            self.duplicate_list.setCurrentRow(0)
        layout.addWidget(self.duplicate_box)
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
        self.review_caption = wrapped_label()
        set_bold(self.review_caption)
        self.review = QTextBrowser(self)
        self.review.setOpenLinks(False)
        self.review.setTabChangesFocus(True)
        self.review.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        self.review_caption.setVisible(form is not None)
        self.review.setVisible(form is not None)
        layout.addWidget(self.review_caption)
        layout.addWidget(self.review, 1)
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
        (self.cancel_button if self.duplicates else self.submit_button).setDefault(True)
        if self.reason is not None:
            self.reason.textChanged.connect(self._sync)
            self.reason.setFocus()
        elif form is not None:
            self.review.setFocus()
        self._sync()
        self.retranslate()
        if form is not None:
            self._fit_screen()

    def _fit_screen(self) -> None:
        """Open as large as the review needs (up to ``REVIEW_SIZE``), never beyond the screen's free area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry()
        self.resize(min(REVIEW_SIZE[0], free.width() - SCREEN_MARGIN),
                    min(REVIEW_SIZE[1], free.height() - SCREEN_MARGIN))

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
        self.duplicate_caption.setText(_("This person may already be registered on this device (same name and "
                                         "birth year). Open the earlier record to check before submitting again."))
        self.open_button.setText(_("Open the selected record"))
        self._render_review()

    def _render_review(self) -> None:
        """Every answer (a new record), or what the correction changes, in the interface language."""
        if self.form is None:
            return
        lang = current_language()
        position = self.review.verticalScrollBar().value()
        if self.previous is None:
            self.review_caption.setText(_("Read every answer back to the applicant before submitting:"))
            self.review.setHtml(answers_table(describe(self.form, self.data, lang, attachments=self.attachments),
                                              lang))
        else:
            found = changes(self.form, self.previous, self.data, lang, attachments=self.attachments)
            self.review_caption.setText(_("What the correction changes:") if found else _(
                "Nothing differs from the submitted version."))
            self.review.setVisible(bool(found))
            self.review.setHtml(changes_table(found, lang) if found else "")
        self.review.verticalScrollBar().setValue(position)

    def _open_selected(self) -> None:
        item = self.duplicate_list.currentItem()
        if item is not None:
            self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _sync(self) -> None:
        self.submit_button.setEnabled(self.reason is None or bool(self.reason_text()))

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip() if self.reason is not None else ""
