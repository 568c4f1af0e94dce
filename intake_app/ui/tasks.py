"""The one way to run long work off the GUI thread: progress, cancel, delayed indicator.

``run_task`` starts ``work(progress)`` on Qt's thread pool. The work reports
with ``progress.report(done, total, text)`` and stops early when
``progress.cancelled`` is true. A progress dialog appears only if the work is
still running after ``PROGRESS_DELAY_MS`` (as in Anki), so quick work never
flashes a window. ``on_done`` / ``on_error`` run back on the GUI thread.

Work that touches the store, or whose result shows personal data, runs with
``run_store_task``: as Anki's CollectionOp hands the collection to its
operation, it forks the session *here, on the GUI thread*, before the work
starts, and hands the fork to the work, which owns and closes it. A lock
(``UiContext.lock``) therefore never pulls a connection or key from under
running work: it cancels the work and abandons it, so its result and its
user-facing errors are dropped instead of landing on a locked screen.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from intake_app.errors import UserError
from intake_app.i18n import _

if TYPE_CHECKING:
    from intake_app.session import Session
    from intake_app.ui.context import UiContext

T = TypeVar("T")
PROGRESS_DELAY_MS = 500


class Cancelled(Exception):
    """Raised by work that noticed ``progress.cancelled``; reported as a cancel, not an error."""


class Progress:
    """Handed to the work function (thread-safe, Qt-free interface)."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()
        self._abandoned = threading.Event()
        self._ended = threading.Event()
        #: Called on the GUI thread by ``abandon`` (``run_task`` hides its progress window with it).
        self.on_abandon: Callable[[], None] | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def abandoned(self) -> bool:
        return self._abandoned.is_set()

    @property
    def ended(self) -> bool:
        """The work function has returned or raised (set on the worker thread, whatever became of the screen)."""
        return self._ended.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int, text: str = "") -> None:
        self._emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    def abandon(self) -> None:
        """Cancel, and deliver nothing of what the work still returns or raises (the store was locked)."""
        self._abandoned.set()
        self._cancel.set()
        if self.on_abandon is not None:
            self.on_abandon()


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress) -> None:
        super().__init__()
        self.work, self.signals, self.progress = work, signals, progress

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            self.progress._ended.set()
            _deliver(self.signals.failed, exc)
        else:
            self.progress._ended.set()
            _deliver(self.signals.finished, result)


def _deliver(signal: Any, *values: object) -> None:
    """Hand a result or progress to the GUI thread, unless the screen that asked for it was closed meanwhile."""
    try:
        signal.emit(*values)
    except RuntimeError:  # "Signal source has been deleted": nobody is waiting for this result any more
        pass


class TaskHandle(QObject, Generic[T]):
    """A running task: ``cancel()``, ``running``, and a ``done`` signal for tests to wait on.

    ``running`` stays true until the work has really ended (also after
    ``abandon``), so "one sync at a time" holds across a lock and unlock.
    """

    done = Signal()

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.running = True
        self.progress: Progress | None = None
        self.dialog: QProgressDialog | None = None

    @property
    def abandoned(self) -> bool:
        return self.progress is not None and self.progress.abandoned

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()


def run_task(parent: QWidget, work: Callable[[Progress], T], *, title: str,
             on_done: Callable[[T], None] | None = None, on_error: Callable[[BaseException], None] | None = None,
             on_cancel: Callable[[], None] | None = None, cancellable: bool = True,
             show_progress: bool = True, locked_by: UiContext | None = None) -> TaskHandle[T]:
    """Run ``work(progress)`` off the GUI thread; with ``locked_by``, that context's lock abandons it
    (for work whose result is personal but which needs no store: ``run_store_task`` passes it too)."""
    handle: TaskHandle[T] = TaskHandle(parent)
    signals = _Signals(handle)
    progress = Progress(lambda done, total, text: _deliver(signals.progressed, done, total, text))
    handle.progress = progress

    def hide_dialog() -> None:
        try:
            if handle.dialog is not None:
                handle.dialog.reset()
        except RuntimeError:  # the screen and its progress window are gone already
            pass

    progress.on_abandon = hide_dialog

    def show_dialog() -> None:
        if not handle.running or progress.abandoned or not show_progress:
            return
        dialog = QProgressDialog(title, _("Cancel") if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(progress.cancel)
        dialog.show()
        handle.dialog = dialog

    @Slot(int, int, str)
    def on_progress(done: int, total: int, text: str) -> None:
        if handle.dialog is not None:
            handle.dialog.setMaximum(max(total, 0))
            handle.dialog.setValue(min(done, total) if total > 0 else 0)
            if text:
                handle.dialog.setLabelText(text)

    def finish() -> None:
        handle.running = False
        if handle.dialog is not None:
            handle.dialog.reset()
            handle.dialog.deleteLater()
            handle.dialog = None

    @Slot(object)
    def on_finished(result: T) -> None:
        finish()
        if progress.abandoned:
            pass
        elif progress.cancelled:
            if on_cancel:
                on_cancel()
        elif on_done:
            on_done(result)
        handle.done.emit()

    @Slot(object)
    def on_failed(exc: BaseException) -> None:
        finish()
        if progress.abandoned and isinstance(exc, (Cancelled, UserError)):
            pass  # the user locked: what the cancelled work ran into is nobody's concern now
        elif progress.abandoned:
            from intake_app.ui.errors import show_error

            show_error(None, exc)  # a bug stays visible (type and code locations only, no data)
        elif isinstance(exc, Cancelled):
            if on_cancel:
                on_cancel()
        elif on_error:
            on_error(exc)
        else:
            from intake_app.ui.errors import show_error

            show_error(parent, exc)
        handle.done.emit()

    signals.progressed.connect(on_progress)
    signals.finished.connect(on_finished)
    signals.failed.connect(on_failed)
    QTimer.singleShot(PROGRESS_DELAY_MS, show_dialog)
    if locked_by is not None:
        locked_by.adopt_work(progress)
    QThreadPool.globalInstance().start(_Runnable(work, signals, progress))
    return handle


def run_store_task(parent: QWidget, ctx: UiContext, work: Callable[[Session, Progress], T], *, title: str,
                   on_done: Callable[[T], None] | None = None,
                   on_error: Callable[[BaseException], None] | None = None,
                   on_cancel: Callable[[], None] | None = None, cancellable: bool = True,
                   show_progress: bool = True) -> TaskHandle[T]:
    """Run ``work(own, progress)`` off the GUI thread on ``own``, a fork of ``ctx.session`` made here.

    The fork is made before the work starts, on the GUI thread, so a lock can
    never come between reading the session and opening the connection; the
    work owns the fork and closes it when it ends. ``ctx.lock()`` abandons the
    task (see ``Progress.abandon``): callbacks run only while the session
    that started the work is still unlocked. Raises :class:`UserError` if the
    store is locked already.
    """
    own = ctx.session.fork()

    def owned(progress: Progress) -> T:
        try:
            if cancellable:
                progress.check()  # abandoned before it started: do not touch the store at all
            return work(own, progress)
        finally:
            own.close()

    try:
        return run_task(parent, owned, title=title, on_done=on_done, on_error=on_error, on_cancel=on_cancel,
                        cancellable=cancellable, show_progress=show_progress, locked_by=ctx)
    except BaseException:
        own.close()
        raise
