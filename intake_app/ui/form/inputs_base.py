"""The contract between a field's input widget and the editor around it.

Each field type has one ``FieldInput`` subclass. It turns what the user does
into a value in the engine's JSON format (``None`` when unanswered) and back;
it never decides whether the value is valid: the engine does that.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from intake_app.forms import Field
from intake_app.ui.form.common import EditorEnv


class FieldInput(QWidget):
    """Base class: ``edited`` on every user change, ``committed`` when the user is done with the field."""

    edited = Signal()
    committed = Signal()

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.env = env

    def value(self) -> Any:
        """The answer in the engine's format, ``None`` when unanswered."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value`` (as stored); never emits ``edited``."""
        raise NotImplementedError

    def retranslate(self, lang: str) -> None:
        """Update own texts (choice labels, buttons) to ``lang``."""

    def focus_input(self, subpath: str = "") -> None:
        """Put the keyboard focus where ``subpath`` (``.number``, ``[1]``) points, or on the first control."""
        (self.focusProxy() or self).setFocus()

    def sub_label(self, subpath: str, lang: str) -> str:
        """A short name for a part of the value (``.number`` → "Number"), used before messages."""
        return ""

    def _edit(self, *_args: object) -> None:
        self.edited.emit()

    def _commit(self, *_args: object) -> None:
        self.committed.emit()

    def _edit_and_commit(self, *_args: object) -> None:
        self.edited.emit()
        self.committed.emit()


class FocusOutWatcher(QObject):
    """Emits ``left`` when a watched widget loses the focus (``editingFinished`` for widgets that lack it)."""

    left = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.left.emit()
        return False


def row_layout(widget: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    return layout
