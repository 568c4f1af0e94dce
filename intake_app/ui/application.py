"""Creating the QApplication and the first window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from intake_app import __version__, paths
from intake_app.store.store import Store
from intake_app.ui.start_window import StartWindow


def run(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Field Intake")
    app.setApplicationVersion(__version__)
    window = StartWindow(Store(paths.data_dir()))
    window.show()
    return app.exec()
