"""The list of what is missing or invalid; choosing an entry takes the user to the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from intake_app.i18n import _
from intake_app.ui.form.common import set_bold, set_tone, wrapped_label

PATH_ROLE = Qt.ItemDataRole.UserRole


class IssuesPanel(QWidget):
    """Shows ``(path, text)`` entries; ``activated(path)`` when one is chosen, ``check_requested`` for the button."""

    activated = Signal(str)
    check_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.heading = QLabel(self)
        set_bold(self.heading)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setSpacing(3)
        set_tone(self.list, "error")
        self.empty = wrapped_label(tone="hint")
        self.check_button = QPushButton(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)
        layout.addWidget(self.check_button)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.check_button.clicked.connect(self.check_requested)
        self._entries: list[tuple[str, str]] = []
        self._checked = False
        self.retranslate()

    def _chosen(self, item: QListWidgetItem) -> None:
        self.activated.emit(item.data(PATH_ROLE))

    def set_entries(self, entries: list[tuple[str, str]], checked: bool) -> None:
        if entries == self._entries and checked == self._checked:
            return
        self._entries, self._checked = entries, checked
        self.list.clear()
        for path, text in entries:
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, path)
            item.setToolTip(text)
            self.list.addItem(item)
        self.list.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        self._texts()

    def texts(self) -> list[str]:
        return [text for _path, text in self._entries]

    def _texts(self) -> None:
        count = len(self._entries)
        self.heading.setText(_("Missing or invalid ({n})").format(n=count))
        if self._checked and not count:
            set_tone(self.empty, "ok")
            self.empty.setText("✓ " + _("Nothing is missing or invalid."))
        else:
            set_tone(self.empty, "hint")
            self.empty.setText(_("Problems are listed here once a field has been filled in or the form is checked."))

    def retranslate(self) -> None:
        self.check_button.setText(_("Check the whole form"))
        self._texts()
