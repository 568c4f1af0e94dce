"""Creating the QApplication, the context and the main window."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from intake_app import __version__, paths
from intake_app.i18n import language_from_environment
from intake_app.settings import Settings
from intake_app.store.store import Store
from intake_app.ui.context import UiContext
from intake_app.ui.errors import install_excepthook

#: How long quitting waits for abandoned background work (a sync checks for cancel between bundles).
QUIT_WAIT_MS = 30_000

def build(argv: list[str]) -> tuple[QApplication, UiContext]:
    """The application object and context, language applied, before any window exists."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Field Intake")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("field-intake")  # ties windows to packaging/linux/field-intake.desktop
    app.setWindowIcon(QIcon(str(paths.icon_file())))
    store = Store(paths.data_dir())
    ctx = UiContext(store, Settings.in_dir(store.directory))
    ctx.set_language(ctx.settings.get("ui.language") or language_from_environment(), remember=False)
    return app, ctx


def run(argv: list[str]) -> int:
    from intake_app.ui.main_window import MainWindow, run_setup_if_needed

    app, ctx = build(argv)
    install_excepthook()
    window = MainWindow(ctx)
    window.show()
    if not run_setup_if_needed(ctx, window):
        return 0
    code = app.exec()
    # Quitting locks, which abandons background work; let it end on its own connection, so the
    # interpreter does not exit under a thread that is still inside SQLCipher.
    QThreadPool.globalInstance().waitForDone(QUIT_WAIT_MS)
    return code
