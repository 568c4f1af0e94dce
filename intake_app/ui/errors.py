"""Errors shown to people: short and actionable for ``UserError``; a copyable report for bugs.

A bug report carries the exception type and the code locations (file, line,
function) only, never the exception's message or any variable, which could
hold an applicant's data.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from intake_app import __version__
from intake_app.errors import UserError
from intake_app.i18n import _


def bug_report(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"Field Intake {__version__}, Python {sys.version.split()[0]}", f"{type(exc).__name__}"]
    lines += [f"  {frame.filename.rsplit('intake_app', 1)[-1]}:{frame.lineno} in {frame.name}" for frame in frames]
    return "\n".join(lines)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        box = QMessageBox(QMessageBox.Icon.Warning, _("Field Intake"), exc.message, QMessageBox.StandardButton.Ok,
                          parent)
        if exc.details:
            box.setDetailedText("\n".join(exc.details))
        _show(box)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, _("Field Intake"),
                      _("Something went wrong inside the application. Your saved work is safe. "
                        "If it happens again, copy the details below for the support team."),
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(bug_report(exc))
    _show(box)


_open_boxes: set[QMessageBox] = set()


def _show(box: QMessageBox) -> None:
    """Window-modal but not blocking: no nested event loop, so a failing task cannot stall the app or a test."""
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.add(box)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()


def install_excepthook() -> None:
    """Unexpected exceptions in slots show a dialog instead of killing the app."""
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
