"""One record, read-only: its data through the form version it was captured with, and its history.

The data are rendered from ``describe`` (the same lines ``intake record
show`` prints) into a rich-text table by ``answers_html``, the same table
the review before submitting shows: a value written in Arabic script runs,
and aligns, right to left while the labels stay left to right, and an
applicant's text is never read as markup.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget)

from intake_app.errors import UserError
from intake_app.forms.changes import Change, changes
from intake_app.forms.display import describe
from intake_app.i18n import _
from intake_app.records import form_versions, lifecycle
from intake_app.records.labels import kind_label, status_label
from intake_app.records.reading import RecordView, VersionView, form_titles, get_record
from intake_app.session import Session
from intake_app.ui.records.answers_html import answers_table, attachment_names, changes_lines, changes_summary
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from intake_app.ui.records.badges import StatusBadge
from intake_app.ui.records.formatting import format_when
from intake_app.ui.records.void_dialog import VoidDialog
from intake_app.ui.tasks import Progress, TaskHandle, run_store_task

HASH_PREFIX = 19  # "sha256:" and 12 hex digits: enough to tell versions apart by eye
CHANGES_COLUMN = 6
MAX_CONTENT_WIDTH = 780


class RecordViewPage(QWidget):
    edit_requested = Signal(str)
    amend_requested = Signal(str)
    receipt_requested = Signal(str)
    back = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record: RecordView | None = None
        self.void_dialog: VoidDialog | None = None
        self.void_task: TaskHandle[int] | None = None

        self.back_button = QPushButton(self)
        self.title_label = QLabel(self)
        title_font = QFont(self.title_label.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.edit_button, self.amend_button, self.void_button = QPushButton(self), QPushButton(self), QPushButton(self)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addSpacing(12)
        bar.addWidget(self.title_label, 1)
        self.receipt_button = QPushButton(self)
        for button in (self.receipt_button, self.edit_button, self.amend_button, self.void_button):
            bar.addWidget(button)

        self.receipt_caption = QLabel(self)
        self.receipt_label = QLabel(self)
        receipt_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        receipt_font.setPointSizeF(max(receipt_font.pointSizeF(), 9) * 2.2)
        receipt_font.setBold(True)
        self._receipt_font = receipt_font
        self.receipt_label.setFont(receipt_font)
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = StatusBadge(self)
        self.meta_label = QLabel(self)
        self.meta_label.setWordWrap(True)
        self.void_note = QLabel(self)
        self.void_note.setWordWrap(True)
        self.void_note.setStyleSheet("QLabel { color: #8B1010; font-weight: bold; }")
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.receipt_label)
        receipt_row.addSpacing(16)
        receipt_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        receipt_row.addStretch(1)

        self.content = QTextBrowser(self)
        self.content.setOpenLinks(False)
        self.content.viewport().installEventFilter(self)
        self._content_width = 0
        self.history_caption = QLabel(self)
        self.history = QTableWidget(0, 7, self)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setWordWrap(False)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.history.horizontalHeader().setSectionResizeMode(CHANGES_COLUMN, QHeaderView.ResizeMode.Stretch)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_caption)
        lower_layout.addWidget(self.history)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.content)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.receipt_caption)
        layout.addLayout(receipt_row)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.void_note)
        layout.addWidget(splitter, 1)

        self.back_button.clicked.connect(self.back)
        self.edit_button.clicked.connect(lambda: self.record and self.edit_requested.emit(self.record.id))
        self.amend_button.clicked.connect(lambda: self.record and self.amend_requested.emit(self.record.id))
        self.void_button.clicked.connect(self.request_void)
        self.receipt_button.clicked.connect(lambda: self.record and self.receipt_requested.emit(self.record.id))
        ctx.language_changed.connect(self.retranslate)
        ctx.session_locked.connect(self.clear)
        ctx.records_changed.connect(self._reload)
        self.retranslate()

    # -- public -----------------------------------------------------------

    def show_record(self, record_id: str) -> None:
        """Load and show ``record_id`` (an id, id prefix or receipt number)."""
        try:
            self.record = get_record(self.ctx.session, record_id)
        except UserError as exc:
            self.clear()
            show_error(self, exc)
            return
        self._render()

    def _reload(self) -> None:
        """The shown record may have changed elsewhere (amended, voided): show it as it is now."""
        if self.record is not None and self.ctx.unlocked:
            self.show_record(self.record.id)

    def clear(self) -> None:
        """Show nothing (the store was locked): no name or value stays in any widget."""
        self.record = None
        if self.void_dialog is not None:
            self.void_dialog.reject()
            self.void_dialog = None
        self.content.clear()
        self.history.setRowCount(0)
        for label in (self.title_label, self.receipt_label, self.meta_label, self.void_note):
            label.clear()
        self.void_note.hide()
        self.badge.set_status("")
        for button in (self.receipt_button, self.edit_button, self.amend_button, self.void_button):
            button.setVisible(False)

    def request_void(self) -> None:
        """Ask for the reason; voiding happens when the dialog is accepted."""
        if self.record is None:
            return
        dialog = VoidDialog(self.record.receipt_no or self.record.id[:8], self)
        dialog.accepted.connect(lambda: self.void_with_reason(dialog.reason()))
        dialog.finished.connect(dialog.deleteLater)
        self.void_dialog = dialog
        dialog.open()

    def void_with_reason(self, reason: str) -> None:
        """Void the shown record on a worker connection, then show it again and tell the other screens."""
        self.void_dialog = None
        if self.record is None:
            return
        record_id = self.record.id

        def work(own: Session, progress: Progress) -> int:
            return lifecycle.void(own, record_id, reason)

        def done(_version: int) -> None:
            self.void_task = None
            self.ctx.records_changed.emit()  # this page re-reads the record too

        def failed(exc: BaseException) -> None:
            self.void_task = None
            show_error(self, exc)

        self.void_task = run_store_task(self, self.ctx, work, title=_("Voiding the record…"), on_done=done,
                                        on_error=failed, cancellable=False)

    def retranslate(self) -> None:
        self.back_button.setText(_("← Back to the list"))
        self.edit_button.setText(_("Edit draft"))
        self._label_amend_button()
        self.void_button.setText(_("Void…"))
        self.receipt_button.setText(_("Receipt…"))
        self.receipt_button.setToolTip(_("Preview, print or save the applicant's receipt"))
        self.receipt_caption.setText(_("Receipt number"))
        self.history_caption.setText(_("Version history"))
        self.history.setHorizontalHeaderLabels([_("Version"), _("Kind"), _("Submitted at"), _("By"), _("Reason"),
                                                _("Content hash"), _("Changes")])
        if self.void_dialog is not None:
            self.void_dialog.retranslate()
        if self.record is not None:
            self._render()

    # -- rendering ---------------------------------------------------------

    def _render(self) -> None:
        record = self.record
        if record is None:
            return
        lang = self.ctx.language
        self.title_label.setText(form_titles(self.ctx.session, lang).get(record.form_id, record.form_id))
        self.receipt_label.setText(record.receipt_no or _("none yet (draft)"))
        self.receipt_label.setFont(self._receipt_font if record.receipt_no else self.font())
        self.receipt_label.setEnabled(bool(record.receipt_no))  # the placeholder reads as a placeholder
        self.badge.set_status(record.status)
        zone = self.ctx.session.zone
        first = next((version for version in record.versions if version.state == "submitted"), None)
        started = _("Draft started {when} by {user}.").format(when=format_when(record.created_at, lang, zone=zone),
                                                              user=record.created_by)
        submitted = (_("Submitted {when} by {user}.").format(
            when=format_when(first.submitted_at, lang, zone=zone), user=first.submitted_by or first.created_by)
            if first is not None else _("Not submitted yet."))
        self.meta_label.setText(" ".join((submitted, started, _("Record {id}.").format(id=record.id[:8]))))
        last = record.versions[-1] if record.versions else None
        voided = record.status == "void" and last is not None and last.kind == "void"
        self.void_note.setVisible(voided)
        if voided and last is not None:
            self.void_note.setText(_("This record is void: {reason}").format(reason=last.reason or ""))
        actions = lifecycle.allowed_actions(record.status)
        self.edit_button.setVisible("edit" in actions)
        self.amend_button.setVisible("amend" in actions)
        self._label_amend_button()
        self.void_button.setVisible("void" in actions)
        self.receipt_button.setVisible("receipt" in actions and self._form_gives_receipt(record))
        self._render_content(record, lang)
        self._render_history(record, lang)

    def _render_content(self, record: RecordView, lang: str) -> None:
        current = record.current
        if current is None:
            self.content.setHtml("")
            return
        form = form_versions.load(self.ctx.session.conn, current.form_id, current.form_version)
        # Not wider than a reader's line, so a value written right to left stays near its label.
        width = min(max(self.content.viewport().width() - 24, 320), MAX_CONTENT_WIDTH)
        self._content_width = self.content.viewport().width()
        names = attachment_names(self.ctx.session, form, current.data)
        self.content.setHtml(answers_table(describe(form, current.data, lang, attachments=names), lang, width))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Lay the record out again when its viewport changes width (window, splitter or first layout)."""
        if (event.type() == QEvent.Type.Resize and watched is self.content.viewport() and self.record is not None
                and self.content.viewport().width() != self._content_width):
            self._render_content(self.record, self.ctx.language)
        return False

    def _form_gives_receipt(self, record: RecordView) -> bool:
        current = record.current
        if current is None:
            return False
        return form_versions.load(self.ctx.session.conn, current.form_id, current.form_version).receipt is not None

    def _label_amend_button(self) -> None:
        if self.record is not None and self.record.pending_amendment is not None:
            self.amend_button.setText(_("Continue correction"))
            self.amend_button.setToolTip(_("A correction was started and saved; it is not part of the record "
                                           "until it is submitted"))
        else:
            self.amend_button.setText(_("Amend"))
            self.amend_button.setToolTip(_("Add a corrected version; the submitted versions stay as they are"))

    def _changes(self, before: VersionView | None, version: VersionView, lang: str) -> list[Change]:
        """What a correction (submitted or in progress) changed from the version before it, through its own form.

        Nothing for other versions, or when retention has emptied either version's data.
        """
        if (before is None or version.kind != "amendment" or before.purged_at is not None
                or version.purged_at is not None):
            return []
        try:
            form = form_versions.load(self.ctx.session.conn, version.form_id, version.form_version)
        except UserError:
            return []
        names = attachment_names(self.ctx.session, form, before.data, version.data)
        return changes(form, before.data, version.data, lang, attachments=names)

    def _render_history(self, record: RecordView, lang: str) -> None:
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.history.setRowCount(len(record.versions))
        before: VersionView | None = None  # the submitted version the next correction replaces
        for row, version in enumerate(record.versions):
            found = self._changes(before, version, lang)
            if version.state == "submitted" and version.kind != "void":
                before = version
            changed = QTableWidgetItem(changes_summary(found))
            changed.setToolTip("\n".join(changes_lines(found, lang)))
            self.history.setItem(row, CHANGES_COLUMN, changed)
            submitted = version.state == "submitted"
            kind = (kind_label(version.kind) if submitted else _("Correction in progress")
                    if version.is_pending_amendment else status_label("draft"))
            when = format_when(version.submitted_at, lang, zone=self.ctx.session.zone) if submitted else _(
                "not submitted")
            digest = version.content_hash or ""
            cells = [str(version.version), kind, when,
                     (version.submitted_by or version.created_by) or "", version.reason or "",
                     digest[:HASH_PREFIX] + ("…" if len(digest) > HASH_PREFIX else "")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 5:
                    item.setFont(mono)
                    item.setToolTip(digest)
                elif column == 4:
                    item.setToolTip(text)
                self.history.setItem(row, column, item)
