"""Icons drawn for the app (``intake_app/ui/resources/*.svg``), in the colour of a widget's text.

An icon instead of a symbol character: a symbol (an emoji) shows as an empty
box where no installed font has it. The SVGs are drawn in black and tinted
here, so they read on light and dark palettes alike.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

RESOURCES = Path(__file__).resolve().parent / "resources"
#: Device pixels drawn per icon: a normal screen and a 200 % one.
_SIZES = (16, 32)


def resource_icon(name: str, widget: QWidget) -> QIcon:
    """``resources/<name>.svg`` in the colour of ``widget``'s button text; a null icon if it cannot be read."""
    renderer = QSvgRenderer(str(RESOURCES / f"{name}.svg"))
    icon = QIcon()
    if not renderer.isValid():
        return icon
    colour = widget.palette().color(QPalette.ColorRole.ButtonText)
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), colour)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
