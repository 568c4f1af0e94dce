"""A minimal start window until the full desktop UI lands (issue 3).

It tells the user where the store is and whether it exists, and points to
the command line for everything else. No personal data is shown here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from intake_app import __version__
from intake_app.i18n import _
from intake_app.store.store import Store


class StartWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.setWindowTitle(_("Field Intake"))
        self.resize(640, 360)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        product = _("Field Intake")
        version = _("Version {v}").format(v=__version__)
        title = QLabel(f"<h1>{product}</h1><p>{version}</p>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        if store.exists():
            status = _("Store: {path}. Users: {n}.").format(path=store.directory, n=len(store.usernames()))
        else:
            status = _("No store yet in {path}. Create one with: intake init --admin NAME").format(
                path=store.directory)
        self.status_label = QLabel(status)
        self.status_label.setWordWrap(True)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.status_label)
        self.setCentralWidget(body)
