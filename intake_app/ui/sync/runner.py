"""``SyncRunner``: the one place the desktop app runs a sync, by hand or in the background.

A sync can take minutes on a slow link, so it runs off the GUI thread
(``run_task``); only one runs at a time, whoever asked. While the app is
unlocked, the runner also checks every ``AUTO_INTERVAL_MS`` whether an
enrolled registry answers and records are waiting, and then syncs quietly
(no progress dialog): applications leave the device as soon as a connection
exists, without anyone remembering to press a button.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from intake_app.i18n import _
from intake_app.roles import Permission
from intake_app.session import Session
from intake_app.sync.client import SyncReport, sync
from intake_app.sync.status import reachable, sync_status
from intake_app.ui.context import UiContext
from intake_app.ui.tasks import Progress, TaskHandle, run_store_task, run_task

AUTO_INTERVAL_MS = 60_000


class SyncRunner(QObject):
    """Runs ``intake_app.sync.client.sync`` in the background; ``finished`` carries its report."""

    started = Signal()
    finished = Signal(object)  # SyncReport
    failed = Signal(object)  # BaseException

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.widget = parent
        self.task: TaskHandle[SyncReport] | None = None
        self.auto_task: TaskHandle[bool] | None = None
        self.last_report: SyncReport | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_INTERVAL_MS)
        self.timer.timeout.connect(self.sync_if_reachable)
        ctx.session_started.connect(self.start_auto)
        ctx.session_locked.connect(self.timer.stop)

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def _allowed(self) -> bool:
        return self.ctx.unlocked and self.ctx.session.may(Permission.SYNC_RECORDS)

    def start_auto(self) -> None:
        """Begin the background checks (on unlock; the shell also calls it when it creates the runner)."""
        if self._allowed():
            self.timer.start()

    def sync_now(self, *, quiet: bool = False) -> bool:
        """Start a sync unless one is running; ``quiet``: no progress dialog (background sync)."""
        if self.running or not self._allowed():
            return False

        def work(own: Session, progress: Progress) -> SyncReport:
            def report(_registry: str, done: int, total: int) -> None:
                progress.report(done, total, _("Sending bundles…"))

            return sync(own, progress=report, cancel=lambda: progress.cancelled)

        self.task = run_store_task(self.widget, self.ctx, work, title=_("Syncing with the registry…"),
                                   on_done=self._done, on_error=self.failed.emit, show_progress=not quiet)
        self.started.emit()
        return True

    def sync_if_reachable(self) -> None:
        """The background check: a quick look at the queue, a health probe, then a quiet sync."""
        if self.running or not self._allowed() or (self.auto_task is not None and self.auto_task.running):
            return
        waiting = [status.registry for status in sync_status(self.ctx.session) if status.waiting]
        if not waiting:
            return

        def probe(_progress: Progress) -> bool:
            return any(reachable(registry) for registry in waiting)

        def maybe_sync(ok: bool) -> None:
            if ok and self.ctx.unlocked:
                self.sync_now(quiet=True)

        self.auto_task = run_task(self.widget, probe, title=_("Checking the connection…"), on_done=maybe_sync,
                                  show_progress=False)

    def _done(self, report: SyncReport) -> None:
        self.last_report = report
        self.ctx.records_changed.emit()  # statuses moved to queued / acknowledged
        self.finished.emit(report)

