"""Small pieces every form widget shares: the editor environment, styles, a wheel guard.

``EditorEnv`` is what a field widget may know about the editor it lives in:
the form, the UI context, attachment storage, and two callbacks to report a
user edit or a finished ("touched") field. Nothing here holds form rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLabel, QSizePolicy, QWidget

from intake_app.forms import Form
from intake_app.ui.context import UiContext
from intake_app.ui.form.attachments_access import AttachmentAccess

if TYPE_CHECKING:
    from intake_app.ui.form.field_row import FieldRow

ERROR_COLOR = QColor("#b00020")
OK_COLOR = QColor("#1b5e20")
#: Width the input column never exceeds, so lines stay readable on wide screens.
INPUT_MAX_WIDTH = 720


@dataclass
class EditorEnv:
    """Shared by all widgets of one ``FormEditor``."""

    form: Form
    ctx: UiContext
    attachments: AttachmentAccess
    edited: Callable[[FieldRow | None], None]
    committed: Callable[[FieldRow | None], None]
    structure_changed: Callable[[], None]
    wheel_guard: WheelGuard

    @property
    def lang(self) -> str:
        return self.ctx.language

    def today(self) -> date:
        """Today in the device's zone (``today()`` in conditions), as the core's checks see it."""
        if self.ctx.unlocked:
            return self.ctx.session.today()
        return date.today()


class WheelGuard(QObject):
    """Stops a scroll of the page from changing a combo box or spin box the pointer passes over."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, (QComboBox, QAbstractSpinBox)):
            if not watched.hasFocus():
                event.ignore()  # handed on to the scroll area
                return True
        return False

    def guard(self, widget: QWidget) -> None:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(self)


def set_tone(widget: QWidget, tone: str) -> None:
    """Colour a label's text: ``hint`` (muted, from the palette), ``error``, ``ok`` or ``normal``.

    Palettes rather than style sheets: style sheets make every child slow to
    polish, which matters with hundreds of fields.
    """
    palette = widget.palette()
    base = QApplication.palette()
    text, window = base.color(QPalette.ColorRole.WindowText), base.color(QPalette.ColorRole.Window)
    if tone == "hint":
        color = QColor(int(text.red() * 0.62 + window.red() * 0.38), int(text.green() * 0.62 + window.green() * 0.38),
                       int(text.blue() * 0.62 + window.blue() * 0.38))
    else:
        color = {"error": ERROR_COLOR, "ok": OK_COLOR}.get(tone, text)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):  # disabled text stays dimmed
        palette.setColor(group, QPalette.ColorRole.WindowText, color)
        palette.setColor(group, QPalette.ColorRole.Text, color)
    widget.setPalette(palette)


def set_bold(widget: QWidget, scale: float = 1.0) -> None:
    font = QFont(widget.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)


def wrapped_label(text: str = "", tone: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if tone:
        set_tone(label, tone)
    return label
