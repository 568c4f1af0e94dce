"""The unlock screen: pick a user, type the passphrase, wait out any delay the core imposes.

The delay after repeated failures is the core's (``Store.unlock``); this page
only shows it as a live countdown and keeps the button disabled until it
ends, so nobody presses Unlock into a refusal. Argon2id runs through
``run_task``; the GUI thread never waits for it.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from intake_app.clock import utc_now
from intake_app.errors import UserError
from intake_app.i18n import _, translate
from intake_app.settings import REGISTRY
from intake_app.store.store import UnlockDelayed, WrongPassphraseError
from intake_app.ui.access.fields import FieldMessage, FormLayout, language_combo, password_edit, with_message
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from intake_app.ui.tasks import Progress, TaskHandle, run_task

if TYPE_CHECKING:
    from intake_app.session import Session

TICK_MS = 250


class UnlockPage(QWidget):
    """Emits ``unlocked`` after ``ctx.start_session``; ``reset()`` forgets the typed passphrase."""

    unlocked = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: TaskHandle[Session] | None = None
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

        self.title = QLabel(self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.user_label = QLabel(self)
        self.user_combo = QComboBox(self)
        self.user_combo.currentIndexChanged.connect(self._user_changed)
        self.passphrase_label = QLabel(self)
        self.passphrase = password_edit(self)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.message = FieldMessage(self)
        self.countdown = FieldMessage(self)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.language = language_combo(ctx.language, self)
        self.language.activated.connect(lambda _index: ctx.set_language(self.language.currentData()))

        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(460)
        form = FormLayout()
        form.addRow(self.user_label, self.user_combo)
        below = with_message(self.passphrase, self.message)
        below.addWidget(self.countdown)
        form.addRow(self.passphrase_label, below)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 24, 24, 24)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(12)
        inner.addLayout(form)
        inner.addWidget(self.unlock_button, alignment=Qt.AlignmentFlag.AlignRight)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 3)
        centre.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.language)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
        outer.addLayout(bottom)

        ctx.language_changed.connect(self.retranslate)
        ctx.session_locked.connect(self.reset)
        self.retranslate()
        self.reload_users()

    # -- texts ------------------------------------------------------------------

    def retranslate(self) -> None:
        product = _("Field Intake")
        self.title.setText(f"<h2>{product}</h2>")
        self.subtitle.setText(_("The data on this device are encrypted. Sign in to open them."))
        self.user_label.setText(_("User:"))
        self.passphrase_label.setText(_("Passphrase: ").strip())
        self.unlock_button.setText(_("Unlock"))
        label = translate(REGISTRY["ui.language"].label)
        self.language.setToolTip(label)
        self.language.setAccessibleName(label)
        self.language.setCurrentIndex(max(0, self.language.findData(self.ctx.language)))
        self.message.retranslate()
        self._show_countdown()

    # -- users ----------------------------------------------------------------------

    def reload_users(self) -> None:
        """Refresh the list of users (one may have been added or removed), keeping the selection."""
        current = self.user_combo.currentText()
        try:
            names = self.ctx.store.usernames() if self.ctx.store.exists() else []
            problem = ""
        except UserError as exc:  # e.g. a damaged key slot file: say so instead of failing to open
            names, problem = [], exc.message
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        self.user_combo.addItems(names)
        self.user_combo.setCurrentIndex(max(0, self.user_combo.findText(current)))
        self.user_combo.blockSignals(False)
        self._user_changed()
        if problem:
            self.message.show_error(problem)

    def select_user(self, username: str) -> None:
        self.user_combo.setCurrentIndex(self.user_combo.findText(username))

    def _user_changed(self) -> None:
        """Each user has their own delay: show the one of the user now chosen."""
        self.message.clear()
        username = self.user_combo.currentText()
        wait = self.ctx.store.throttle.wait_remaining(username, utc_now()) if username else 0
        self._start_countdown(wait)

    # -- unlocking ---------------------------------------------------------------------

    def try_unlock(self) -> None:
        """Unlock as the chosen user, off the GUI thread."""
        if not self.unlock_button.isEnabled() or self.task is not None and self.task.running:
            return
        username, passphrase = self.user_combo.currentText(), self.passphrase.text()
        if not username:
            self.message.show_error(lambda: _("There is no user on this device yet."))
            return
        if not passphrase:
            self.message.show_error(lambda: _("Type your passphrase."))
            self.passphrase.setFocus()
            return
        store = self.ctx.store

        def work(_progress: Progress) -> Session:
            return store.unlock(username, passphrase)

        self._set_busy(True)
        self.message.show_hint(lambda: _("Unlocking…"))
        self.task = run_task(self, work, title=_("Unlocking…"), on_done=self._done, on_error=self._failed,
                             cancellable=False, show_progress=False)  # the page itself says "Unlocking…"

    def _done(self, session: Session) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.message.clear()
        self.ctx.start_session(session)
        self.unlocked.emit()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.passphrase.setFocus()
        username = self.user_combo.currentText()
        if isinstance(exc, WrongPassphraseError):
            if username not in self.ctx.store.usernames():  # removed meanwhile
                self.reload_users()
                self.message.show_error(exc.message)
                return
            self.message.show_error(lambda: _("Wrong passphrase for “{user}”.").format(user=username))
            self._start_countdown(exc.delay)
        elif isinstance(exc, UnlockDelayed):
            self.message.show_error(lambda: _("Too many failed attempts for “{user}”.").format(user=username))
            self._start_countdown(exc.seconds)
        elif isinstance(exc, UserError):
            self.message.show_error(exc.message)
        else:
            self.message.clear()
            show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.user_combo, self.passphrase, self.language):
            widget.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and not self.waiting)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # -- the delay ------------------------------------------------------------------------

    @property
    def waiting(self) -> bool:
        return self._remaining() > 0

    def _remaining(self) -> int:
        return max(0, math.ceil(self._deadline - time.monotonic()))

    def _start_countdown(self, seconds: int) -> None:
        self._deadline = time.monotonic() + seconds
        if seconds > 0:
            self._timer.start()
        self._tick()

    def _tick(self) -> None:
        self._show_countdown()
        if not self.waiting:
            self._timer.stop()
            self.unlock_button.setEnabled(self.task is None or not self.task.running)

    def _show_countdown(self) -> None:
        remaining = self._remaining()
        if remaining:
            self.countdown.show_info(_("Wait {seconds} s…").format(seconds=remaining))
            self.unlock_button.setEnabled(False)
        else:
            self.countdown.clear()

    # -- lock and show -----------------------------------------------------------------------

    def reset(self) -> None:
        """Forget the typed passphrase and any message; called when the store is locked."""
        self.passphrase.clear()
        self.reload_users()
        self.passphrase.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.passphrase.setFocus()
