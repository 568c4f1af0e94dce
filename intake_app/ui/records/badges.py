"""Record status as a coloured badge: a list delegate and a label, sharing one palette.

Colour is never the only signal (the badge always carries the translated
status word), and each pair of text and fill keeps a contrast ratio above
7:1, so the badge reads on a dim field laptop screen and for colour-blind users.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyledItemDelegate, QWidget

from intake_app.records.labels import status_label

#: status -> (text, fill, border)
PALETTE: dict[str, tuple[str, str, str]] = {
    "draft": ("#37474F", "#ECEFF1", "#90A4AE"),
    "submitted": ("#0D47A1", "#E3F2FD", "#64B5F6"),
    "queued": ("#7A3E00", "#FFF3E0", "#FFB74D"),
    "sent": ("#004D40", "#E0F2F1", "#4DB6AC"),  # on its way: the registry has it, its acknowledgement has not come
    "conflict": ("#B71C1C", "#FFF8E1", "#FF8F00"),
    "acknowledged": ("#145218", "#E8F5E9", "#81C784"),
    "amended": ("#4A148C", "#F3E5F5", "#BA68C8"),
    "void": ("#8B1010", "#FFEBEE", "#E57373"),
    "purged": ("#3E2723", "#EFEBE9", "#A1887F"),  # acknowledged long ago; only the receipt stub is kept
}
_UNKNOWN = ("#212121", "#F5F5F5", "#BDBDBD")
#: Model role carrying the stored status id of a row (the display role carries the label).
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1


def colours(status: str) -> tuple[QColor, QColor, QColor]:
    text, fill, border = PALETTE.get(status, _UNKNOWN)
    return QColor(text), QColor(fill), QColor(border)


_pixmaps: dict[tuple[str, str, str, float], QPixmap] = {}
PAD_X, PAD_Y = 8, 3


def badge_pixmap(status: str, text: str, base: QFont, ratio: float = 1.0) -> QPixmap:
    """The pill for ``status`` labelled ``text``, drawn once and cached (statuses × languages)."""
    key = (status, text, base.key(), ratio)
    cached = _pixmaps.get(key)
    if cached is not None:
        return cached
    font = QFont(base)
    font.setBold(True)
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance(text) + 2 * PAD_X
    height = metrics.height() + 2 * PAD_Y
    pixmap = QPixmap(int((width + 2) * ratio), int((height + 2) * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    ink, fill, border = colours(status)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(border, 1))
    painter.setBrush(fill)
    rect = QRectF(0.5, 0.5, width, height)
    painter.drawRoundedRect(rect, height / 2, height / 2)
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    if len(_pixmaps) > 64:
        _pixmaps.clear()
    _pixmaps[key] = pixmap
    return pixmap


class StatusBadgeDelegate(QStyledItemDelegate):
    """Shows the status column as its badge only: the model gives the badge (``badge_pixmap``) as
    the cell's decoration and the translated word as its text, which this delegate does not paint
    a second time. Qt draws everything else (selection, focus, right-to-left placement).

    Painting stays in C++ on purpose: with the PySide6 6.12 abi3 wheels on CPython 3.11, every
    call from Python into Qt that returns nothing drops a reference to ``None``; a delegate
    painting in Python made ~70 such calls per repaint and crashed the interpreter after a few
    hundred repaints (``tests/ui/records/test_scale.py`` guards this).
    """

    def displayText(self, value: Any, locale: QLocale | QLocale.Language) -> str:
        return ""


class StatusBadge(QLabel):
    """The same badge as a label, for the record view; ``set_status`` and ``retranslate`` keep it current."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = ""
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.hide()

    def set_status(self, status: str) -> None:
        self.status = status
        if not status:
            self.clear()
            self.hide()
            return
        ink, fill, border = PALETTE.get(status, _UNKNOWN)
        self.setStyleSheet(f"QLabel {{ color: {ink}; background: {fill}; border: 1px solid {border};"
                           " border-radius: 10px; padding: 3px 14px; font-weight: bold; }")
        self.retranslate()
        self.show()

    def retranslate(self) -> None:
        if self.status:
            self.setText(status_label(self.status))
