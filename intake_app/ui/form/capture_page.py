"""``CapturePage``: one record being written, drafted, submitted or amended.

A written application that is never registered is the failure this software
exists to prevent, so nothing typed may be lost: drafts are saved a few
seconds after each edit (``ui.autosave_seconds``) and on ``flush()``, which the
shell calls before locking or closing. A correction of a submitted record is
saved the same way, as a correction in progress, until it is submitted or
discarded. Submission freezes the record; the confirmation says so and names
whose record it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from intake_app.errors import UserError
from intake_app.forms import Form
from intake_app.i18n import _
from intake_app.records import form_versions, lifecycle, prefill
from intake_app.records.duplicates import possible_duplicates
from intake_app.records.reading import get_record
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from intake_app.ui.form.attachments_access import AttachmentAccess
from intake_app.ui.form.capture_dialogs import SubmitDialog
from intake_app.ui.form.common import set_bold, set_tone, wrapped_label
from intake_app.ui.form.editor import FormEditor
from intake_app.ui.records.answers_html import attachment_names

NEW, DRAFT, AMEND = "new", "draft", "amend"


class CapturePage(QWidget):
    submitted = Signal(str, str)
    saved = Signal(str)
    closed = Signal()
    open_record = Signal(str)  # the officer wants to see another record (a possible duplicate)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.access = AttachmentAccess()
        self.editor: FormEditor | None = None
        self.form: Form | None = None
        self.record_id: str | None = None
        self.receipt_no: str | None = None
        self.mode = NEW
        self.dirty = False
        self.is_submitted = False
        self.submit_dialog: SubmitDialog | None = None
        self.discard_box: QMessageBox | None = None
        self._owner = ""
        self._saved_at: datetime | None = None
        self._save_error = ""
        self._correction_saved = False  # a correction in progress exists in the store
        self._prefilled: dict[str, Any] = {}  # what the record was started with, by path (records.prefill)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self._autosave_now)
        self._build()
        ctx.language_changed.connect(self.retranslate)
        ctx.session_locked.connect(self._autosave.stop)
        ctx.session_started.connect(self._resume)
        self.retranslate()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        header = QHBoxLayout()
        self.title = QLabel(self)
        set_bold(self.title, 1.35)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        header.addWidget(self.title, 1)
        header.addWidget(self.status)
        layout.addLayout(header)
        self.banner = QFrame(self)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner_layout = QVBoxLayout(self.banner)
        self.receipt_label = QLabel(self.banner)
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_bold(self.receipt_label, 1.8)
        set_tone(self.receipt_label, "ok")
        self.receipt_hint = wrapped_label()
        banner_layout.addWidget(self.receipt_label)
        banner_layout.addWidget(self.receipt_hint)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self)
        self.submit_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.discard_button = QPushButton(self)
        self.submit_button.setDefault(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save_draft)
        self.submit_button.clicked.connect(self.submit)
        self.close_button.clicked.connect(self.close_page)
        self.discard_button.clicked.connect(self.discard_correction)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((QKeySequence(QKeySequence.StandardKey.Save), self.save_draft),
                           (QKeySequence("Ctrl+Return"), self.submit), (QKeySequence("Ctrl+Enter"), self.submit)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- opening --------------------------------------------------------------------

    def new_record(self, form_id: str) -> None:
        """Start a record of ``form_id`` with what the app knows (``records.prefill``); saved at the first edit."""
        session = self.ctx.session
        session.require_form_access(form_id)
        form = session.forms.get(form_id)
        start = prefill.initial_values(session, form)
        self._open(form, start.data, NEW, None, start.values)

    def edit_draft(self, record_id: str) -> None:
        """Continue a draft with the form version it was started with."""
        session = self.ctx.session
        view = get_record(session, record_id)
        lifecycle.require_action(view.status, "edit", view.id)
        last = view.versions[-1]
        form = form_versions.load(session.conn, last.form_id, last.form_version)
        self._open(form, last.data, DRAFT, view.id, prefill.prefilled(session.conn, view.id))

    def amend(self, record_id: str) -> None:
        """Correct a submitted record (with the current form), continuing a correction in progress if any."""
        session = self.ctx.session
        view = get_record(session, record_id)
        lifecycle.require_action(view.status, "amend", view.id)
        current = view.current
        assert current is not None  # an amendable record has a submitted version
        session.require_form_access(view.form_id)
        pending = view.pending_amendment
        self._open(session.forms.get(view.form_id), (pending or current).data, AMEND, view.id)
        self.receipt_no = view.receipt_no
        self._correction_saved = pending is not None
        self.retranslate()

    def _open(self, form: Form, data: dict[str, Any], mode: str, record_id: str | None,
              prefilled: dict[str, Any] | None = None) -> None:
        self.flush()
        if self.editor is not None:
            self.body.removeWidget(self.editor)
            self.editor.deleteLater()
        self.form, self.mode, self.record_id, self.receipt_no = form, mode, record_id, None
        self.dirty = self.is_submitted = False
        self._saved_at, self._save_error = None, ""
        self._owner = self.ctx.session.user.username
        self.editor = FormEditor(form, self.ctx, self.access, self)
        self.editor.set_data(data)
        self._prefilled = dict(prefilled or {})
        self.editor.show_prefilled(self._prefilled)
        self.editor.changed.connect(self._on_changed)
        self.body.addWidget(self.editor)
        self.banner.hide()
        for button in (self.save_button, self.submit_button):
            button.setEnabled(True)
        self.discard_button.setVisible(mode == AMEND)
        self.discard_button.setEnabled(True)
        self._correction_saved = False
        self.retranslate()

    def focus_first(self) -> None:
        """Where the keyboard starts: the first field, or the close button once submitted."""
        if self.editor is not None and not self.is_submitted:
            self.editor.focus_first()
        else:
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving -----------------------------------------------------------------------

    def _on_changed(self) -> None:
        self.dirty = True
        if self.ctx.unlocked and not self._autosave.isActive():
            self._autosave.start(int(self.ctx.settings.get("ui.autosave_seconds")) * 1000)
        self._show_status()

    def has_open_record(self) -> bool:
        """A record is being written by the signed-in user (the shell shows this page again after a lock)."""
        return (self.editor is not None and not self.is_submitted and self.ctx.unlocked
                and self.ctx.session.user.username == self._owner)

    def _resume(self) -> None:
        """The session is back after a lock: save what was typed before it, if it is the same user."""
        if self.editor is not None and self.ctx.session.user.username != self._owner:
            self._discard()  # another user never sees (or saves) someone else's unsaved input
            return
        if self.dirty and not self._autosave.isActive():
            self._autosave.start(int(self.ctx.settings.get("ui.autosave_seconds")) * 1000)

    def _autosave_now(self) -> None:
        self._save(quiet=True)

    def save_draft(self) -> str | None:
        """Save now (Ctrl+S); returns the record id, or ``None`` if there was nothing to save."""
        if self.is_submitted:
            return self.record_id
        return self._save(quiet=False, force=True)

    def flush(self) -> None:
        """Save unsaved edits at once (before a lock or when the application closes)."""
        if self.dirty and not self.is_submitted:
            self._save(quiet=True)

    def _save(self, *, quiet: bool, force: bool = False) -> str | None:
        self._autosave.stop()
        if self.editor is None or self.form is None or not self.ctx.unlocked:
            return self.record_id
        if not (self.dirty or force and self.record_id is None):
            return self.record_id
        if self.mode == AMEND and not self.dirty:
            return self.record_id
        session = self.ctx.session
        if session.user.username != self._owner:
            return self.record_id  # another user signed in: never file this input under their name
        data = self.editor.data()
        if self.record_id is None and not data:
            return None
        try:
            if self.mode == AMEND:
                assert self.record_id is not None
                lifecycle.save_amendment(session, self.record_id, data)
                self._correction_saved = True
            elif self.record_id is None:
                self.record_id = lifecycle.create_draft(session, self.form.id, data, strict=False,
                                                        prefilled=self._prefilled)
                self.mode = DRAFT
            else:
                lifecycle.update_draft(session, self.record_id, data, strict=False)
        except UserError as exc:
            self._save_error = exc.message
            self._show_status()
            if not quiet:
                show_error(self, exc)
            return None
        self.dirty, self._save_error = False, ""
        self._saved_at = datetime.now()
        self._show_status()
        self.saved.emit(self.record_id)
        self.ctx.records_changed.emit()
        return self.record_id

    # -- submitting --------------------------------------------------------------------

    def submit(self) -> None:
        """Check the form; if complete, ask for confirmation (and a reason for an amendment)."""
        if self.editor is None or self.form is None or self.is_submitted:
            return
        self.flush()  # whatever happens next, what was typed is kept
        result = self.editor.validate()
        if not result.ok:
            self.editor.focus_field(result.issues[0].path)
            self.status.setText(_("Not submitted: complete the fields listed as missing or invalid."))
            set_tone(self.status, "error")
            return
        data = self.editor.data()
        session = self.ctx.session
        duplicates = [] if self.mode == AMEND else possible_duplicates(session, self.form, data,
                                                                        exclude=self.record_id)
        # The review shows the answers as they will be stored (normalized, hidden answers dropped); a
        # correction is compared with the version it replaces.
        current = get_record(session, self.record_id).current if self.mode == AMEND and self.record_id else None
        previous = current.data if current is not None else None
        stored = result.normalized
        self.submit_dialog = SubmitDialog(
            self.form.summary_names(data), amendment=self.mode == AMEND, duplicates=duplicates, form=self.form,
            data=stored, previous=previous,
            attachments=attachment_names(session, self.form, stored, *([previous] if previous else [])),
            parent=self)
        self.submit_dialog.open_requested.connect(self._open_other)
        self.submit_dialog.accepted.connect(self._confirmed)
        self.ctx.language_changed.connect(self.submit_dialog.retranslate)
        self.ctx.session_locked.connect(self.submit_dialog.reject)  # no answers left on screen once locked
        self.submit_dialog.finished.connect(self.submit_dialog.deleteLater)
        self.submit_dialog.open()

    def _open_other(self, record_id: str) -> None:
        """Leave this record (saved as a draft) to look at another one; it can be reopened from the list."""
        dialog, self.submit_dialog = self.submit_dialog, None
        if dialog is not None:
            dialog.reject()
        self.flush()
        self.open_record.emit(record_id)

    def _confirmed(self) -> None:
        dialog, self.submit_dialog = self.submit_dialog, None
        if self.editor is None or dialog is None:
            return
        session = self.ctx.session
        try:
            if self.mode == AMEND:
                assert self.record_id is not None
                lifecycle.amend(session, self.record_id, self.editor.data(), dialog.reason_text())
                receipt = self.receipt_no or ""
            else:
                self.dirty = True
                record_id = self._save(quiet=False, force=True)
                if record_id is None:
                    return
                receipt = lifecycle.submit(session, record_id)
        except UserError as exc:
            show_error(self, exc)
            return
        assert self.record_id is not None
        self.is_submitted, self.dirty, self.receipt_no = True, False, receipt
        self.editor.setEnabled(False)
        self.save_button.setEnabled(False)
        self.submit_button.setEnabled(False)
        self.discard_button.setEnabled(False)
        self.banner.show()
        self.retranslate()
        self.close_button.setFocus()
        self.ctx.records_changed.emit()
        self.submitted.emit(self.record_id, receipt)

    def close_page(self) -> None:
        """Save what is unsaved and leave (a correction stays in progress, to be continued later)."""
        self.flush()
        self._close_now()

    def discard_correction(self) -> None:
        """Drop the correction being written, after confirmation; the submitted record stays as it was."""
        if self.mode != AMEND or self.is_submitted:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Field Intake"),
                          _("Discard this correction? The record stays as it was submitted."),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: self._discard_confirmed()
            if box.buttonRole(button) == QMessageBox.ButtonRole.DestructiveRole else None)
        box.finished.connect(box.deleteLater)
        self.discard_box = box
        box.open()

    def _discard_confirmed(self) -> None:
        self.discard_box = None
        self._autosave.stop()
        if self.record_id is not None and self._correction_saved and self.ctx.unlocked:
            try:
                lifecycle.discard_amendment(self.ctx.session, self.record_id)
            except UserError as exc:
                show_error(self, exc)
                return
            self.ctx.records_changed.emit()
        self.dirty = False
        self._close_now()

    def _close_now(self) -> None:
        self._discard()
        self.closed.emit()

    def _discard(self) -> None:
        """Drop the open record's widgets (and the personal data they hold)."""
        self._autosave.stop()
        if self.editor is not None:
            self.body.removeWidget(self.editor)
            self.editor.deleteLater()
        self.editor, self.form, self.record_id, self.receipt_no = None, None, None, None
        self._prefilled = {}
        self.dirty = self.is_submitted = False
        self.mode, self._owner, self._saved_at, self._save_error = NEW, "", None, ""
        self.banner.hide()
        self.retranslate()

    # -- texts --------------------------------------------------------------------------

    def _show_status(self) -> None:
        set_tone(self.status, "hint")
        if self._save_error:
            set_tone(self.status, "error")
            text = _("Not saved: {reason}").format(reason=self._save_error)
        elif self.is_submitted:
            text = _("Submitted")
        elif self.dirty:
            text = _("Unsaved changes…")
        elif self.mode == AMEND and self._saved_at is not None:
            text = _("Correction saved at {time}, not submitted yet").format(
                time=self._saved_at.strftime("%H:%M:%S"))
        elif self.mode == AMEND:
            text = _("Changes are saved as you type; submit them to correct the record.")
        elif self._saved_at is not None:
            text = _("Draft saved at {time}").format(time=self._saved_at.strftime("%H:%M:%S"))
        elif self.record_id is not None:
            text = _("Draft")
        else:
            text = _("Not saved yet")
        self.status.setText(text)

    def retranslate(self) -> None:
        lang = self.ctx.language
        title = self.form.title(lang) if self.form is not None else ""
        if self.mode == AMEND and self.receipt_no:
            title = _("Correction of {receipt}: {title}").format(receipt=self.receipt_no, title=title)
        self.title.setText(title)
        self.save_button.setText(_("Save draft") + "  (Ctrl+S)")
        self.submit_button.setText(_("Submit") + "  (Ctrl+Enter)")
        self.close_button.setText(_("Close"))
        self.discard_button.setText(_("Discard correction"))
        if self.is_submitted and self.receipt_no:
            self.receipt_label.setText(_("Submitted. Receipt number: {receipt}").format(receipt=self.receipt_no))
            self.receipt_hint.setText(_("Give this number to the applicant: it proves when and where the "
                                        "application was made."))
        self._show_status()
