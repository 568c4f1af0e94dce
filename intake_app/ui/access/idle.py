"""Locking an unattended device: after ``ui.idle_lock_minutes`` without keyboard or mouse input.

A laptop left open at a checkpoint must not stay unlocked. ``IdleLocker``
watches input application-wide (an event filter on the ``QApplication``) and
emits ``lock_requested``; the shell then saves drafts, calls ``ctx.lock()``
and shows the unlock page. It runs only while a session is open.

Idle time is measured on both the monotonic and the wall clock and the
larger counts: the monotonic clock stops while a laptop sleeps, so a lid
closed for an hour would otherwise come back unlocked. The check runs at
least every ``CHECK_MS`` so that a wake-up is noticed within seconds.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from intake_app.ui.context import UiContext

CHECK_MS = 5_000

#: Events that mean a person is at the keyboard (window activation and repaint do not).
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.TabletPress, QEvent.Type.TabletMove, QEvent.Type.ShortcutOverride,
    QEvent.Type.InputMethod,
})


class IdleLocker(QObject):
    """Emits ``lock_requested`` once after the idle interval, or at once from ``lock_now()`` (Ctrl+L)."""

    lock_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QObject | None = None, *, interval_ms: int | None = None) -> None:
        """``interval_ms`` overrides the ``ui.idle_lock_minutes`` setting (for tests)."""
        super().__init__(parent)
        self.ctx = ctx
        self._override_ms = interval_ms
        self._last_mono = time.monotonic()
        self._last_wall = time.time()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        ctx.session_started.connect(self.start)
        ctx.session_locked.connect(self.stop)
        if ctx.unlocked:
            self.start()

    @property
    def interval_ms(self) -> int:
        """The idle time allowed; the setting is read each time, so a change applies at once."""
        if self._override_ms is not None:
            return self._override_ms
        return int(self.ctx.settings.get("ui.idle_lock_minutes")) * 60_000

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def idle_ms(self) -> int:
        """Milliseconds since the last input, counting time asleep."""
        mono = time.monotonic() - self._last_mono
        wall = time.time() - self._last_wall
        return int(1000 * max(mono, wall if wall >= 0 else 0))

    @Slot()
    def start(self) -> None:
        """Begin watching (on unlock): the idle time counts from now.

        The application-wide event filter is installed only while a session is
        open: while locked there is nothing to protect, and every event that
        passes through Python costs time (at start-up, about 40 ms).
        """
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)  # never twice
            app.installEventFilter(self)
        self._touch()
        self._arm(self.interval_ms)

    @Slot()
    def restart(self) -> None:
        """Count from now with the current setting (e.g. after the settings dialog); nothing while locked."""
        if self.ctx.unlocked:
            self.start()

    @Slot()
    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @Slot()
    def lock_now(self) -> None:
        """Lock at once (Ctrl+L), e.g. before stepping away from the desk."""
        if self.ctx.unlocked:
            self._timer.stop()
            self.lock_requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in INPUT_EVENTS:
            self._touch()
        return False

    def _touch(self) -> None:
        # Only the time is noted here: this runs for every input event, so it stays cheap.
        self._last_mono = time.monotonic()
        self._last_wall = time.time()

    def _arm(self, ms: int) -> None:
        self._timer.start(max(1, min(ms, CHECK_MS)))

    def _check(self) -> None:
        if not self.ctx.unlocked:
            return
        remaining = self.interval_ms - self.idle_ms()
        if remaining <= 0:
            self.lock_requested.emit()
        else:
            self._arm(remaining)
